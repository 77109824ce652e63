import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { systemClock } from '../core/clock';
import { noDecisions } from '../../test/fakes/no-decisions';
import { createAppCore } from '../core/app/create-app-core';
import { startPreview, type RunningPreview } from './server';

let preview: RunningPreview;
let rendererDir: string;
let core: ReturnType<typeof createAppCore>;

beforeEach(async () => {
  rendererDir = await mkdtemp(path.join(tmpdir(), 'preview-'));
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  core = createAppCore({ mode: 'demo', clock: systemClock, session: null, decisions: noDecisions, openExternal: async () => false });
  preview = await startPreview({ core, rendererDir, bridgeScript: 'window.bridgeLoaded = true;' });
});
afterEach(async () => preview.close());

async function cookieFromSecretUrl(): Promise<string> {
  const res = await fetch(preview.url, { redirect: 'manual' });
  expect(res.status).toBe(303);
  const cookie = res.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/^pim_preview=/);
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  return cookie.split(';')[0] ?? '';
}

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${preview.origin.replace('http', 'ws')}/__preview/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The status of a bare WebSocket upgrade request: 101 when accepted, 403 when refused. */
async function upgradeStatus(pathname: string, headers: Record<string, string>): Promise<number> {
  const { request } = await import('node:http');
  return new Promise((resolve, reject) => {
    const req = request(`${preview.origin}${pathname}`, {
      headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-version': '13', ...headers },
    });
    req.on('upgrade', (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

function call(ws: WebSocket, message: unknown): Promise<{ id: number; outcome: { ok: boolean; value?: unknown; error?: string } }> {
  return new Promise((resolve) => {
    ws.on('message', function onMessage(data) {
      const parsed = JSON.parse(String(data)) as { id?: number };
      if (parsed.id === undefined) return;
      ws.off('message', onMessage);
      resolve(parsed as { id: number; outcome: { ok: boolean } });
    });
    ws.send(JSON.stringify(message));
  });
}

describe('preview server', () => {
  it('refuses to bind to a non-loopback address', async () => {
    const core = createAppCore({ mode: 'demo', clock: systemClock, session: null, decisions: noDecisions, openExternal: async () => false });
    await expect(startPreview({ core, rendererDir, bridgeScript: '', host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    await expect(startPreview({ core, rendererDir, bridgeScript: '', host: '192.168.1.10' })).rejects.toThrow(/loopback/);
  });

  it('answers 403 to a request without the secret', async () => {
    expect((await fetch(`${preview.origin}/`)).status).toBe(403);
    expect((await fetch(`${preview.origin}/__preview/bridge.js`)).status).toBe(403);
    expect((await fetch(`${preview.origin}/?secret=wrong`)).status).toBe(403);
    expect((await fetch(`${preview.origin}/`, { headers: { cookie: 'pim_preview=wrong' } })).status).toBe(403);
  });

  it('serves the page with a strict CSP and the bridge injected once the secret is shown', async () => {
    const cookie = await cookieFromSecretUrl();
    const res = await fetch(`${preview.origin}/`, { headers: { cookie } });
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(await res.text()).toContain('<script src="/__preview/bridge.js"></script>');
  });

  it('refuses paths that step outside the renderer folder', async () => {
    const cookie = await cookieFromSecretUrl();
    for (const p of ['/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/a%00b']) {
      expect((await fetch(`${preview.origin}${p}`, { headers: { cookie } })).status).toBe(404);
    }
  });

  it('refuses a WebSocket without the cookie or from another origin', async () => {
    const cookie = await cookieFromSecretUrl();
    await expect(openSocket({ origin: preview.origin })).rejects.toThrow(/403/);
    await expect(openSocket({ cookie, origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('opens the bridge only on its own path and through a loopback Host, even with the cookie and origin', async () => {
    const cookie = await cookieFromSecretUrl();
    const ours = { cookie, origin: preview.origin };
    expect(await upgradeStatus('/__preview/ws', ours)).toBe(101);
    expect(await upgradeStatus('/__preview/other', ours)).toBe(403);
    expect(await upgradeStatus('/__preview/ws', { ...ours, host: 'rebind.evil.example' })).toBe(403);
  });

  it('finds its cookie among others, and a secret holding "=" intact', async () => {
    const withEquals = await startPreview({ core, rendererDir, bridgeScript: '', secret: 'part=one=two' });
    try {
      const page = (cookie: string) => fetch(`${withEquals.origin}/`, { headers: { cookie } });
      expect((await page('theme=dark; pim_preview=part=one=two; lang=en')).status).toBe(200);
      expect((await page('theme=dark; pim_preview=part')).status).toBe(403);
    } finally {
      await withEquals.close();
    }
  });

  it('carries the contract: valid calls answer, invalid payloads and channels are rejected', async () => {
    const cookie = await cookieFromSecretUrl();
    const ws = await openSocket({ cookie, origin: preview.origin });
    const state = await call(ws, { id: 1, channel: 'state:get' });
    expect(state.outcome.ok).toBe(true);
    expect(state.outcome.value).toMatchObject({ mode: 'demo', connection: 'signed-out', queue: [] });

    const bad = await call(ws, { id: 2, channel: 'decision:submit', payload: { itemIds: [], result: 'Maybe', justification: '' } });
    expect(bad.outcome.ok).toBe(false);
    expect(bad.outcome.error).toMatch(/invalid payload for decision:submit/);

    const unknown = await call(ws, { id: 3, channel: 'fs:readFile', payload: '/etc/passwd' });
    expect(unknown.outcome).toEqual({ ok: false, error: 'unknown channel' });
    ws.close();
  });

  it('pushes "show this request" asks to the page', async () => {
    const cookie = await cookieFromSecretUrl();
    const ws = await openSocket({ cookie, origin: preview.origin });
    const pushed = new Promise<unknown>((resolve) => ws.on('message', (data) => resolve(JSON.parse(String(data)))));
    core.focusItem({ itemId: 'stage-1', decision: 'Deny' });
    expect(await pushed).toEqual({ event: 'ui:focusItem', value: { itemId: 'stage-1', decision: 'Deny' } });
    ws.close();
  });

  it('refuses a request whose Host is not loopback (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${preview.url}`, { headers: { host: 'rebind.evil.example' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(421);
  });

  it('test control: refused without the cookie, rejects bad messages, drives the core', async () => {
    const post = (body: unknown, cookie?: string) =>
      fetch(`${preview.origin}/__preview/control`, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
    expect((await post({ action: 'network', online: false })).status).toBe(403);
    const cookie = await cookieFromSecretUrl();
    // A page on another origin holding the cookie (a same-site browser tab) is refused.
    const fromElsewhere = await fetch(`${preview.origin}/__preview/control`, { method: 'POST', headers: { cookie, origin: 'http://evil.example' }, body: JSON.stringify({ action: 'network', online: false }) });
    expect(fromElsewhere.status).toBe(403);
    const fromOurPage = await fetch(`${preview.origin}/__preview/control`, { method: 'POST', headers: { cookie, origin: preview.origin }, body: JSON.stringify({ action: 'network', online: true }) });
    expect(fromOurPage.status).toBe(204);
    expect((await post({ action: 'format-disk' }, cookie)).status).toBe(400);
    expect((await post({ action: 'network', online: 'no' }, cookie)).status).toBe(400);
    const focused: unknown[] = [];
    core.onFocusItem((r) => focused.push(r));
    expect((await post({ action: 'focus', request: { itemId: 'x', decision: null } }, cookie)).status).toBe(204);
    expect(focused).toEqual([{ itemId: 'x', decision: null }]);
  });
});
