/**
 * The ARM and Microsoft Graph endpoints and token scopes of each Azure cloud, and the rule
 * for custom endpoints (https anywhere; plain http only on loopback, for the simulator).
 * Pure data and checks; never does I/O.
 */
import type { Cloud } from './types';
import { isLoopbackHost } from './loopback';

export interface CloudEndpoints {
  /** ARM origin, no trailing slash. */
  armEndpoint: string;
  /** Token scope for ARM in this cloud. */
  armScope: string;
  authorityHost: string;
  /** Microsoft Graph origin, no trailing slash (Entra ID roles and PIM for Groups). */
  graphEndpoint: string;
}

export const clouds: Readonly<Record<Cloud, CloudEndpoints>> = {
  public: {
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    authorityHost: 'https://login.microsoftonline.com',
    graphEndpoint: 'https://graph.microsoft.com',
  },
  usgov: {
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.core.usgovcloudapi.net//.default',
    authorityHost: 'https://login.microsoftonline.us',
    graphEndpoint: 'https://graph.microsoft.us',
  },
  china: {
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.core.chinacloudapi.cn//.default',
    authorityHost: 'https://login.chinacloudapi.cn',
    graphEndpoint: 'https://microsoftgraph.chinacloudapi.cn',
  },
};

export function isCloud(value: string): value is Cloud {
  return Object.hasOwn(clouds, value);
}

/**
 * Checks a custom ARM endpoint and returns its origin. https is accepted anywhere; http
 * only on loopback (127.0.0.0/8, ::1, localhost) because the bearer token must never
 * cross a network in the clear.
 */
export function checkArmEndpoint(input: string): { ok: true; origin: string } | { ok: false; error: string } {
  return checkEndpoint(input, 'ARM endpoint', 'https://management.azure.com');
}

/** The same rule for a custom Microsoft Graph endpoint (the simulator's Graph listener). */
export function checkGraphEndpoint(input: string): { ok: true; origin: string } | { ok: false; error: string } {
  return checkEndpoint(input, 'Graph endpoint', 'https://graph.microsoft.com');
}

/** A delegated Graph permission as a token scope of this Graph origin: "{graph}/{permission}". */
export function graphScope(graphEndpoint: string, permission: string): string {
  return `${graphEndpoint.replace(/\/+$/, '')}/${permission}`;
}

function checkEndpoint(input: string, what: string, example: string): { ok: true; origin: string } | { ok: false; error: string } {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, error: `${what} "${input}" is not a URL.` };
  }
  if (url.username || url.password) return { ok: false, error: `${what} must not contain credentials.` };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, error: `${what} must be an origin only (like ${example}), not "${input}".` };
  }
  if (url.protocol === 'https:') return { ok: true, origin: url.origin };
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return { ok: true, origin: url.origin };
    return { ok: false, error: `Plain http is allowed only on loopback (127.0.0.1, ::1, localhost); use https for ${url.host}.` };
  }
  return { ok: false, error: `${what} must use https (got ${url.protocol.replace(':', '')}).` };
}

export { isLoopbackHost };
