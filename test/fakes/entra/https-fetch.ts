/**
 * A fetch-shaped client over node:https that trusts one extra CA (the fake's self-signed
 * cert), for tests that run MSAL in-process where NODE_EXTRA_CA_CERTS cannot be set late.
 * Plain http is allowed for loopback redirect URIs.
 */
import http from 'node:http';
import https from 'node:https';
import type { FetchLike } from '../../../main/core/auth/network-client';

export function httpsFetch(ca: string): FetchLike {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      const lib = target.protocol === 'https:' ? https : http;
      const req = lib.request(
        target,
        { method: init.method, headers: init.headers, ...(target.protocol === 'https:' ? { ca } : {}), ...(init.signal ? { signal: init.signal } : {}) },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
              else if (value !== undefined) headers.set(name, value);
            }
            const status = res.statusCode ?? 500;
            const body = status === 204 || status === 304 ? null : Buffer.concat(chunks);
            resolve(new Response(body, { status, headers }));
          });
        },
      );
      req.on('error', reject);
      req.end(init.body);
    });
}
