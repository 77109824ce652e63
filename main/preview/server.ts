/**
 * The browser preview: a loopback-only HTTP server that serves the built renderer and
 * carries the `window.pim` contract over a WebSocket to a real AppCore, so Playwright can
 * drive the real renderer and the real core in Chromium where Electron cannot run.
 * It is a dev/test tool: it refuses non-loopback binding and every request that does not
 * present the per-run secret (as `?secret=` once, then as an HttpOnly cookie).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import { dispatch, eventChannels } from '../../preload/api';
import type { AppCore } from '../core/app/app-core';
import { ipcHandlers } from '../bridge/ipc-handlers';
import { isLoopbackHost, isLoopbackHostHeader } from '../core/net/loopback';
import { MAX_BRIDGE_MESSAGE_BYTES } from './bridge-limits';
import { hasSessionCookie, mayControl, mayOpenBridge, PREVIEW_COOKIE, sameSecret } from './guard';
import { readStatic } from './static-files';

export interface PreviewOptions {
  core: AppCore;
  rendererDir: string;
  /** The bridge script the page loads before the app (see bridge-client.ts). */
  bridgeScript: string;
  host?: string;
  port?: number;
  secret?: string;
  /** Opens or closes the way to the simulated tenant (--unreachable); absent: the control says no. */
  reach?: (reachable: boolean) => Promise<void>;
}

export interface RunningPreview {
  /** Open this once; it carries the secret and sets the session cookie. */
  url: string;
  origin: string;
  secret: string;
  close(): Promise<void>;
}

const ControlMessage = z.discriminatedUnion('action', [
  // What Electron's OS network events do (main/electron/os-events.ts), for tests of offline use.
  z.strictObject({ action: z.literal('network'), online: z.boolean() }),
  // What a notification or tray click does (the window shows one request).
  z.strictObject({ action: z.literal('focus'), request: eventChannels['ui:focusItem'] }),
  // Azure itself going and coming back (the network gates of --unreachable), the OS not told.
  z.strictObject({ action: z.literal('reach'), reachable: z.boolean() }),
]);

/**
 * Test control of the preview: drives the core the way the OS surfaces Electron adds would,
 * since a browser has neither tray, notifications nor network events. Same secret as the page.
 */
async function applyControl(core: AppCore, body: string, reach: PreviewOptions['reach']): Promise<{ ok: true } | { ok: false; error: string }> {
  let parsed: z.infer<typeof ControlMessage>;
  try {
    parsed = ControlMessage.parse(JSON.parse(body));
  } catch {
    return { ok: false, error: 'bad control message' };
  }
  if (parsed.action === 'network') core.setPaused(parsed.online ? null : 'offline');
  else if (parsed.action === 'reach') {
    if (!reach) return { ok: false, error: 'this preview has no network gate (start it with --unreachable)' };
    await reach(parsed.reachable);
  } else core.focusItem(parsed.request);
  return { ok: true };
}

async function readSmallBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 64 * 1024) break;
  }
  return body;
}

export function contentSecurityPolicy(origin: string): string {
  const ws = origin.replace(/^http/, 'ws');
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${ws}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host)) {
    throw new Error(`The preview only binds to loopback addresses; refusing "${host}".`);
  }
  const secret = options.secret ?? randomBytes(24).toString('base64url');
  let origin = '';
  const handlers = ipcHandlers(options.core);

  function deny(res: ServerResponse): void {
    res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Forbidden: open the URL the preview printed.');
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const headers = {
        'content-security-policy': contentSecurityPolicy(origin),
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'cache-control': 'no-store',
      };
      // DNS rebinding: a page on another name that resolves to 127.0.0.1 is refused.
      if (!isLoopbackHostHeader(req.headers.host)) {
        res.writeHead(421, headers).end();
        return;
      }
      if (url.pathname === '/__preview/control' && req.method === 'POST') {
        if (!mayControl(req, secret, origin)) return deny(res);
        const outcome = await applyControl(options.core, await readSmallBody(req), options.reach);
        res.writeHead(outcome.ok ? 204 : 400, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(outcome.ok ? undefined : outcome.error);
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, headers).end();
        return;
      }
      if (sameSecret(url.searchParams.get('secret'), secret)) {
        res.writeHead(303, { ...headers, location: '/', 'set-cookie': `${PREVIEW_COOKIE}=${secret}; HttpOnly; SameSite=Strict; Path=/` }).end();
        return;
      }
      if (!hasSessionCookie(req, secret)) return deny(res);
      if (url.pathname === '/__preview/bridge.js') {
        res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(options.bridgeScript);
        return;
      }
      const file = await readStatic(options.rendererDir, url.pathname);
      if (!file) {
        res.writeHead(404, headers).end();
        return;
      }
      let body = file.body;
      if (file.type.startsWith('text/html')) {
        // The bridge must define window.pim before the app's module script runs.
        body = Buffer.from(body.toString('utf8').replace('<head>', '<head>\n    <script src="/__preview/bridge.js"></script>'));
      }
      res.writeHead(200, { ...headers, 'content-type': file.type }).end(req.method === 'HEAD' ? undefined : body);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_BRIDGE_MESSAGE_BYTES });
  const sockets = new Set<WebSocket>();
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', origin);
    if (!mayOpenBridge(req, url.pathname, secret, origin)) {
      // Node hands over the bare socket with no 'error' listener: a client that resets it
      // while we answer would otherwise throw ECONNRESET and kill the preview.
      socket.on('error', () => socket.destroy());
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      const offState = options.core.onState((state) => ws.send(JSON.stringify({ event: 'state:changed', value: state })));
      const offFocus = options.core.onFocusItem((request) => ws.send(JSON.stringify({ event: 'ui:focusItem', value: request })));
      // A frame `ws` cannot accept (over maxPayload, invalid UTF-8, bad opcode) makes it close
      // this socket with the matching code (1009, 1007, 1002) and then emit 'error': with no
      // listener that error would be thrown and kill the whole preview for every client.
      ws.on('error', () => {});
      ws.on('close', () => {
        offState();
        offFocus();
        sockets.delete(ws);
      });
      ws.on('message', (data) => {
        void (async () => {
          let message: { id?: unknown; channel?: unknown; payload?: unknown };
          try {
            message = JSON.parse(String(data)) as typeof message;
          } catch {
            return; // Not ours to answer: a well-behaved bridge never sends this.
          }
          if (typeof message !== 'object' || message === null || typeof message.id !== 'number') return;
          const outcome = await dispatch(handlers, message.channel, message.payload);
          ws.send(JSON.stringify({ id: message.id, outcome }));
        })();
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  origin = `http://${shownHost}:${address.port}`;

  return {
    url: `${origin}/?secret=${secret}`,
    origin,
    secret,
    async close() {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
