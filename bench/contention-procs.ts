/**
 * The contention soak's processes: one run of the real CLI (`node --import tsx
 * main/cli/index.ts …`), and the app core child (contention-app-child.ts) spoken to over
 * JSON lines. Both can be stopped, continued and killed by pid. Owns spawning and reading
 * output; judges nothing. Tokens reach children only through their environment, never argv.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from './common';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
}

export interface CliRun {
  proc: ChildProcess;
  done: Promise<CliResult>;
}

export function startCli(args: readonly string[], env: NodeJS.ProcessEnv): CliRun {
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'main/cli/index.ts'), ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const done = new Promise<CliResult>((resolve) => {
    proc.once('error', (e) => resolve({ code: null, signal: null, out, err: `${err}${e.message}`, ms: performance.now() - t0 }));
    // 'close', not 'exit': the pipes are drained by then, so no word of the answer is missed.
    proc.once('close', (code, signal) => resolve({ code, signal, out, err, ms: performance.now() - t0 }));
  });
  return { proc, done };
}

/** Sends a signal if the process is still there; false when it is gone. */
export function signal(proc: ChildProcess, sig: NodeJS.Signals): boolean {
  if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return false;
  try {
    return proc.kill(sig);
  } catch {
    return false;
  }
}

export interface AppOutcome {
  outcome: string;
  message: string;
  recordedResult?: string;
}

export interface AppChild {
  proc: ChildProcess;
  /** Resolves when the child polled its queue and opened the outbox; rejects if it died first. */
  ready: Promise<void>;
  /** Resolves with the DecisionOutcome of decision `n`, or null if the child died before answering. */
  decide(n: number, stageId: string, verb: 'Approve' | 'Deny', justification: string): Promise<AppOutcome | null>;
  /** The outbox's pending count, or null if the child died before answering. */
  pending(): Promise<number | null>;
  /** Closes the outbox and waits for the child to exit (SIGKILL after `graceMs`). */
  close(graceMs: number): Promise<void>;
  exited: Promise<number | null>;
}

export function startAppChild(argv: readonly string[], env: NodeJS.ProcessEnv): AppChild {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'bench/contention-app-child.ts'), ...argv], { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiting = new Map<number, (value: Record<string, unknown> | null) => void>();
  let markReady: () => void = () => undefined;
  let failReady: (e: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4_000)));
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    let msg: Record<string, unknown>;
    try {
      msg = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return; // not ours (a stray warning)
    }
    if (msg['event'] === 'ready') markReady();
    if (typeof msg['n'] === 'number') {
      waiting.get(msg['n'])?.(msg);
      waiting.delete(msg['n']);
    }
  });
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      failReady(new Error(`app child exited (${code ?? 'signal'}) before it was ready: ${stderr.trim().split('\n').slice(-3).join(' | ')}`));
      for (const settle of waiting.values()) settle(null);
      waiting.clear();
      resolve(code);
    }),
  );
  // A child that died leaves its stdin closed: writing then must not crash the soak.
  proc.stdin?.on('error', () => undefined);
  let seq = 1_000_000; // pending() numbers never meet decision numbers
  const ask = (n: number, body: Record<string, unknown>) =>
    new Promise<Record<string, unknown> | null>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve(null);
      waiting.set(n, resolve);
      proc.stdin?.write(`${JSON.stringify({ n, ...body })}\n`);
    });
  return {
    proc,
    ready,
    exited,
    async decide(n, stageId, verb, justification) {
      const answer = await ask(n, { stageId, verb, justification });
      return answer ? (answer['outcome'] as AppOutcome) : null;
    },
    async pending() {
      const answer = await ask(seq++, { op: 'pending' });
      return answer && typeof answer['pending'] === 'number' ? answer['pending'] : null;
    },
    async close(graceMs) {
      proc.stdin?.write(`${JSON.stringify({ op: 'close' })}\n`);
      const timer = setTimeout(() => signal(proc, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
