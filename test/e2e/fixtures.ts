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

async function startPreviewProcess(args: string[]): Promise<{ child: ChildProcess; info: PreviewProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/preview/cli.ts', '--port', '0', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview did not start in time: ${errors}`)), 20_000);
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

export const test = base.extend<{ previewArgs: string[]; preview: PreviewProcess; app: Page }>({
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
});

export { expect };
