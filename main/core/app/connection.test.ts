import { describe, expect, it } from 'vitest';
import { connectionOf } from './connection';
import { reachabilityWatch } from './reachability';

describe('connectionOf', () => {
  const polledOk = { connection: 'online' as const, problem: null };

  it('says Offline when the OS does, whatever the last poll said', () => {
    expect(connectionOf({ osOffline: true, reach: 'online', poll: polledOk })).toEqual({ connection: 'offline', problem: 'The network is off: decisions wait and are sent when you are back.' });
  });

  it('says Offline when the probe cannot reach Azure, naming a proxy or a captive portal', () => {
    expect(connectionOf({ osOffline: false, reach: 'offline', poll: polledOk }).connection).toBe('offline');
    expect(connectionOf({ osOffline: false, reach: 'proxy-auth', poll: polledOk }).problem).toMatch(/proxy asks for credentials/);
    expect(connectionOf({ osOffline: false, reach: 'captive-portal', poll: polledOk }).problem).toMatch(/sign-in page/);
  });

  it('otherwise the last poll stands; before one, starting', () => {
    expect(connectionOf({ osOffline: false, reach: 'online', poll: null })).toEqual({ connection: 'starting', problem: null });
    expect(connectionOf({ osOffline: false, reach: 'online', poll: polledOk })).toEqual({ connection: 'online', problem: null });
    expect(connectionOf({ osOffline: false, reach: 'online', poll: { connection: 'error', problem: 'Could not check' } })).toEqual({ connection: 'error', problem: 'Could not check' });
    expect(connectionOf({ osOffline: false, reach: 'online', poll: { problem: 'slow down' } })).toEqual({ connection: 'online', problem: 'slow down' });
  });
});

describe('reachabilityWatch', () => {
  it('remembers the probe answer and tells listeners when it changes', async () => {
    let answer: 'online' | 'offline' = 'offline';
    const watch = reachabilityWatch(async () => answer);
    const heard: string[] = [];
    watch.onChange((r) => heard.push(r));
    expect(await watch.probe()).toBe('offline');
    expect(watch.last()).toBe('offline');
    await watch.probe(); // unchanged: not told again
    answer = 'online';
    watch.reached();
    expect(heard).toEqual(['offline', 'online']);
  });

  it('ignores an answer cut short by our own abort', async () => {
    const watch = reachabilityWatch(async () => 'offline');
    const stop = new AbortController();
    stop.abort();
    await watch.probe(stop.signal);
    expect(watch.last()).toBe('online');
  });
});
