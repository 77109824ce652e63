/**
 * Test support: a seeded generator of hostile IPC messages for test/security/ipc-fuzz.test.ts.
 * Every value it makes survives structured clone (what Electron's IPC does to a payload), so
 * the fuzz sends only what a compromised renderer could really send: wrong types, huge
 * strings, deep nesting, prototype-pollution keys, odd unicode, NaN/Infinity, arrays for
 * objects, extra and missing keys, and valid payloads mutated by one step.
 */
import { seededRng, type Rng } from '../../main/demo/rng';
import type { InvokeChannel } from '../../preload/api';

/** A string the fuzz plants in justifications: it must never come back in an error or a log line. */
export const MARKER = 'FUZZ-SECRET-7f3a';

export interface FuzzContext {
  rng: Rng;
  /** Ids of items in the queue right now (valid-looking decisions use them). */
  queueIds: () => string[];
}

const ALLOWED_URLS = ['https://portal.azure.com/#blade/x', 'https://learn.microsoft.com/en-us/azure/', 'https://ms.portal.azure.com/'];
const REFUSED_URLS = ['https://portal.azure.com.evil.example/', 'http://portal.azure.com/', 'https://evil.example/?u=https://portal.azure.com', 'https://a:b@portal.azure.com/', 'file:///etc/passwd', 'javascript:alert(1)'];

const STRANGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uD800', // lone surrogate
  '\u202Eevil\u202C', // right-to-left override
  '\u200B\u200D\uFEFF', // zero-width
  '🙂👩‍💻🏳️‍🌈',
  'Ａｐｐｒｏｖｅ', // fullwidth
  'approve',
  'APPROVE',
  'Approve ',
  '__proto__',
  'constructor',
  '../../../../etc/passwd',
  '<img src=x onerror=alert(1)>',
  '${process.exit()}',
  "'; DROP TABLE decisions; --",
  '%00%2e%2e',
  'null',
  'undefined',
  'NaN',
];

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)] as T;
}

function scalar(rng: Rng): unknown {
  const r = rng();
  if (r < 0.35) return pick(rng, [undefined, null, true, false, 0, -0, 1, -1, 15, 3600, 3601, 14.5, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e-308, 10n, -(2n ** 70n)]);
  if (r < 0.7) return pick(rng, STRANGE_STRINGS);
  if (r < 0.8) return 'x'.repeat(Math.floor(rng() * 5000));
  if (r < 0.9) return pick(rng, [new Date(0), new Date(NaN), /re/g, new Map([['a', 1]]), new Set([1]), new Uint8Array([1, 2, 3]), new Error('boom')]);
  return `${MARKER}-${Math.floor(rng() * 1e6)}`;
}

/** Any structured-clone value, up to `depth` levels of arrays and objects. */
export function randomValue(rng: Rng, depth = 3): unknown {
  const r = rng();
  if (depth <= 0 || r < 0.5) return scalar(rng);
  if (r < 0.75) return Array.from({ length: Math.floor(rng() * 4) }, () => randomValue(rng, depth - 1));
  const object: Record<string, unknown> = {};
  for (let i = Math.floor(rng() * 4); i > 0; i--) define(object, pick(rng, ['itemIds', 'result', 'justification', 'url', 'demo', 'theme', 'x', '__proto__', 'constructor', 'prototype', '']), randomValue(rng, depth - 1));
  return object;
}

