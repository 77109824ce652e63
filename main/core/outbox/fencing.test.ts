/**
 * Fencing with real processes: a lock holder stopped with SIGSTOP past the lock's
 * staleness is replaced by another process; when it resumes it must neither write to
 * Azure again nor erase what the other process saved.
 *
 * - Drain lock: child A (crash-child.ts) is stopped after the simulator logged its read of
 *   the stage and before its answer arrives (the simulator answers after its latency), so
 *   A resumes holding an answer that says "open". Child B takes the stale drain lock,
 *   sends the decision and records `done`. A is resumed; the simulator must log exactly
 *   one write for the stage (every write call, whatever its status).
 * - Journal lock: a child (journal-stall-child.ts) is stopped mid-update holding the
 *   journal lock; this process takes the stale lock and journals a decision; the child is
 *   resumed, appends and compacts; this process's decision must still be in the journal.
 *
 * Lock staleness is lowered through options/env (production defaults stay 30 s and 10 s).
 * Every wait is for a positive signal: a child's log line, its stopped state in /proc, its
 * exit, the simulator's call log.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { defaultBackoff } from './backoff';
import { openJournal } from './journal';
import { openOutbox, type Outbox } from './outbox';
import { bareStageId, startTenant, type Tenant } from '../../../test/kit/sim-fixture';
import { applyEvent, openStore } from './store';
import { armRoute } from '../../../test/kit/arm-route';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const canStop = process.platform === 'linux'; // the stopped state is read from /proc

interface Child {
  proc: ChildProcess;
  /** Resolves with the first line that contains `text` (rejects if the child exits first). */
  line(text: string): Promise<string>;
  exited: Promise<number | null>;
}

function startChild(script: string, args: string[], env: Record<string, string> = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/kit', script), ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const lines: string[] = [];
  const waiters: { text: string; resolve: (l: string) => void; reject: (e: Error) => void }[] = [];
  let stderr = '';
  proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  createInterface({ input: proc.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of waiters.filter((x) => l.includes(x.text))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(l);
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      for (const w of waiters.splice(0)) w.reject(new Error(`${script} exited (${code}) before logging ${w.text}: ${stderr.slice(-2_000)}`));
      resolve(code);
    }),
  );
  return {
    proc,
    exited,
    line: (text) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((l) => l.includes(text));
        if (seen) return resolve(seen);
        if (proc.exitCode !== null) return reject(new Error(`${script} already exited`));
        waiters.push({ text, resolve, reject });
      }),
  };
}

