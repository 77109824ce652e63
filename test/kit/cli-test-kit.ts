/**
 * Test support for the CLI's integration tests: a simulator per test, the CLI run in
 * process through main() or as a real child process, each with its own data dir, and the
 * account ids the simulator's tokens carry. No fakes of our own code. Never used by the CLI.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSimulator, type KnobPatch, type RunningSimulator } from '../../main/demo/simulator';
import type { CliDeps } from '../../main/cli/context';
import type { FetchLike } from '../../main/core/net/http';
import { main } from '../../main/cli/index';

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

export interface Item {
  id: string;
  kind: string;
  requestId: string;
  requestName: string;
  actionable: boolean;
  requestType: string;
  role: { displayName: string };
  scope: { displayName: string };
  requester: { displayName: string };
  expiresAt: string;
}

/** `${oid}.${tid}` of a simulator principal, as its tokens' claims and MSAL's homeAccountId spell it. */
export function simAccountId(s: RunningSimulator, principalKey: string): string {
  const p = s.principals[principalKey];
  if (!p) throw new Error(`no principal ${principalKey}`);
  return `${p.id}.${s.tenantId}`.toLowerCase();
}

export interface CliWorld {
  s: RunningSimulator;
  dataDir: string;
  /** main() in process as `me` (or env overrides), pointed at the simulator. */
  cli(argv: string[], env?: NodeJS.ProcessEnv, deps?: CliDeps): Promise<CliRun>;
  /** The same as a real child process (node + tsx). */
  spawnCli(argv: string[], env?: NodeJS.ProcessEnv, endpoint?: string): Spawned;
  items(): Promise<Item[]>;
  close(): Promise<void>;
}

export interface Spawned {
  done: Promise<CliRun>;
  /** Resolves once stderr shows `pattern` (a positive signal of how far the process got). */
  stderrShows(pattern: RegExp): Promise<void>;
}

const entry = fileURLToPath(new URL('../../main/cli/index.ts', import.meta.url));

export async function startCliWorld(scenario = 'quiet', knobs: KnobPatch = {}): Promise<CliWorld> {
  const s = await startSimulator({ scenario, knobs });
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pim-cli-kit-'));
  const baseEnv = (): NodeJS.ProcessEnv => ({ ARM_ACCESS_TOKEN: s.tokens.me, GRAPH_ACCESS_TOKEN: s.graphTokens.me, PIM_DATA_DIR: dataDir });
  // An --arm-endpoint in argv (e.g. a dead port: offline) wins over the simulator's.
  const endpoints = (argv: string[], arm = s.url) => [...(argv.includes('--arm-endpoint') ? [] : ['--arm-endpoint', arm]), '--graph-endpoint', s.graphUrl];
  const cli: CliWorld['cli'] = async (argv, env = {}, deps = {}) => {
    let out = '';
    let err = '';
    const code = await main([...argv, ...endpoints(argv)], { ...baseEnv(), ...env }, { out: (x) => void (out += x), err: (x) => void (err += x) }, deps);
    return { code, out, err };
  };
  const spawnCli: CliWorld['spawnCli'] = (argv, env = {}, endpoint = s.url) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry, ...argv, ...endpoints(argv, endpoint)], {
      env: { ...process.env, ...baseEnv(), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    const waiters: { pattern: RegExp; resolve: () => void }[] = [];
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      for (const w of waiters.splice(0)) {
        if (w.pattern.test(err)) w.resolve();
        else waiters.push(w);
      }
    });
    const done = new Promise<CliRun>((resolve) => child.on('close', (code) => resolve({ code, out, err })));
    return {
      done,
      stderrShows: (pattern) =>
        new Promise<void>((resolve, reject) => {
          if (pattern.test(err)) return resolve();
          waiters.push({ pattern, resolve });
          void done.then(() => (pattern.test(err) ? resolve() : reject(new Error(`process ended without ${pattern}: ${err}`))));
        }),
    };
  };
  const items = async () => {
    const r = await cli(['list', '--json']);
    if (r.code !== 0) throw new Error(`list failed: ${r.err}`);
    return (JSON.parse(r.out) as { items: Item[] }).items;
  };
  return {
    s,
    dataDir,
    cli,
    spawnCli,
    items,
    close: async () => {
      await s.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A loopback origin nothing listens on (a port just closed): Azure is unreachable as far as the CLI can tell. */
export async function deadEndpoint(): Promise<string> {
  const gone = createServer();
  await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`;
  await new Promise<void>((resolve) => gone.close(() => resolve()));
  return url;
}

/** Writes the simulator recorded (PUT/PATCH/batch), whatever their answer. */
export function writes(s: RunningSimulator): { route: string; status: number; path: string }[] {
  return s.sim
    .callLog()
    .filter((c) => c.kind === 'write')
    .map((c) => ({ route: c.route, status: c.status, path: c.path }));
}

/**
 * A fetch that sends what the CLI addresses to `from` (a cloud's own ARM origin) to `to` (a
 * simulator on loopback) and refuses any other origin: for runs whose token may go only to
 * the cloud's ARM (the session's, the Azure CLI's), so they reach the simulator and nothing else.
 */
export function routeOrigin(from: string, to: string): FetchLike {
  return (input, init) => {
    if (!input.startsWith(`${from}/`)) return Promise.reject(new Error(`not routed in this test: ${new URL(input).origin}`));
    return fetch(`${to}${input.slice(from.length)}`, init);
  };
}
