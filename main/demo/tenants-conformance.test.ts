// ARM "Tenants - List" (GET /tenants?api-version=2022-12-01) as the simulator serves it, against
// Microsoft's reference (learn.microsoft.com/rest/api/resources/tenants/list, example
// GetAllTenants; not in ../shared/spec, so checked here by hand): a TenantListResult of
// TenantIdDescription, ARM's error envelope for a missing token or api-version.
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../core/clock';
import { startDemoWorld, type DemoWorld } from './simulator';

const TENANTS = '/tenants?api-version=2022-12-01';
let world: DemoWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

async function get(url: string, token?: string) {
  const res = await fetch(url, token === undefined ? {} : { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
}

describe('GET /tenants conformance', () => {
  it('answers a TenantListResult whose entries have exactly the keys and types of the reference example', async () => {
    world = await startDemoWorld({ clock: new VirtualClock() });
    const res = await get(`${world.contoso.url}${TENANTS}`, world.contoso.tokens.me);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(res.json)).toEqual(['value']);
    const value = res.json['value'] as Array<Record<string, unknown>>;
    expect(value).toHaveLength(2);
    for (const entry of value) {
      expect(Object.keys(entry).sort()).toEqual(['countryCode', 'defaultDomain', 'displayName', 'domains', 'id', 'tenantCategory', 'tenantId', 'tenantType']);
      expect(entry['id']).toBe(`/tenants/${String(entry['tenantId'])}`);
      expect(entry['tenantType']).toBe('AAD');
      // Home: reached directly, as a member or a guest (ProjectedBy/ManagedBy are Lighthouse delegations).
      expect(entry['tenantCategory']).toBe('Home');
      expect(entry['domains']).toContain(entry['defaultDomain']);
    }
    expect(value[1]).toEqual({
      id: `/tenants/${world.fabrikam.tenantId}`,
      tenantId: world.fabrikam.tenantId,
      countryCode: 'GB',
      displayName: 'Fabrikam',
      domains: ['fabrikam.onmicrosoft.com', 'fabrikam.com'],
      tenantCategory: 'Home',
      defaultDomain: 'fabrikam.onmicrosoft.com',
      tenantType: 'AAD',
    });
  });

  it('refuses a missing token with 401 InvalidAuthenticationToken and a missing api-version with 400 MissingApiVersionParameter', async () => {
    world = await startDemoWorld({ clock: new VirtualClock() });
    const anonymous = await get(`${world.contoso.url}${TENANTS}`);
    expect([anonymous.status, (anonymous.json['error'] as Record<string, unknown>)['code']]).toEqual([401, 'InvalidAuthenticationToken']);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=/);
    const unversioned = await get(`${world.contoso.url}/tenants`, world.contoso.tokens.me);
    expect([unversioned.status, (unversioned.json['error'] as Record<string, unknown>)['code']]).toEqual([400, 'MissingApiVersionParameter']);
    const wrong = await get(`${world.contoso.url}/tenants?api-version=2016-06-01`, world.contoso.tokens.me);
    expect([wrong.status, (wrong.json['error'] as Record<string, unknown>)['code']]).toEqual([400, 'InvalidApiVersionParameter']);
  });
});
