/**
 * The log file holds no secret, after a full flow written to it the way the app writes:
 * main/electron/log.ts's logger on a rotating file, fed by
 *   - sign-in with real MSAL against the fake Entra (interactive with PKCE, refresh, device
 *     code, an expired refresh token), MSAL's own Trace logging routed through it;
 *   - the outbox deciding against the PIM simulator (its own log lines), with justifications;
 *   - the real AppCore behind the real IPC registration: decisions with justifications from
 *     our window, refused payloads and strangers (IPC's log lines);
 *   - and careless debug logging a developer might add: state dumps, request headers with
 *     the bearer token, token-endpoint JSON, redirect URLs carrying the code.
 * Then the file is searched for every token, code, verifier, justification and e-mail used.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CallOutcome } from '../../preload/api';
import { ARM_SCOPE, entraHarness, type EntraHarness } from '../fakes/entra/harness';
import { armRoute } from '../kit/arm-route';
import { ipcHandlers } from '../../main/bridge/ipc-handlers';

process.env.PIM_LOG_CONSOLE = '0';
type Listener = (event: unknown, payload: unknown) => Promise<CallOutcome<unknown>>;
const registered = new Map<string, Listener>();
vi.mock('electron', () => ({
  app: { getName: () => 'PIM Approvals', getVersion: () => '0.0.0-test', getPath: () => { throw new Error('the test passes the logs folder'); } },
  ipcMain: { handle: (channel: string, listener: Listener) => registered.set(channel, listener), removeHandler: (channel: string) => registered.delete(channel) },
  shell: { openExternal: async () => undefined },
}));

const { mainLog, startFileLog } = await import('../../main/electron/log');
const { registerIpcHandlers } = await import('../../main/electron/ipc');
const { createAppCore } = await import('../../main/core/app/create-app-core');
const { createDirectDecisions } = await import('../../main/core/app/direct-decisions');
const { systemClock } = await import('../../main/core/clock');
const { demoSession } = await import('../../main/demo/demo-session');
const { openOutbox } = await import('../../main/core/outbox/outbox');
const { startTenant } = await import('../kit/sim-fixture');

const mainFrame = { url: 'app://renderer/index.html', origin: 'app://renderer', parent: null, frameTreeNodeId: 1, processId: 4, routingId: 1, detached: false };
const webContents = { mainFrame, isDestroyed: () => false, send: () => undefined };
const window = { webContents, isDestroyed: () => false };
const ours = { sender: webContents, senderFrame: mainFrame };
const stranger = { sender: webContents, senderFrame: { ...mainFrame, url: 'https://evil.example/', origin: 'https://evil.example' } };

let root: string;
let logsDir: string;
let h: EntraHarness;
let tenant: Awaited<ReturnType<typeof startTenant>>;
/** Every justification the flow used; each must be absent from the log. */
const justifications: string[] = [];
const justification = (what: string) => {
  const text = `${what} because CHG-${justifications.length}-${Math.random().toString(36).slice(2, 10)} is due`;
  justifications.push(text);
  return text;
};

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'pim-log-leak-'));
  logsDir = path.join(root, 'logs');
  startFileLog(logsDir);
  mainLog.setLevel('debug');
  const log = mainLog.child('flow');

  // 1. Sign-in, refresh, device code, a dead refresh token: MSAL at Trace level into our logger.
  h = await entraHarness({ accessTokenLifetimeSec: 60 });
  const auth = h.makeAuth({ logger: mainLog.child('auth') });
  await auth.start();
  const signedIn = await auth.signIn();
  const token = await auth.token([ARM_SCOPE]);
  log.debug('sign-in result', { signedIn, token });
  const cli = h.makeAuth({ openBrowser: undefined, logger: mainLog.child('auth-cli') });
  await cli.signOut();
  await cli.signIn({ deviceCode: () => setTimeout(() => h.fake.approveDeviceCodes(), 100) });
  h.fake.expireRefreshTokens();
  log.debug('expired refresh', { outcome: await cli.token([ARM_SCOPE]) });
  // Careless: the token endpoint's answer and the redirect URL, dumped as text.
  const at = h.fake.issued.accessTokens.at(-1) ?? '';
  const rt = h.fake.issued.refreshTokens.at(-1) ?? '';
  log.debug(`token endpoint said {"token_type":"Bearer","access_token":"${at}","refresh_token":"${rt}","id_token":"${h.fake.issued.idTokens.at(-1) ?? ''}"}`);
  log.debug(`redirected to http://127.0.0.1:5151/?code=${h.fake.issued.authCodes.at(-1) ?? ''}&state=abc&session_state=s1`);
  log.debug('token request form', { code: h.fake.issued.authCodes[0], code_verifier: h.fake.issued.codeVerifiers[0], device_code: h.fake.issued.deviceCodes[0] });
  log.info('signed in as approver@contoso.example'); // the fake's user

  // 2. The outbox deciding on the simulator, with its own logging.
  tenant = await startTenant();
  const outbox = await openOutbox({ dir: path.join(root, 'outbox'), api: armRoute(tenant.api), clock: systemClock, undoMs: 0, logger: mainLog.child('outbox'), principalId: async () => tenant.running.principals['me']?.id ?? null });
  for (const decision of tenant.decisions(4)) await outbox.enqueue({ ...decision, justification: justification('outbox') });
  const summary = await outbox.sync();
  log.info('outbox synced', { summary });
  log.debug('outbox entries', { entries: await outbox.list() });
  await outbox.close?.();

  // 3. The AppCore behind the real IPC registration, on the same simulator.
  const core = createAppCore({ mode: 'demo', clock: systemClock, session: demoSession(tenant.running, systemClock), decisions: (s) => createDirectDecisions(s, systemClock), openExternal: async () => false });
  core.onState((state) => log.debug('state changed', { state }));
  await core.start();
  registerIpcHandlers(ipcHandlers(core), () => window as never);
  const invoke = (event: unknown, channel: string, payload: unknown) => registered.get(channel)!(event, payload);
  tenant.decisions(3);
  await invoke(ours, 'queue:refresh', undefined);
  const ids = core.state().queue.map((i) => i.id);
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) {
    const outcome = await invoke(ours, 'decision:submit', { itemIds: [id], result: 'Approve', justification: justification('ipc') });
    log.debug('decided', { outcome });
  }
  await invoke(ours, 'decision:submit', { itemIds: [], result: 'Deny', justification: justification('refused payload') });
  await invoke(ours, 'decision:submit', { itemIds: ['x'], result: 'Deny', justification: justification('extra key'), sneaky: justification('sneaky') });
  await invoke(stranger, 'decision:submit', { itemIds: ids, result: 'Deny', justification: justification('stranger') });
  // Careless: a request as the ARM client builds it.
  log.debug('arm request', { method: 'PUT', url: `${tenant.running.url}/providers/x`, headers: { Authorization: `Bearer ${tenant.running.tokens.me}` }, body: { properties: { reviewResult: 'Approve', justification: justifications[0] } } });
  log.warn('arm failed', { error: new Error(`401 for Bearer ${tenant.running.tokens.me}`) });
  await core.stop();
}, 120_000);

