/**
 * IPC fuzzing through the real registration path: main/electron/ipc.ts registers every
 * channel on a mocked ipcMain (only `electron` is mocked), and the handlers are the real
 * AppCore on the PIM simulator with a real settings file, real direct decisions and the real
 * external-link allowlist. A seeded generator sends ≥ 10,000 hostile messages — wrong
 * types, huge strings, deep nesting, prototype-pollution keys, unicode, NaN/Infinity,
 * arrays for objects, extra and missing keys, and valid payloads from the wrong sender —
 * each structured-cloned as Electron's IPC would. Every one must come back as an error
 * value (never a throw or a rejected promise), leave the app state, settings (in memory and
 * on disk), decisions sent to ARM, links opened and Object.prototype unchanged, and never
 * echo a planted justification in its error or in a log line. Only messages the contract
 * accepts from our own window may change anything.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { invokeChannels, type CallOutcome, type InvokeChannel } from '../../preload/api';
import { hostilePayload, MARKER, pick, seededRng, validPayload, type FuzzContext } from './fuzz-payloads';
import { ipcHandlers } from '../../main/bridge/ipc-handlers';

process.env.PIM_LOG_CONSOLE = '0';
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const MESSAGES = Number(process.env.FUZZ_MESSAGES ?? 10_000);

type Listener = (event: unknown, payload: unknown) => Promise<CallOutcome<unknown>>;
const registered = new Map<string, Listener>();
const openedExternally: string[] = [];
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, listener: Listener) => registered.set(channel, listener),
    removeHandler: (channel: string) => registered.delete(channel),
  },
  shell: { openExternal: async (url: string) => void openedExternally.push(url) },
}));

const { registerIpcHandlers } = await import('../../main/electron/ipc');
const { mainLog } = await import('../../main/electron/log');
const { allowedExternalUrl, openAllowedExternal } = await import('../../main/electron/external-links');
const { createAppCore } = await import('../../main/core/app/create-app-core');
const { createDirectDecisions } = await import('../../main/core/app/direct-decisions');
const { createSettingsStore } = await import('../../main/core/settings/settings-store');
const { systemClock } = await import('../../main/core/clock');
const { demoSession } = await import('../../main/demo/demo-session');
const { startSimulator } = await import('../../main/demo/simulator');

// The window as Electron would describe it, and everyone who is not it.
const mainFrame = { url: 'app://renderer/index.html', origin: 'app://renderer', parent: null, frameTreeNodeId: 1, processId: 4, routingId: 1, detached: false };
const webContents = { mainFrame, isDestroyed: () => false, send: () => undefined };
const window = { webContents, isDestroyed: () => false };
const ours = { sender: webContents, senderFrame: mainFrame };
const strangers: Array<[string, unknown]> = [
  ['another origin', { sender: webContents, senderFrame: { ...mainFrame, url: 'https://evil.example/', origin: 'https://evil.example' } }],
  ['file: page', { sender: webContents, senderFrame: { ...mainFrame, url: 'file:///tmp/x.html', origin: 'file://' } }],
  ['look-alike app host', { sender: webContents, senderFrame: { ...mainFrame, url: 'app://renderer.evil/index.html', origin: 'app://renderer.evil' } }],
  ['origin says ours, url does not', { sender: webContents, senderFrame: { ...mainFrame, url: 'https://evil.example/' } }],
  ['subframe on our origin', { sender: webContents, senderFrame: { ...mainFrame, parent: mainFrame, frameTreeNodeId: 2, routingId: 2 } }],
  ['frame from another process', { sender: webContents, senderFrame: { ...mainFrame, processId: 99 } }],
  ['other web contents', { sender: { ...webContents }, senderFrame: mainFrame }],
  ['destroyed frame', { sender: webContents, senderFrame: null }],
  ['detached frame', { sender: webContents, senderFrame: { ...mainFrame, detached: true } }],
  ['no frame at all', { sender: webContents }],
  ['an empty event', {}],
  ['a null event', null],
];

const channels = Object.keys(invokeChannels) as InvokeChannel[];
let dataDir: string;
let settingsFile: string;
let sim: Awaited<ReturnType<typeof startSimulator>>;
let core: ReturnType<typeof createAppCore>;
const loggedLines: string[] = [];
const escaped: unknown[] = [];
const onEscape = (error: unknown) => void escaped.push(error);

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'pim-ipc-fuzz-'));
  settingsFile = path.join(dataDir, 'settings.json');
  const clock = systemClock;
  sim = await startSimulator({ scenario: 'quiet', clock, seed: 7 });
  core = createAppCore({
    mode: 'demo',
    clock,
    session: demoSession(sim, clock),
    decisions: (session) => createDirectDecisions(session, clock),
    openExternal: openAllowedExternal,
    settingsStore: createSettingsStore(settingsFile),
  });
  await core.start(); // the first poll fills the queue
  // No timed polls during the run: a background poll moves lastCheckedAt, which would look
  // like a message changing state. (A valid refresh then answers without polling.)
  core.setPaused('fuzzing');
  // A first save so the file exists: "unchanged on disk" then means something.
  await ipcHandlers(core)['settings:set']({ theme: 'dark' });
  registerIpcHandlers(ipcHandlers(core), () => window as never);
  mainLog.setLevel('debug');
  mainLog.addSink((record) => void loggedLines.push(record.line));
  process.on('uncaughtException', onEscape);
  process.on('unhandledRejection', onEscape);
}, 60_000);

afterAll(async () => {
  process.off('uncaughtException', onEscape);
  process.off('unhandledRejection', onEscape);
  await core?.stop();
  await sim?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Everything a message could change, as one comparable string. */
