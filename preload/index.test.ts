import { describe, expect, it, vi } from 'vitest';
import type { AppState, PimApi } from './api';
import { appStateFixture } from '../test/fixtures/app-state';

type Listener = (event: unknown, value: unknown) => void;
const exposed = new Map<string, unknown>();
const listeners = new Map<string, Set<Listener>>();
const invoke = vi.fn<(channel: string, payload: unknown) => Promise<unknown>>();
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, payload: unknown) => invoke(channel, payload),
    on: (channel: string, listener: Listener) => {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
    },
    removeListener: (channel: string, listener: Listener) => listeners.get(channel)?.delete(listener),
  },
}));

await import('./index');
const pim = exposed.get('pim') as PimApi;

const state = appStateFixture();

function push(channel: string, value: unknown) {
  for (const listener of listeners.get(channel) ?? []) listener({}, value);
}

describe('preload', () => {
  it('exposes only window.pim', () => {
    expect([...exposed.keys()]).toEqual(['pim']);
    expect(Object.values(pim).every((member) => typeof member === 'function')).toBe(true);
  });

  it('unwraps a successful outcome', async () => {
    invoke.mockResolvedValueOnce({ ok: true, value: state });
    await expect(pim.getState()).resolves.toEqual(state);
    expect(invoke).toHaveBeenLastCalledWith('state:get', undefined);
  });

  it('sends the decide payload on its channel and throws the error of a failed outcome', async () => {
    invoke.mockResolvedValueOnce({ ok: false, error: 'invalid payload for decision:submit: justification A justification is required' });
    await expect(pim.decide({ itemIds: ['a'], result: 'Deny', justification: '' })).rejects.toThrow('A justification is required');
    expect(invoke).toHaveBeenLastCalledWith('decision:submit', { itemIds: ['a'], result: 'Deny', justification: '' });
  });

  it('passes on valid state events and drops invalid ones', () => {
    const seen: AppState[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const stop = pim.onStateChanged((s) => seen.push(s));
    push('state:changed', state);
    push('state:changed', { ...state, connection: 'hacked' });
    push('state:changed', '<img onerror=alert(1)>');
    expect(seen).toEqual([state]);
    expect(warn).toHaveBeenCalledTimes(2);
    stop();
    push('state:changed', state);
    expect(seen).toHaveLength(1);
    warn.mockRestore();
  });
});
