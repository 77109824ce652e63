import { expect, test } from 'vitest';
import { CLIENT_ID_HELP, resolveAuthConfig } from './config';

const clientId = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';

test.each([
  ['public', 'https://login.microsoftonline.com/organizations', 'https://management.azure.com/.default'],
  ['usgov', 'https://login.microsoftonline.us/organizations', 'https://management.core.usgovcloudapi.net//.default'],
  ['china', 'https://login.chinacloudapi.cn/organizations', 'https://management.core.chinacloudapi.cn//.default'],
] as const)('%s cloud: authority and ARM scope', (cloud, authority, armScope) => {
  expect(resolveAuthConfig({ cloud, clientId })).toEqual({
    ok: true,
    value: { clientId, authority, knownAuthorities: [new URL(authority).host], armScope, cloud, tenant: 'organizations' },
  });
});

test('no client id is a config error that explains the app registration', () => {
  for (const missing of [undefined, null, '', '   ']) {
    expect(resolveAuthConfig({ cloud: 'public', clientId: missing })).toEqual({ ok: false, error: { kind: 'config', code: 'missing_client_id', message: CLIENT_ID_HELP } });
  }
  expect(CLIENT_ID_HELP).toMatch(/App registrations.*http:\/\/localhost.*public client flows.*Azure Service Management/);
});

test('tenant, client id and authority override are validated', () => {
  expect(resolveAuthConfig({ cloud: 'public', clientId, tenant: 'contoso.onmicrosoft.com' })).toMatchObject({ ok: true, value: { authority: 'https://login.microsoftonline.com/contoso.onmicrosoft.com' } });
  expect(resolveAuthConfig({ cloud: 'public', clientId: 'my-app' })).toMatchObject({ ok: false, error: { code: 'invalid_client_id' } });
  expect(resolveAuthConfig({ cloud: 'public', clientId, tenant: '../evil' })).toMatchObject({ ok: false, error: { code: 'invalid_tenant' } });
  expect(resolveAuthConfig({ cloud: 'public', clientId, authorityOrigin: 'http://127.0.0.1:1234' })).toMatchObject({ ok: false });
  expect(resolveAuthConfig({ cloud: 'public', clientId, authorityOrigin: 'https://127.0.0.1:1234/x' })).toMatchObject({
    ok: true,
    value: { authority: 'https://127.0.0.1:1234/organizations', knownAuthorities: ['127.0.0.1:1234'] },
  });
  expect(resolveAuthConfig({ cloud: 'moon' as 'public', clientId })).toMatchObject({ ok: false, error: { kind: 'config' } });
});