/** Polls for a positive signal; fails after `ms`. */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The process state letter from /proc (T = stopped). */
async function procState(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

async function stop(child: Child): Promise<void> {
  child.proc.kill('SIGSTOP');
  await waitFor(async () => (await procState(child.proc.pid!)) === 'T', 'the child to be stopped');
}

let tenant: Tenant | undefined;
let dir: string | undefined;
const children: Child[] = [];
const outboxes: Outbox[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) {
    if (c.proc.exitCode === null && c.proc.signalCode === null) {
      c.proc.kill('SIGKILL');
      await c.exited;
    }
  }
  await Promise.all(outboxes.splice(0).map((o) => o.close()));
  await tenant?.close();
  tenant = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

describe.skipIf(!canStop)('fencing with SIGSTOP/SIGCONT (real processes)', () => {
  it('a drainer stopped between its read and its write, replaced, then resumed: one write for the stage, the journal shows done', async () => {
    // Every answer comes 400 ms after the simulator logged the call: A's read is logged at
    // once, and A is stopped before the answer reaches it.
    tenant = await startTenant({ knobs: { latencyMs: 400 } });
    dir = await mkdtemp(join(tmpdir(), 'outbox-fence-drain-'));
    const handle = await openOutbox({ dir, api: armRoute(tenant.api), clock: systemClock, undoMs: 0 });
    outboxes.push(handle);
    const [d] = tenant.decisions(1);
    const entry = (await handle.enqueue(d!)).entry;
    const stage = bareStageId(entry.stageId);
    const callsFor = (kind: 'read' | 'write') => tenant!.running.sim.callLog().filter((c) => c.kind === kind && c.stageId !== undefined && bareStageId(c.stageId) === stage);

    const args = [tenant.running.url, tenant.running.tokens.me, dir, tenant.running.principals['me']!.id, tenant.running.graphUrl, tenant.running.graphTokens.me];
    // A lowered drain-lock staleness, so B takes over after 1 s instead of 30 s; calls that
    // outlive the stop (the answer must arrive, not a timeout).
    const env = { CRASH_DRAIN_STALE_MS: '1000', CRASH_GRACE_MS: '100', CRASH_TIMEOUT_MS: '60000', CRASH_CONCURRENCY: '1' };
    const a = startChild('crash-child.ts', args, env);
    children.push(a);
    await a.line('"event":"outbox sending"');
    await waitFor(() => callsFor('read').length > 0, "A's read of the stage");
    await stop(a);
    expect(callsFor('write')).toEqual([]); // A had not written when it was stopped

    const b = startChild('crash-child.ts', args, env);
    children.push(b);
    expect(await b.exited).toBe(0); // took the stale lock, sent, recorded, found nothing left
    await handle.refresh();
    expect(handle.get(entry.id)).toMatchObject({ state: 'done', attempts: 2 });
    expect(callsFor('write')).toHaveLength(1);

    a.proc.kill('SIGCONT');
    expect(await a.exited).toBe(0);
    const writes = callsFor('write');
    expect(writes.map((w) => ({ route: w.route, status: w.status }))).toHaveLength(1); // every write call, accepted or not
    expect(tenant.running.sim.appliedDecisions().filter((x) => x.stageId === stage)).toEqual([expect.objectContaining({ by: 'me', result: entry.result })]);
    await handle.refresh();
    expect(handle.get(entry.id)).toMatchObject({ state: 'done', outcomeMessage: entry.result === 'Approve' ? 'Approved' : 'Denied' });
  }, 60_000);

  it('a journal-lock holder stopped mid-update, replaced, then resumed: its change is redone on fresh state and the other process\'s saved decisions survive its append and compaction', async () => {
    tenant = await startTenant();
    dir = await mkdtemp(join(tmpdir(), 'outbox-fence-journal-'));
    const goFile = join(dir, 'go');
    // Another process (this one): one decision queued before the stall.
    const other = await openOutbox({ dir, api: armRoute(tenant.api), clock: systemClock, undoMs: 60_000, journalLockStaleMs: 300 });
    outboxes.push(other);
    const [dx, dy] = tenant.decisions(2);
    const x = (await other.enqueue(dx!)).entry;

    // The stalled process reads X as queued and means to cancel it (an undo), then stops.
    const stalled = startChild('journal-stall-child.ts', [dir, goFile, 'stalled-decision', x.id]);
    children.push(stalled);
    await stalled.line('"event":"holding"'); // lock held, journal read, mid-update
    await stop(stalled);

    // Meanwhile the other process takes the stale lock: a drainer marks X sending (it may
    // reach Azure from now on), and a new decision Y is journaled.
    const drainer = await openStore(dir, { lockStaleMs: 300 });
    const marked = await applyEvent(drainer, x.id, () => ({ type: 'send' }), () => Date.now(), defaultBackoff);
    expect(marked).toMatchObject({ state: 'sending', attempts: 1 });
    const y = await other.enqueue(dy!);
    expect(y.status).toBe('created');

    await writeFile(goFile, '');
    stalled.proc.kill('SIGCONT');
    await stalled.line('"event":"done"');
    expect(await stalled.exited).toBe(0);

    const { journal, report } = await openJournal(dir);
    expect(report.problems).toEqual([]);
    expect(journal.entries().get(y.entry.id)).toMatchObject({ state: 'queued', stageId: dy!.stageId, result: dy!.result });
    // Not cancelled on the stale picture: it may be on its way to Azure.
    expect(journal.entries().get(x.id)).toMatchObject({ state: 'sending', attempts: 1 });
    expect(journal.entries().get('stalled-decision')).toMatchObject({ state: 'queued' });
  }, 60_000);
});
