/**
 * The preview's notification surface: a browser has no OS notifications, so the preview
 * connects the real notification center to an in-memory notifier, exactly as the app
 * connects it to the OS one, and lets a test in another process read what is "on screen"
 * and press a button, over a loopback HTTP endpoint guarded by a per-run secret. Dev/test
 * only; binds to 127.0.0.1, refuses a wrong secret or a non-loopback Host, never echoes a
 * justification (notifications never carry one).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { AppCore } from '../core/app/app-core';
import { connectNotificationCenter } from '../core/notify/connect-center';
import { createMemoryNotifier } from './memory-notifier';
import { notifyPrefsFromSettings } from '../core/notify/prefs';
import { isLoopbackHostHeader } from '../core/net/loopback';
import { DEFAULT_SETTINGS } from '../core/settings/settings-store';

export interface NotificationDesk {
  url: string;
  secret: string;
  close(): Promise<void>;
}

const Press = z.strictObject({ id: z.string().min(1).max(4096), action: z.enum(['approve', 'deny', 'open']), reply: z.string().max(4000).optional() });

function sameSecret(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > 64 * 1024) break;
  }
  return text;
}

export async function startNotificationDesk(core: AppCore, now: () => number = Date.now): Promise<NotificationDesk> {
  const notifier = createMemoryNotifier();
  let settings = DEFAULT_SETTINGS;
  const offSettings = core.onState(() => void core.settings().then((s) => (settings = s)));
  // Quiet hours in UTC so a test's outcome never depends on the machine's clock.
  const connected = connectNotificationCenter(core, notifier, { prefs: () => notifyPrefsFromSettings(settings, null, 'UTC'), now, showWindow: () => undefined });
  const secret = randomBytes(24).toString('base64url');

  const server = createServer((req, res) => {
    void (async () => {
      const send = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (!isLoopbackHostHeader(req.headers.host) || !sameSecret(req.headers['x-desk-secret'] as string | undefined, secret)) return send(403, { error: 'forbidden' });
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      if (req.method === 'GET' && path === '/visible') return send(200, notifier.visible());
      if (req.method === 'GET' && path === '/history') return send(200, notifier.history());
      if (req.method === 'POST' && path === '/press') {
        settings = await core.settings();
        const parsed = Press.safeParse(JSON.parse((await body(req)) || '{}'));
        if (!parsed.success) return send(400, { error: 'bad press' });
        const pressed = notifier.press(parsed.data.id, parsed.data.action, parsed.data.reply);
        await connected.center.settled();
        return send(pressed ? 200 : 404, { pressed });
      }
      return send(404, { error: 'unknown' });
    })().catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    secret,
    async close() {
      offSettings();
      connected.dispose();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
