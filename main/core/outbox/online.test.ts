import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { armProbe, classifyProbeAnswer, createConnectivity } from './online';

const origin = 'https://management.azure.com';

describe('classifyProbeAnswer', () => {
  it('any ARM answer means online, even an error', () => {
    for (const s of [200, 400, 401, 404, 500]) expect(classifyProbeAnswer(s, null, 'application/json', origin)).toBe('online');
  });
  it('a proxy asking for credentials is not online', () => expect(classifyProbeAnswer(407, null, null, origin)).toBe('proxy-auth'));
  it('a redirect to another host or an HTML page is a captive portal', () => {
    expect(classifyProbeAnswer(302, 'http://login.hotel.example/', null, origin)).toBe('captive-portal');
    expect(classifyProbeAnswer(302, '/same-origin', null, origin)).toBe('online');
    expect(classifyProbeAnswer(200, null, 'text/html; charset=utf-8', origin)).toBe('captive-portal');
  });
});

describe('armProbe over loopback', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  it('online when the server answers; offline when nothing listens', async () => {
    server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'application/json' }).end('{}'));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await armProbe({ endpoint: url })()).toBe('online');
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    expect(await armProbe({ endpoint: url, timeoutMs: 500 })()).toBe('offline');
  });
});

describe('createConnectivity', () => {
  it('follows OS events and reports changes', async () => {
    const c = createConnectivity(false);
    expect(c.isOnline()).toBe(false);
    expect(c.setOnline(true)).toBe(true);
    expect(c.setOnline(true)).toBe(false);
    expect(await c.check()).toBe('online'); // no probe: keeps the OS view
  });
  it('the probe has the last word', async () => {
    const c = createConnectivity(true, async () => 'captive-portal');
    expect(await c.check()).toBe('captive-portal');
    expect(c.isOnline()).toBe(false);
    expect(c.reason()).toBe('captive-portal');
  });
});
