import { describe, expect, it } from 'vitest';
import { dispatch, invokeChannels, type Handlers } from './api';
import { systemClock } from '../main/core/clock';
import { noDecisions } from '../test/fakes/no-decisions';
import { createAppCore } from '../main/core/app/create-app-core';
import { ipcHandlers } from '../main/bridge/ipc-handlers';

function handlers(): Handlers {
  return ipcHandlers(createAppCore({ mode: 'demo', clock: systemClock, session: null, decisions: noDecisions, openExternal: async () => true }));
}

describe('dispatch', () => {
  it('runs a valid call and validates its result', async () => {
    const out = await dispatch(handlers(), 'state:get', undefined);
    expect(out.ok).toBe(true);
  });

  it('rejects unknown channels, including prototype names', async () => {
    for (const channel of ['nope', '__proto__', 'constructor', 'toString', 42, null]) {
      expect(await dispatch(handlers(), channel, undefined)).toEqual({ ok: false, error: 'unknown channel' });
    }
  });

  it('rejects a payload that fails its schema without calling the handler and without echoing it', async () => {
    let called = false;
    const h = { ...handlers(), 'decision:submit': async () => ((called = true), []) };
    const secret = 'my secret justification';
    const out = await dispatch(h, 'decision:submit', { itemIds: ['a'], result: 'Maybe', justification: secret });
    expect(out.ok).toBe(false);
    expect(called).toBe(false);
    expect(JSON.stringify(out)).not.toContain(secret);
    const extra = await dispatch(h, 'decision:submit', { itemIds: ['a'], result: 'Approve', justification: 'ok', admin: true });
    expect(extra.ok).toBe(false);
  });

  it('rejects a result that breaks the contract', async () => {
    const h = { ...handlers(), 'link:open': async () => ({ opened: 'yes' }) as unknown as { opened: boolean } };
    const out = await dispatch(h, 'link:open', { url: 'https://portal.azure.com/' });
    expect(out.ok).toBe(false);
  });

  it('turns a throwing handler into an error value', async () => {
    const h = { ...handlers(), 'queue:refresh': async () => { throw new Error('boom'); } };
    expect(await dispatch(h, 'queue:refresh', undefined)).toEqual({ ok: false, error: 'boom' });
  });

  it('declares every channel with a payload and a result schema', () => {
    for (const spec of Object.values(invokeChannels)) {
      expect(typeof spec.payload.safeParse).toBe('function');
      expect(typeof spec.result.safeParse).toBe('function');
    }
  });
});
