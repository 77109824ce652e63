/**
 * `npm run screenshots`: starts the browser preview on a scenario and saves PNGs of the queue,
 * a request's details, the decide dialog, the bulk dialog, an expired request, the outbox and
 * the settings, then a decision's live message with Undo, the window offline and Outbox &
 * history with Undo (through the outbox), and with two accounts (the demo's second tenant added
 * in Settings) Settings › Accounts and the merged queue, in light and dark, at the tray popover
 * size (420×640) and a wider window (900×640), into docs/screenshots/.
 * Flags: --scenario NAME (default mixed: all three kinds, as `npm run demo`), --out DIR,
 * --only window|decisions|accounts (one set).
 * Needs a built renderer (the npm script builds it) and Debian's Chromium (CHROMIUM_PATH to
 * use another).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'mixed' },
    out: { type: 'string', default: path.join(repoRoot, 'docs', 'screenshots') },
    // "window", "decisions" or "accounts": retake one set only.
    only: { type: 'string' },
  },
});
const sizes = [
  { name: '420', width: 420, height: 640 },
  { name: '900', width: 900, height: 640 },
] as const;
const schemes = ['light', 'dark'] as const;

/** The simulator's control channel, for shots that need the tenant to change (a request about to expire). */
interface SimControl {
  url: string;
  secret: string;
}

async function startPreview(scenario: string, extraArgs: readonly string[] = []): Promise<{ child: ChildProcess; url: string; sim: Promise<SimControl> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/preview/cli.ts', '--port', '0', '--scenario', scenario, ...extraArgs], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let errors = '';
  child.stderr?.on('data', (d: Buffer) => (errors += d.toString()));
  const sim = new Promise<SimControl>((resolve) => {
    child.stdout?.on('data', (d: Buffer) => {
      const match = /Simulator: (\S+) control-secret: (\S+)/.exec(d.toString());
      if (match?.[1] && match[2]) resolve({ url: match[1].replace(/\/$/, ''), secret: match[2] });
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview did not start: ${errors}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      const match = /PIM Approvals preview: (\S+)/.exec(d.toString());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`preview exited with ${code}: ${errors}`)));
  });
  return { child, url, sim };
}

/** Adds a request whose 24-hour approval window closes in `ms`, through the simulator's control channel. */
async function addExpiringRequest(sim: SimControl, ms: number): Promise<void> {
  const createdOn = new Date(Date.now() - 24 * 60 * 60_000 + ms).toISOString();
  const res = await fetch(`${sim.url}/_sim/requests`, {
    method: 'POST',
    headers: { 'x-sim-secret': sim.secret, 'content-type': 'application/json' },
    body: JSON.stringify({ requester: 'requester2', role: 'Reader', scope: 'sandbox', justification: 'Look at last night’s cost report', createdOn }),
  });
  if (!res.ok) throw new Error(`the simulator refused the request: ${res.status}`);
}

async function shoot(page: Page, file: string): Promise<void> {
  // Let countdowns, fonts and focus rings settle before the picture.
  await page.waitForTimeout(150);
  await page.screenshot({ path: file });
  console.log(path.relative(repoRoot, file));
}

async function capture(browser: Browser, scheme: (typeof schemes)[number], size: (typeof sizes)[number]): Promise<void> {
  // A fresh preview per run: the decision made for the outbox shot must not leak into the next.
  const { child, url, sim } = await startPreview(values.scenario);
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme: scheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const file = (screen: string) => path.join(values.out, `${screen}-${scheme}-${size.name}.png`);
  try {
    await page.goto(url);
    const rows = page.getByTestId('queue-row');
    await rows.first().waitFor({ timeout: 15_000 });
    await page.getByTestId('queue').focus();
    await page.keyboard.press('j');
    await shoot(page, file('queue'));

    // The second actionable request (never a read-only one): on mixed, whichever kind expires next.
    await rows.filter({ hasNotText: 'read-only' }).nth(1).click();
    await page.getByTestId('detail').waitFor();
    await shoot(page, file('detail'));

    await page.keyboard.press('a');
    const dialog = page.getByTestId('decide-dialog');
    await dialog.waitFor();
    await dialog.getByTestId('justification').fill('Matches change CHG-1001, approved in the CAB');
    await shoot(page, file('decide'));
    await dialog.getByTestId('confirm-decision').click();
    await page.getByTestId('outcome').first().waitFor();

    // The bulk dialog: every shown request chosen, its risk summed up, the tick still to give.
    await page.getByTestId('select-all').click();
    await page.getByTestId('bulk-approve').click();
    const bulk = page.getByTestId('bulk-dialog');
    await bulk.waitFor();
    await bulk.getByTestId('justification').fill('Release window approvals, CAB-2207');
    await shoot(page, file('bulk'));
    await page.keyboard.press('Escape');
    await page.getByTestId('bulk-clear').click();

    // A request whose time ran out: shown as expired, Approve and Deny off with the reason.
    await addExpiringRequest(await sim, 2_000);
    await page.getByTestId('queue').focus();
    await page.keyboard.press('ControlOrMeta+r');
    const expired = rows.filter({ hasText: /Expired at/ });
    await expired.waitFor({ timeout: 15_000 });
    await expired.click();
    await page.getByTestId('expired-reason').waitFor();
    await shoot(page, file('expired'));

    await page.getByTestId('tab-outbox').click();
    await page.getByTestId('outbox-entry').first().waitFor();
    await shoot(page, file('outbox'));

    await page.getByTestId('tab-settings').click();
    await page.getByTestId('settings').waitFor();
    await shoot(page, file('settings'));
  } finally {
    await context.close();
    child.kill('SIGTERM');
  }
}