async function snapshot(): Promise<string> {
  const settings = await ipcHandlers(core)['settings:get'](undefined);
  const outbox = await ipcHandlers(core)['outbox:list'](undefined);
  let onDisk = '';
  try {
    onDisk = readFileSync(settingsFile, 'utf8');
  } catch {
    onDisk = '(none)';
  }
  return JSON.stringify({ state: core.state(), settings, outbox, onDisk, applied: sim.sim.appliedDecisions().length, opened: openedExternally.length });
}

function isPolluted(): boolean {
  const probe = {} as Record<string, unknown>;
  return probe.polluted !== undefined || probe.isAdmin !== undefined || Object.getOwnPropertyNames(Object.prototype).some((k) => ['polluted', 'isAdmin', 'demo', 'url'].includes(k));
}

describe('IPC fuzz', () => {
  it(`${MESSAGES} hostile messages: all refused as values, nothing changes, the process stays up`, async () => {
    const rng = seededRng(SEED);
    const ctx: FuzzContext = { rng, queueIds: () => core.state().queue.map((i) => i.id) };
    const stats = { sent: 0, refusedPayload: 0, refusedSender: 0, acceptedValid: 0, perChannel: Object.fromEntries(channels.map((c) => [c, 0])) as Record<string, number>, strangersPerChannel: Object.fromEntries(channels.map((c) => [c, 0])) as Record<string, number> };
    expect(core.state().queue.length).toBeGreaterThan(0); // valid-looking decisions have real targets

    let before = await snapshot();
    for (let i = 0; i < MESSAGES; i++) {
      const channel = pick(rng, channels);
      const fromStranger = rng() < 0.15;
      const [senderName, event] = fromStranger ? pick(rng, strangers) : ['our window', ours];
      // A stranger mostly sends what would be accepted from us: the sender check is what stops it.
      const raw = fromStranger && rng() < 0.7 ? validPayload(channel, ctx) : hostilePayload(channel, ctx);
      let payload: unknown;
      try {
        payload = structuredClone(raw); // what Electron's IPC delivers
      } catch {
        continue; // not sendable over IPC at all
      }
      const acceptable = !fromStranger && invokeChannels[channel].payload.safeParse(payload).success;
      const listener = registered.get(channel)!;
      let outcome: CallOutcome<unknown>;
      try {
        outcome = await listener(event, payload);
      } catch (error) {
        throw new Error(`message ${i} on ${channel} from ${senderName} threw instead of answering: ${String(error)}`);
      }
      stats.sent++;
      stats.perChannel[channel]! += 1;
      expect(typeof outcome === 'object' && outcome !== null && typeof outcome.ok === 'boolean', `message ${i}: not an outcome`).toBe(true);

      if (acceptable) {
        stats.acceptedValid++;
        before = await snapshot(); // a deliberately valid message may change things
        continue;
      }
      expect(outcome, `message ${i} on ${channel} from ${senderName} was accepted`).toMatchObject({ ok: false, error: expect.any(String) });
      const error = outcome.ok ? '' : outcome.error;
      if (fromStranger) {
        stats.refusedSender++;
        stats.strangersPerChannel[channel]! += 1;
        expect(error).toMatch(/^refused: /);
      } else stats.refusedPayload++;
      expect(error.includes(MARKER), `message ${i}: the error echoed a planted justification`).toBe(false);
      expect(error.length).toBeLessThan(20_000);
      const after = await snapshot();
      if (after !== before) throw new Error(`message ${i} on ${channel} from ${senderName} changed state:\n${JSON.stringify(payload)?.slice(0, 500)}`);
    }

    expect(stats.sent).toBeGreaterThanOrEqual(MESSAGES * 0.99);
    for (const channel of channels) {
      expect(stats.perChannel[channel], channel).toBeGreaterThan(MESSAGES / channels.length / 2);
      expect(stats.strangersPerChannel[channel], `strangers on ${channel}`).toBeGreaterThan(MESSAGES / channels.length / 20); // the sender check, on every channel
    }
    expect(stats.refusedSender).toBeGreaterThan(MESSAGES * 0.1);
    expect(stats.refusedPayload).toBeGreaterThan(MESSAGES * 0.6);
    expect(stats.acceptedValid).toBeGreaterThan(0);
    expect(isPolluted()).toBe(false);
    expect(escaped).toEqual([]);
    // Only allowlisted links reached the OS, whatever asked.
    for (const url of openedExternally) expect(allowedExternalUrl(url), url).toBe(url);
    // The logs said why messages were refused, and never repeated a planted justification.
    expect(loggedLines.length).toBeGreaterThan(stats.refusedSender);
    expect(loggedLines.filter((l) => l.includes(MARKER))).toEqual([]);
    console.info(`[ipc-fuzz] seed ${SEED}: ${JSON.stringify(stats)}`);
  }, 300_000);

  it('the shared dispatcher (also behind the preview bridge) refuses channels outside the contract', async () => {
    const { dispatch } = await import('../../preload/api');
    const rng = seededRng(SEED ^ 0xc4a1);
    const names: unknown[] = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'state:get ', 'STATE:GET', 'state:get\u0000', 'ui:focusItem', 'state:changed', '', null, undefined, 42, NaN, ['state:get'], { channel: 'state:get' }];
    for (let i = 0; i < 1000; i++) names.push(pick(rng, [`${pick(rng, channels)}${pick(rng, ['x', ':', ' ', '\u200b', '/..'])}`, `x${i}`, 'a'.repeat(Math.floor(rng() * 10_000))]));
    const before = await snapshot();
    for (const name of names) {
      const outcome = await dispatch(ipcHandlers(core), name, undefined);
      expect(outcome, String(name).slice(0, 40)).toEqual({ ok: false, error: 'unknown channel' });
    }
    expect(await snapshot()).toBe(before);
    expect(isPolluted()).toBe(false);
  });

  it('still serves our window afterwards', async () => {
    const outcome = await registered.get('state:get')!(ours, undefined);
    expect(outcome).toMatchObject({ ok: true, value: { mode: 'demo' } });
  });
});
