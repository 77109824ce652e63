/**
 * The ARM endpoint and token scope of each Azure cloud, and the rule for custom endpoints
 * (https anywhere; plain http only on loopback, for the simulator). Pure data and checks;
 * never does I/O.
 */
import type { Cloud } from './types';
import { isLoopbackHost } from '../net/loopback';

export interface CloudEndpoints {
  /** ARM origin, no trailing slash. */
  armEndpoint: string;
  /** Token scope for ARM in this cloud. */
  armScope: string;
  authorityHost: string;
}

export const clouds: Readonly<Record<Cloud, CloudEndpoints>> = {
  public: {
    armEndpoint: 'https://management.azure.com',
    armScope: 'https://management.azure.com/.default',
    authorityHost: 'https://login.microsoftonline.com',
  },
  usgov: {
    armEndpoint: 'https://management.usgovcloudapi.net',
    armScope: 'https://management.core.usgovcloudapi.net//.default',
    authorityHost: 'https://login.microsoftonline.us',
  },
  china: {
    armEndpoint: 'https://management.chinacloudapi.cn',
    armScope: 'https://management.core.chinacloudapi.cn//.default',
    authorityHost: 'https://login.chinacloudapi.cn',
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
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return { ok: false, error: `ARM endpoint "${input}" is not a URL.` };
  }
  if (url.username || url.password) return { ok: false, error: 'ARM endpoint must not contain credentials.' };
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return { ok: false, error: `ARM endpoint must be an origin only (like https://management.azure.com), not "${input}".` };
  }
  if (url.protocol === 'https:') return { ok: true, origin: url.origin };
  if (url.protocol === 'http:') {
    if (isLoopbackHost(url.hostname)) return { ok: true, origin: url.origin };
    return { ok: false, error: `Plain http is allowed only on loopback (127.0.0.1, ::1, localhost); use https for ${url.host}.` };
  }
  return { ok: false, error: `ARM endpoint must use https (got ${url.protocol.replace(':', '')}).` };
}

export { isLoopbackHost };
