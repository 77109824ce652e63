import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type AppState } from '../core/model/state';
import { invokeChannels, type CallOutcome, type Handlers } from '../../preload/api';
import { appStateFixture } from '../../test/fixtures/app-state';

type InvokeListener = (event: unknown, payload: unknown) => Promise<CallOutcome<unknown>>;
const registered = new Map<string, InvokeListener>();
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, listener: InvokeListener) => registered.set(channel, listener),
    removeHandler: (channel: string) => registered.delete(channel),
  },
}));

const { forwardStateChanges, registerIpcHandlers } = await import('./ipc');

interface FakeFrame {
  url: string;
  origin: string;
  parent: FakeFrame | null;
  frameTreeNodeId: number;
  processId: number;
  routingId: number;
  detached: boolean;
}

const mainFrame: FakeFrame = { url: 'app://renderer/index.html', origin: 'app://renderer', parent: null, frameTreeNodeId: 1, processId: 4, routingId: 1, detached: false };
const sent: Array<[string, unknown]> = [];
const webContents = { mainFrame, isDestroyed: () => false, send: (channel: string, value: unknown) => sent.push([channel, value]) };
const window = { webContents, isDestroyed: () => false };

const state = appStateFixture();

const calls: string[] = [];
/** The handlers a test uses; every other channel answers "not used" so the fixture follows the contract. */
function handlersWith(used: Partial<Handlers>): Handlers {
  const unused = Object.fromEntries(Object.keys(invokeChannels).map((channel) => [channel, async () => { throw new Error(`${channel} is not used in this test`); }]));
  // Object.fromEntries loses the key types; every channel is present, so the cast is sound.
  return { ...(unused as unknown as Handlers), ...used };
}
const handlers: Handlers = handlersWith({
  'state:get': async () => { calls.push('state:get'); return state; },
  'queue:refresh': async () => { calls.push('queue:refresh'); return state; },
  'decision:submit': async ({ itemIds, result }) => { calls.push('decision:submit'); return itemIds.map((itemId) => ({ itemId, outcome: 'done' as const, message: result })); },
  'link:open': async () => { calls.push('link:open'); return { opened: true }; },
});

// Compile-time: the mapped `Handlers` type fails when a channel has no handler.
// @ts-expect-error — every channel but 'state:get' is missing
const _incomplete: Handlers = { 'state:get': handlers['state:get'] };
// @ts-expect-error — a handler must return the channel's result type
const _mistyped: Handlers = { ...handlers, 'link:open': async () => ({ opened: 'yes' }) };

const fromOurWindow = { sender: webContents, senderFrame: mainFrame };

function invoke(channel: string, event: unknown, payload: unknown) {
  const listener = registered.get(channel);
  if (!listener) throw new Error(`no handler for ${channel}`);
  return listener(event, payload);
}

describe('registerIpcHandlers', () => {
  beforeEach(() => {
    registered.clear();
    calls.length = 0;
    registerIpcHandlers(handlers, () => window as never);
  });

  it('registers exactly the contract channels, and removes them again', () => {
    expect([...registered.keys()].sort()).toEqual(Object.keys(invokeChannels).sort());
    const dispose = registerIpcHandlers(handlers, () => window as never);
    dispose();
    expect(registered.size).toBe(0);
  });

  it('answers a valid call from our main frame', async () => {
    await expect(invoke('state:get', fromOurWindow, undefined)).resolves.toEqual({ ok: true, value: state });
    await expect(invoke('decision:submit', fromOurWindow, { itemIds: ['a'], result: 'Approve', justification: 'INC-42' })).resolves.toEqual({
      ok: true,
      value: [{ itemId: 'a', outcome: 'done', message: 'Approve' }],
    });
  });

  it.each([
    ['no justification', 'decision:submit', { itemIds: ['a'], result: 'Approve', justification: '   ' }],
    ['unknown result', 'decision:submit', { itemIds: ['a'], result: 'Maybe', justification: 'x' }],
    ['extra key', 'decision:submit', { itemIds: ['a'], result: 'Deny', justification: 'x', admin: true }],
    ['no item ids', 'decision:submit', { itemIds: [], result: 'Deny', justification: 'x' }],
    ['payload where none is expected', 'state:get', { sneaky: 1 }],
    ['not a URL', 'link:open', { url: 'not a url' }],
  ])('rejects a payload that fails its schema (%s) without calling the handler', async (_name, channel, payload) => {
    const outcome = await invoke(channel, fromOurWindow, payload);
    expect(outcome.ok).toBe(false);
    expect(calls).toEqual([]);
  });

  it('never echoes a rejected payload (it may hold a justification)', async () => {
    const outcome = await invoke('decision:submit', fromOurWindow, { itemIds: [], result: 'Deny', justification: 'my secret reason' });
    expect(JSON.stringify(outcome)).not.toContain('my secret reason');
  });

  it.each([
    ['another origin', { sender: webContents, senderFrame: { ...mainFrame, url: 'https://evil.example/', origin: 'https://evil.example' } }],
    ['a file: page', { sender: webContents, senderFrame: { ...mainFrame, url: 'file:///tmp/x.html', origin: 'file://' } }],
    ['a look-alike app host', { sender: webContents, senderFrame: { ...mainFrame, url: 'app://renderer.evil/index.html', origin: 'app://renderer.evil' } }],
    ['a subframe on our origin', { sender: webContents, senderFrame: { ...mainFrame, parent: mainFrame, frameTreeNodeId: 2, routingId: 2 } }],
    ['another frame claiming to be top', { sender: webContents, senderFrame: { ...mainFrame, frameTreeNodeId: 9 } }],
    ['other web contents', { sender: { ...webContents }, senderFrame: mainFrame }],
    ['a destroyed frame', { sender: webContents, senderFrame: null }],
    ['a detached frame', { sender: webContents, senderFrame: { ...mainFrame, detached: true } }],
  ])('rejects a message from %s', async (_name, event) => {
    const outcome = await invoke('queue:refresh', event, undefined);
    expect(outcome).toMatchObject({ ok: false, error: expect.stringMatching(/^refused: /) });
    expect(calls).toEqual([]);
  });

  it('rejects everything when the window is gone', async () => {
    registered.clear();
    registerIpcHandlers(handlers, () => null);
    await expect(invoke('state:get', fromOurWindow, undefined)).resolves.toMatchObject({ ok: false });
  });

  it('turns a handler failure into an error value', async () => {
    registered.clear();
    registerIpcHandlers({ ...handlers, 'queue:refresh': async () => { throw new Error('ARM unreachable'); } }, () => window as never);
    await expect(invoke('queue:refresh', fromOurWindow, undefined)).resolves.toEqual({ ok: false, error: 'ARM unreachable' });
  });
});

describe('forwardStateChanges', () => {
  it('pushes each state to the window on state:changed, and stops on unsubscribe', () => {
    sent.length = 0;
    let emit: (s: AppState) => void = () => {};
    const unsubscribe = vi.fn();
    const stop = forwardStateChanges((listener) => { emit = listener; return unsubscribe; }, () => window as never);
    emit(state);
    expect(sent).toEqual([['state:changed', state]]);
    stop();
    expect(unsubscribe).toHaveBeenCalled();
  });

  it('drops states while there is no window', () => {
    sent.length = 0;
    let emit: (s: AppState) => void = () => {};
    forwardStateChanges((listener) => { emit = listener; return () => {}; }, () => null);
    emit(state);
    expect(sent).toEqual([]);
  });
});