afterAll(async () => {
  await h?.close();
  await tenant?.close();
  rmSync(root, { recursive: true, force: true });
});

function logText(): string {
  return readdirSync(logsDir).map((name) => readFileSync(path.join(logsDir, name), 'utf8')).join('\n');
}

describe('the log file after a full flow', () => {
  it('is the real thing: MSAL traces, auth, outbox, IPC refusals and the flow all wrote to it', () => {
    const text = logText();
    for (const expected of ['auth: ', 'msal: ', 'outbox: outbox enqueued', 'outbox: outbox decision', 'ipc: decision:submit: invalid payload', 'ipc: decision:submit: refused: ', 'flow: state changed']) {
      expect(text, expected).toContain(expected);
    }
    expect(text.split('\n').length).toBeGreaterThan(100);
  });

  it('holds no token, code, verifier, justification or e-mail used in the flow', () => {
    const text = logText();
    const issued = h.fake.issued;
    const secrets: Array<[string, string]> = [
      ...issued.accessTokens.map((s): [string, string] => ['access token', s]),
      ...issued.refreshTokens.map((s): [string, string] => ['refresh token', s]),
      ...issued.idTokens.map((s): [string, string] => ['id token', s]),
      ...issued.authCodes.map((s): [string, string] => ['auth code', s]),
      ...issued.deviceCodes.map((s): [string, string] => ['device code', s]),
      ...issued.codeVerifiers.map((s): [string, string] => ['code verifier', s]),
      ...Object.entries(tenant.running.tokens).map(([k, s]): [string, string] => [`simulator token ${k}`, s]),
      ...justifications.map((s): [string, string] => ['justification', s]),
      ...Object.values(tenant.running.principals).map((p): [string, string] => ['simulator UPN', p.upn]),
      ['signed-in user', 'approver@contoso.example'],
    ];
    expect(issued.accessTokens.length).toBeGreaterThanOrEqual(2);
    expect(issued.authCodes.length).toBeGreaterThanOrEqual(1);
    expect(justifications.length).toBeGreaterThanOrEqual(8);
    const leaked = secrets.filter(([, secret]) => secret.length > 0 && (text.includes(secret) || (secret.length > 24 && text.includes(secret.slice(-24)))));
    expect(leaked.map(([what]) => what)).toEqual([]);
    // Nothing e-mail shaped at all, and no JWT.
    expect(text).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}/);
    expect(text).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/);
  });
});
