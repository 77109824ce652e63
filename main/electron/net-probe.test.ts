import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeNetRequest } from '../../test/fakes/electron/net-request';

const net = fakeNetRequest();
vi.mock('electron', () => ({ net: { request: (options: Record<string, unknown>) => net.request(options) } }));
const { electronNetProbe } = await import('./net-probe');

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise<void>((resolve) => s.close(() => resolve()));
  net.calls.length = 0;
});

async function serve(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const answer = (status: number, headers: Record<string, string> = {}, body = ''): RequestListener => (_req, res) => {
  res.writeHead(status, headers);
  res.end(body);
};

describe('the reachability probe through Electron net', () => {
  it('goes through electron.net.request to the ARM origin root, redirects held back', async () => {
    const origin = await serve(answer(404, { 'content-type': 'application/json' }, '{"error":{}}'));
    expect(await electronNetProbe({ endpoint: `${origin}/subscriptions?x=1` })()).toBe('online');
    expect(net.calls).toEqual([{ method: 'GET', url: `${origin}/`, redirect: 'manual' }]);
  });

  it('a redirect to another origin is a captive portal; to the same origin, reachable', async () => {
    const portal = await serve(answer(302, { location: 'http://192.0.2.1/login' }));
    expect(await electronNetProbe({ endpoint: portal })()).toBe('captive-portal');
    const same = await serve(answer(301, { location: '/home' }));
    expect(await electronNetProbe({ endpoint: same })()).toBe('online');
  });

  it('a proxy asking for credentials is "proxy-auth"; an HTML page at the API root is a portal', async () => {
    const proxy = await serve(answer(407, { 'proxy-authenticate': 'Basic realm="corp"' }));
    expect(await electronNetProbe({ endpoint: proxy })()).toBe('proxy-auth');
    const html = await serve(answer(200, { 'content-type': 'text/html; charset=utf-8' }, '<html>Sign in to Wi-Fi</html>'));
    expect(await electronNetProbe({ endpoint: html })()).toBe('captive-portal');
  });

  it('no route, a stalled answer past the timeout, or our own abort: offline', async () => {
    const gone = await serve(answer(200));
    const port = new URL(gone).port;
    await new Promise<void>((resolve) => servers.pop()?.close(() => resolve()));
    expect(await electronNetProbe({ endpoint: `http://127.0.0.1:${port}` })()).toBe('offline');

    const stalled = await serve(() => undefined); // never answers
    expect(await electronNetProbe({ endpoint: stalled, timeoutMs: 200 })()).toBe('offline');

    const controller = new AbortController();
    const pending = electronNetProbe({ endpoint: stalled, timeoutMs: 60_000 })(controller.signal);
    controller.abort();
    expect(await pending).toBe('offline');
    // A stalled server would keep its sockets: close them so afterEach can close it.
    for (const s of servers) s.closeAllConnections();
  });
});