/** An own property even for `__proto__` (plain assignment would set the prototype instead). */
function define(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

function deep(rng: Rng): unknown {
  const levels = 500 + Math.floor(rng() * 1500);
  let value: unknown = { itemIds: ['x'], result: 'Approve', justification: MARKER };
  for (let i = 0; i < levels; i++) value = rng() < 0.5 ? [value] : { itemIds: value };
  return value;
}

function pollution(rng: Rng): unknown {
  return pick(rng, [
    JSON.parse('{"__proto__":{"polluted":"yes","isAdmin":true}}'),
    JSON.parse('{"constructor":{"prototype":{"polluted":"yes"}}}'),
    JSON.parse(`{"itemIds":["a"],"result":"Approve","justification":"${MARKER}","__proto__":{"polluted":"yes"}}`),
    JSON.parse('{"pollIntervalSeconds":30,"__proto__":{"polluted":"yes"}}'),
    JSON.parse('{"quietHours":{"enabled":true,"start":"19:00","end":"08:00","__proto__":{"polluted":"yes"}}}'),
    JSON.parse('{"account":{"tenant":"t","cloud":"public","clientId":"c","constructor":{"prototype":{"polluted":"yes"}}}}'),
    JSON.parse('{"demo":true,"__proto__":{"demo":false}}'),
    JSON.parse('{"url":"https://portal.azure.com/","__proto__":{"url":"https://evil.example/"}}'),
  ]);
}

/** A payload the contract accepts for `channel`. */
export function validPayload(channel: InvokeChannel, ctx: FuzzContext): unknown {
  const { rng } = ctx;
  switch (channel) {
    case 'decision:submit': {
      const ids = ctx.queueIds();
      return { itemIds: ids.length > 0 && rng() < 0.8 ? [pick(rng, ids)] : [`/providers/Microsoft.Authorization/roleAssignmentApprovals/${Math.floor(rng() * 1e9)}/stages/s`], result: pick(rng, ['Approve', 'Deny']), justification: `${MARKER} ${Math.floor(rng() * 1e6)}` };
    }
    case 'link:open':
      return { url: pick(rng, rng() < 0.5 ? ALLOWED_URLS : REFUSED_URLS) };
    case 'settings:set':
      return pick(rng, [
        { pollIntervalSeconds: pick(rng, [15, 60, 300, 3600]) },
        { notifications: rng() < 0.5 },
        { theme: pick(rng, ['system', 'light', 'dark']) },
        { quietHours: { enabled: true, start: '22:00', end: '07:00' } },
        { defaultJustification: `${MARKER} default` },
        { oneClickDecisions: rng() < 0.5, startAtLogin: false },
      ]);
    case 'decision:cancel':
      return { entryId: pick(rng, [`${pick(rng, ctx.queueIds().concat('x'))}#1`, 'entry-1', `${MARKER}`]) };
    case 'account:signIn':
      return rng() < 0.8 ? { demo: rng() < 0.5 } : { demo: false, accountId: pick(rng, ['someone.else', `${MARKER}.t`]) };
    case 'account:signOut':
      return rng() < 0.5 ? undefined : { accountId: pick(rng, ['someone.else', `${MARKER}.t`]) };
    case 'account:remove':
      return { accountId: pick(rng, ['someone.else', `${MARKER}.t`]) };
    case 'account:add':
      return pick(rng, [{ source: 'demo' }, { source: 'app' }, { source: 'app', tenant: 'contoso.onmicrosoft.com' }, { source: 'azure-cli' }, { source: 'tenant', viaAccountId: 'someone.else', tenantId: 't' }]);
    default:
      return undefined;
  }
}

/** One step away from valid: a key removed, added, retyped, wrapped, or the whole thing swapped. */
function mutated(channel: InvokeChannel, ctx: FuzzContext): unknown {
  const { rng } = ctx;
  const base = validPayload(channel, ctx);
  if (typeof base !== 'object' || base === null) {
    return pick(rng, [null, {}, [], '', 0, false, NaN, { extra: 1 }, [undefined], `${MARKER}`]);
  }
  const copy: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  const keys = Object.keys(copy);
  switch (Math.floor(rng() * 9)) {
    case 0:
      delete copy[pick(rng, keys)];
      return copy;
    case 1:
      define(copy, pick(rng, ['extra', 'admin', '__proto__', 'constructor', 'isTrusted', 'justification2']), randomValue(rng, 2));
      return copy;
    case 2:
      copy[pick(rng, keys)] = randomValue(rng, 2);
      return copy;
    case 3:
      return [copy];
    case 4:
      return JSON.stringify(copy);
    case 5:
      copy[pick(rng, keys)] = [copy[pick(rng, keys)]];
      return copy;
    case 6: // bounds of the schema: too many ids, too long an id or justification
      return pick(rng, [
        { itemIds: Array.from({ length: 1001 }, (_, i) => `id-${i}`), result: 'Approve', justification: 'j' },
        { itemIds: ['x'.repeat(2049)], result: 'Deny', justification: 'j' },
        { itemIds: ['a'], result: 'Approve', justification: `${MARKER}${'y'.repeat(2001)}` },
        { itemIds: ['a'], result: 'Approve', justification: ' \t\n ' },
        { itemIds: [''], result: 'Approve', justification: 'j' },
        { url: `https://portal.azure.com/${'a'.repeat(5000)}` },
        { pollIntervalSeconds: 14 },
        { pollIntervalSeconds: 3601 },
        { pollIntervalSeconds: 60.5 },
        { quietHours: { enabled: true, start: '24:00', end: '07:00' } },
        { account: { tenant: 'x'.repeat(201), cloud: 'public', clientId: '' } },
        { account: { tenant: 't', cloud: 'mars', clientId: '' } },
        { theme: 'hacker' },
        { demo: 'true' },
        { demo: true, accountId: 'x'.repeat(301) },
        { accountId: '' },
        { source: 'app', tenant: 'x'.repeat(201) },
        { source: 'tenant', viaAccountId: 'a' },
        { source: 'cloud-shell' },
      ]);
    case 7:
      return Object.fromEntries(keys.map((k) => [k.toUpperCase(), copy[k]]));
    default:
      return { ...copy, [pick(rng, keys)]: pick(rng, STRANGE_STRINGS) };
  }
}

/** A hostile payload for `channel`, drawn from every family above. */
export function hostilePayload(channel: InvokeChannel, ctx: FuzzContext): unknown {
  const r = ctx.rng();
  if (r < 0.3) return randomValue(ctx.rng);
  if (r < 0.75) return mutated(channel, ctx);
  if (r < 0.87) return pollution(ctx.rng);
  if (r < 0.9) return deep(ctx.rng);
  if (r < 0.92) return `${MARKER}${'z'.repeat(1_000_000)}`; // a megabyte of string
  if (r < 0.94) return Array.from({ length: 50_000 }, (_, i) => i); // a wide array
  return scalar(ctx.rng);
}

export { seededRng };