/**
 * A decision as it moves on, through the durable outbox: its message waiting out the undo
 * window with Undo, the window offline (header, banner, the decision waiting), and Outbox &
 * history with Undo on the waiting decision.
 */
async function captureDecisionStates(browser: Browser, scheme: (typeof schemes)[number], size: (typeof sizes)[number]): Promise<void> {
  const { child, url } = await startPreview(values.scenario, ['--outbox', '--undo-ms', '8000']);
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme: scheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const file = (screen: string) => path.join(values.out, `${screen}-${scheme}-${size.name}.png`);
  const origin = new URL(url).origin;
  const decide = async (nth: number, text: string) => {
    await rows.filter({ hasNotText: /read-only|your own request|Expired at/ }).nth(nth).click();
    const bar = page.getByTestId('decide-bar');
    await bar.getByTestId('justification').fill(text);
    await bar.getByTestId('approve').click();
    await page.getByTestId('outcome').first().waitFor();
  };
  const rows = page.getByTestId('queue-row');
  try {
    await page.goto(url);
    await rows.first().waitFor({ timeout: 15_000 });
    await decide(1, 'Matches change CHG-1001, approved in the CAB');
    await page.getByTestId('outcome').first().getByTestId('undo').waitFor();
    await shoot(page, file('outcome'));

    // Offline, as Electron's network events say it (the preview's control channel).
    await page.request.post(`${origin}/__preview/control`, { data: { action: 'network', online: false } });
    await page.getByTestId('banner').and(page.locator('[data-state="offline"]')).waitFor();
    await decide(1, 'Approved on the train, INC-2231');
    await page.getByTestId('outcome').filter({ hasText: 'Waiting to send (offline)' }).waitFor();
    await shoot(page, file('offline'));

    await page.getByTestId('tab-outbox').click();
    await page.getByTestId('history-undo').first().waitFor();
    await shoot(page, file('history-undo'));
  } finally {
    await context.close();
    child.kill('SIGTERM');
  }
}

/**
 * Two accounts: the demo's second tenant (Fabrikam) added in Settings › Accounts, that section,
 * then the merged queue with each row naming its tenant and the tenant filter.
 */
async function captureAccounts(browser: Browser, scheme: (typeof schemes)[number], size: (typeof sizes)[number]): Promise<void> {
  const { child, url } = await startPreview(values.scenario);
  const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme: scheme, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  const file = (screen: string) => path.join(values.out, `${screen}-${scheme}-${size.name}.png`);
  try {
    await page.goto(url);
    await page.getByTestId('queue-row').first().waitFor({ timeout: 15_000 });
    await page.getByTestId('tab-settings').click();
    const section = page.getByTestId('accounts');
    await section.getByTestId('add-demo-tenant').click();
    await section.getByTestId('accounts-status').filter({ hasText: 'Added' }).waitFor();
    await section.getByTestId('account').nth(1).waitFor();
    // The section at the top of the pane, as a user scrolled to it.
    await section.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shoot(page, file('accounts'));

    await page.getByTestId('tab-waiting').click();
    const lead = (tenant: string) => page.getByTestId('queue-row').filter({ has: page.getByTestId('tenant-lead').filter({ hasText: tenant }) });
    await lead('Fabrikam').first().waitFor({ timeout: 20_000 });
    await lead('Contoso').first().waitFor();
    await page.getByTestId('queue').focus();
    await page.keyboard.press('j');
    await shoot(page, file('queue-tenants'));
  } finally {
    await context.close();
    child.kill('SIGTERM');
  }
}

await mkdir(values.out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  if (values.only === undefined || values.only === 'window') for (const size of sizes) for (const scheme of schemes) await capture(browser, scheme, size);
  if (values.only === undefined || values.only === 'decisions') for (const size of sizes) for (const scheme of schemes) await captureDecisionStates(browser, scheme, size);
  if (values.only === undefined || values.only === 'accounts') for (const size of sizes) for (const scheme of schemes) await captureAccounts(browser, scheme, size);
} finally {
  await browser.close();
}
