/**
 * The preview's notification surface (main/preview/notification-desk.ts) as a Playwright
 * fixture: what is "on screen", and pressing a button as a person would. Also what the app
 * handed to the external opener (the preview prints each URL instead of opening a browser).
 */
import { test as base, type PreviewProcess } from './fixtures';

export interface ShownNotification {
  id: string;
  title: string;
  body: string;
  actions: Array<'approve' | 'deny'>;
}

export interface Desk {
  visible(): Promise<ShownNotification[]>;
  history(): Promise<ShownNotification[]>;
  press(id: string, action: 'approve' | 'deny' | 'open', reply?: string): Promise<boolean>;
}

async function findLine(preview: PreviewProcess, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const match = preview.lines.map((line) => pattern.exec(line)).find((m) => m !== null);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`the preview printed no line like ${pattern}:\n${preview.lines.join('\n')}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function connectDesk(preview: PreviewProcess): Promise<Desk> {
  const [, url, secret] = await findLine(preview, /^Notifications: (\S+) desk-secret: (\S+)/);
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'x-desk-secret': secret ?? '', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 500 || res.status === 403 || res.status === 400) throw new Error(`${method} ${path}: ${res.status}`);
    return { status: res.status, json: (await res.json()) as unknown };
  };
  return {
    visible: async () => (await call('GET', '/visible')).json as ShownNotification[],
    history: async () => (await call('GET', '/history')).json as ShownNotification[],
    press: async (id, action, reply) => (await call('POST', '/press', { id, action, ...(reply === undefined ? {} : { reply }) })).status === 200,
  };
}

/** Every URL the app handed to the external opener so far (shell.openExternal in Electron). */
export function openedExternally(preview: PreviewProcess): string[] {
  return preview.lines.flatMap((line) => /^Opened externally: (\S+)/.exec(line)?.[1] ?? []);
}

export const test = base.extend<{ desk: Desk }>({
  desk: async ({ preview }, use) => {
    await use(await connectDesk(preview));
  },
});

export { expect } from './fixtures';
