/**
 * Playwright fixtures that build the world: a browser preview process (real core, real
 * renderer, simulated tenant) started fresh for each test, and a page opened on it.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface PreviewProcess {
  url: string;
  origin: string;
  /** Every line the preview printed, for lookups such as the simulator's control secret. */
  lines: string[];
}

export async function startPreviewProcess(args: string[]): Promise<{ child: ChildProcess; info: PreviewProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/preview/cli.ts', '--port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    // Generous: the busy scenario seeds 1,000 requests before the first poll, on a shared machine.
    const timer = setTimeout(() => reject(new Error(`preview did not start in time: ${errors}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n').filter(Boolean)) {
        lines.push(line);
        const match = /^PIM Approvals preview: (\S+)/.exec(line);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      }
    });
    child.once('exit', (code) => reject(new Error(`preview exited with ${code}: ${errors}`)));
  });
  return { child, info: { url, origin: new URL(url).origin, lines } };
}

/** One ARM call the simulator answered (main/demo/call-log.ts), as its control channel returns it. */
export interface SimCall {
  seq: number;
  method: string;
  path: string;
  status: number;
  kind: 'read' | 'write';
  route: string;
  stageId?: string;
  reviewResult?: string;
}

/** The simulated tenant behind the preview, reached through its secret-guarded control channel. */
export interface Simulator {
  url: string;
  log(): Promise<SimCall[]>;
  /** Stage writes (PUT/PATCH/batch) that carried a decision. */
  decisions(): Promise<SimCall[]>;
  control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown>;
}

export async function findSimulator(preview: PreviewProcess): Promise<Simulator> {
  const deadline = Date.now() + 5_000;
  const find = () => preview.lines.map((line) => /^Simulator: (\S+) control-secret: (\S+)/.exec(line)).find((m) => m !== null) ?? null;
  let match = find();
  // The preview prints the simulator line with its URL; it may arrive in a later chunk.
  while (!match && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    match = find();
  }
  if (!match?.[1] || !match[2]) throw new Error(`the preview printed no "Simulator: <url> control-secret: <secret>" line:\n${preview.lines.join('\n')}`);
  const url = match[1].replace(/\/$/, '');
  const secret = match[2];
  async function control(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: { 'x-sim-secret': secret, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  }
  const log = async () => (await control('GET', '/_sim/log')) as SimCall[];
  return {
    url,
    log,
    control,
    decisions: async () => (await log()).filter((c) => c.kind === 'write' && c.reviewResult !== undefined && c.status >= 200 && c.status < 300),
  };
}

export const test = base.extend<{ previewArgs: string[]; preview: PreviewProcess; app: Page; sim: Simulator }>({
  previewArgs: [[], { option: true }],
  preview: async ({ previewArgs }, use) => {
    const { child, info } = await startPreviewProcess(previewArgs);
    await use(info);
    child.kill('SIGTERM');
  },
  app: async ({ page, preview }, use) => {
    await page.goto(preview.url);
    await expect(page.getByTestId('app-shell')).toBeVisible();
    await use(page);
  },
  sim: async ({ preview }, use) => {
    await use(await findSimulator(preview));
  },
});

/** The last path segment of an ARM id: the simulator logs stage ids bare. */
export function bareId(armId: string): string {
  return armId.split('/').filter(Boolean).pop() ?? armId;
}

export { expect };
