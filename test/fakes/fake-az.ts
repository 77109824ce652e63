/**
 * A fake Azure CLI: an executable `az` written into a temp directory that tests put first on
 * PATH. Like the real /usr/bin/az (a shell script that starts Python), it is a shell script
 * that starts a Node program. What it does on each run is read from a file beside it, so a
 * test can change its answer between runs; every run appends its arguments to a log.
 * POSIX only (the Windows invocation is unit-tested without running it).
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type FakeAzBehaviour =
  /** Prints this object as JSON and exits 0 (the real output has accessToken, expiresOn, expires_on, subscription, tenant, tokenType). */
  | { kind: 'json'; output: Record<string, unknown> }
  /** Prints text to stdout and exits 0. */
  | { kind: 'stdout'; text: string }
  /** Writes text to stderr and exits with code. */
  | { kind: 'fail'; stderr: string; code: number }
  /** Starts a child that holds the pipes (as az's Python does), writes its pid, and never answers. */
  | { kind: 'hang' };

export interface FakeAz {
  /** The directory holding `az`: put it first on PATH. */
  dir: string;
  /** An environment with only this directory and the system's on PATH. */
  env: NodeJS.ProcessEnv;
  set(behaviour: FakeAzBehaviour): Promise<void>;
  /** The argument lists of every run so far. */
  runs(): Promise<string[][]>;
  /** The pid of the child a `hang` run started, once written. */
  hungChildPid(): Promise<number | undefined>;
  close(): Promise<void>;
}

const PROGRAM = String.raw`
const fs = require('node:fs');
const path = require('node:path');
const { spawn } = require('node:child_process');
const dir = __dirname;
fs.appendFileSync(path.join(dir, 'runs.jsonl'), JSON.stringify(process.argv.slice(2)) + '\n');
const b = JSON.parse(fs.readFileSync(path.join(dir, 'behaviour.json'), 'utf8'));
if (b.kind === 'json') { process.stdout.write(JSON.stringify(b.output, null, 2) + '\n'); process.exit(0); }
if (b.kind === 'stdout') { process.stdout.write(b.text); process.exit(0); }
if (b.kind === 'fail') { process.stderr.write(b.stderr); process.exit(b.code); }
if (b.kind === 'hang') {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1e6)'], { stdio: 'inherit' });
  fs.writeFileSync(path.join(dir, 'hung-child.pid'), String(child.pid));
  setInterval(() => {}, 1e6);
}
`;

export async function fakeAz(initial: FakeAzBehaviour): Promise<FakeAz> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fake-az-'));
  await writeFile(path.join(dir, 'az.cjs'), PROGRAM);
  // A shell script that starts node without exec, as /usr/bin/az starts Python.
  await writeFile(path.join(dir, 'az'), `#!/bin/sh\n"${process.execPath}" "${path.join(dir, 'az.cjs')}" "$@"\n`);
  await chmod(path.join(dir, 'az'), 0o755);
  const set = (b: FakeAzBehaviour) => writeFile(path.join(dir, 'behaviour.json'), JSON.stringify(b));
  await set(initial);
  return {
    dir,
    env: { PATH: `${dir}:/usr/bin:/bin`, HOME: dir },
    set,
    async runs() {
      const text = await readFile(path.join(dir, 'runs.jsonl'), 'utf8').catch(() => '');
      return text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as string[]);
    },
    async hungChildPid() {
      const text = await readFile(path.join(dir, 'hung-child.pid'), 'utf8').catch(() => '');
      return text ? Number(text) : undefined;
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A JWT-shaped token naming oid and tid, as Entra ID's access tokens do (never verified by us). */
export function jwtFor(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64url');
  return `${part({ typ: 'JWT', alg: 'RS256' })}.${part(claims)}.signature-not-checked`;
}
