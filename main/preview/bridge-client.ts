/**
 * Runs in the preview page before the app: puts the same `window.pim` the Electron preload
 * exposes, carried over a WebSocket to the preview server. Calls made before the socket
 * opens wait for it. The server authenticates the socket by the page's cookie.
 */
import { createPimApi, eventChannels, type EventChannel, type InvokeChannel } from '../../preload/api';

type Reply = { id: number; outcome: { ok: true; value: unknown } | { ok: false; error: string } };
type Push = { event: EventChannel; value: unknown };

const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/__preview/ws`);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('close', () => reject(new Error('The preview server closed the connection.')), { once: true });
});
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
const listeners = new Map<EventChannel, Set<(v: unknown) => void>>();
let nextId = 1;

socket.addEventListener('message', (event) => {
  const message = JSON.parse(String(event.data)) as Reply | Push;
  if ('event' in message) {
    const parsed = eventChannels[message.event]?.safeParse(message.value);
    if (!parsed?.success) return;
    for (const listener of listeners.get(message.event) ?? []) listener(parsed.data);
    return;
  }
  const waiter = pending.get(message.id);
  if (!waiter) return;
  pending.delete(message.id);
  if (message.outcome.ok) waiter.resolve(message.outcome.value);
  else waiter.reject(new Error(message.outcome.error));
});
socket.addEventListener('close', () => {
  for (const waiter of pending.values()) waiter.reject(new Error('The preview server closed the connection.'));
  pending.clear();
});

async function invoke(channel: InvokeChannel, payload: unknown): Promise<unknown> {
  await opened;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ id, channel, payload }));
  });
}

function subscribe(channel: EventChannel, listener: (v: unknown) => void): () => void {
  const set = listeners.get(channel) ?? new Set();
  set.add(listener);
  listeners.set(channel, set);
  return () => set.delete(listener);
}

// The casts narrow our untyped transport to the contract's typed signatures; the server
// validates every payload and result against the same schemas, so types hold end to end.
Object.defineProperty(window, 'pim', {
  value: Object.freeze(createPimApi(invoke as Parameters<typeof createPimApi>[0], subscribe as Parameters<typeof createPimApi>[1])),
  writable: false,
  configurable: false,
});
