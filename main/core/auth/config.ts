/**
 * Sign-in settings → what MSAL needs: authority and ARM scope of the cloud (from the one
 * cloud table, ../net/clouds.ts, per pim-api.md "Clouds"), tenant (default `organizations`)
 * and the client id. There is no default client id on purpose: each organisation registers
 * its own public client app, and we never borrow another product's id. Pure, no I/O.
 */
import { clouds } from '../net/clouds';
import type { Cloud } from '../arm/types';
import type { AuthResult } from './types';

export interface AuthSettings {
  cloud: Cloud;
  /** Tenant id or domain; `organizations` (any work or school account) when empty. */
  tenant?: string | null;
  /** Application (client) id of the organisation's own public client registration. */
  clientId?: string | null;
  /**
   * Replaces the cloud's authority origin, e.g. `https://127.0.0.1:8443` for the test fake.
   * Must be https (MSAL refuses anything else).
   */
  authorityOrigin?: string | null;
}

export interface ResolvedAuthConfig {
  clientId: string;
  /** e.g. https://login.microsoftonline.com/organizations */
  authority: string;
  /** host[:port] MSAL may trust without instance discovery on the internet. */
  knownAuthorities: string[];
  armScope: string;
  cloud: Cloud;
  tenant: string;
}

export const DEFAULT_TENANT = 'organizations';

export const CLIENT_ID_HELP =
  'No client id is set. PIM Approvals signs in with your organisation\'s own app registration: ' +
  'in the Entra admin center open App registrations → New registration (single or multi tenant), ' +
  'then Authentication → Add a platform → "Mobile and desktop applications" with redirect URI http://localhost, ' +
  'set "Allow public client flows" to Yes (for the CLI\'s device code), and under API permissions add ' +
  'Azure Service Management → user_impersonation. Put its Application (client) ID in Settings, ' +
  'or pass --client-id / set PIM_CLIENT_ID for the CLI.';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const TENANT = /^[A-Za-z0-9][A-Za-z0-9.-]{0,253}$/;

export function resolveAuthConfig(settings: AuthSettings): AuthResult<ResolvedAuthConfig> {
  const cloud = Object.hasOwn(clouds, settings.cloud) ? clouds[settings.cloud] : undefined;
  if (!cloud) return { ok: false, error: { kind: 'config', message: `Unknown cloud "${String(settings.cloud)}"; use public, usgov or china.` } };
  const clientId = settings.clientId?.trim() ?? '';
  if (!clientId) return { ok: false, error: { kind: 'config', code: 'missing_client_id', message: CLIENT_ID_HELP } };
  if (!GUID.test(clientId)) {
    return { ok: false, error: { kind: 'config', code: 'invalid_client_id', message: `The client id "${clientId}" is not a GUID; copy the Application (client) ID from the app registration's Overview page.` } };
  }
  const tenant = settings.tenant?.trim() || DEFAULT_TENANT;
  if (!TENANT.test(tenant)) return { ok: false, error: { kind: 'config', code: 'invalid_tenant', message: `The tenant "${tenant}" is not a tenant id or domain name.` } };

  let origin = new URL(cloud.authorityHost).origin;
  if (settings.authorityOrigin) {
    let url: URL;
    try {
      url = new URL(settings.authorityOrigin);
    } catch {
      return { ok: false, error: { kind: 'config', message: `The authority "${settings.authorityOrigin}" is not a URL.` } };
    }
    if (url.protocol !== 'https:') return { ok: false, error: { kind: 'config', message: 'The authority must use https.' } };
    origin = url.origin;
  }
  const host = new URL(origin).host;
  return {
    ok: true,
    value: { clientId, authority: `${origin}/${tenant}`, knownAuthorities: [host], armScope: cloud.armScope, cloud: settings.cloud, tenant },
  };
}
