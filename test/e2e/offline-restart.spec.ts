/**
 * Issue 20, offline first, as the user lives it: the app ran online and kept its queue; it
 * restarts on the plane (the preview starts with the simulator unreachable: closed network
 * gates, connections refused); the queue is there at once, "as of" its check; two decisions
 * wait; meanwhile another approver took one of them; the network returns, Retry, and each
 * decision ends in its outcome — one write reaches Azure, the other names who decided first.
 * Both runs share one data dir (outbox and kept queue) and the preview's keychain entry.
 * Run under test/with-keyring.sh (npm test does): the kept queue's key lives in the OS keychain.
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { bareId, expect, findSimulator, startPreviewProcess, test } from './fixtures';
import { decideFromDetail, followOutcome, open, outcomes, rows, waitForQueue } from './queue-page';

let dataDir: string | null = null;
const children: ChildProcess[] = [];
test.afterEach(async () => {
  for (const child of children.splice(0)) await stop(child);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = null;
});

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}

test('restart offline: the kept queue as of its check, decide, reconnect, the outcome', async ({ page }) => {
  test.setTimeout(120_000);
  dataDir = await mkdtemp(path.join(tmpdir(), 'pim-e2e-offline-'));
  const args = ['--scenario', 'quiet', '--outbox', '--undo-ms', '0', '--data-dir', dataDir];

  // Run 1, online: the queue arrives and is kept.
  const first = await startPreviewProcess(args);
  children.push(first.child);
  await page.goto(first.info.url);
  await waitForQueue(page);
  const shown = await rows(page).count();
  expect(shown).toBeGreaterThan(2);
  const keptDir = path.join(dataDir, 'queue');
  await expect.poll(async () => (await readdir(keptDir).catch(() => [])).length).toBe(1);
  await stop(first.child);

  // Run 2, on the plane: Azure cannot be reached.
  const second = await startPreviewProcess([...args, '--unreachable']);
  children.push(second.child);
  const sim = await findSimulator(second.info);
  await page.goto(second.info.url);
  await waitForQueue(page);
  await expect(rows(page)).toHaveCount(shown);
  const banner = page.getByTestId('banner');
  await expect(banner).toHaveAttribute('data-state', 'offline', { timeout: 20_000 });
  await expect(banner.getByTestId('offline-since')).toHaveText(/^Offline since \d\d?:\d\d( [AP]M)?$/);
  await expect(banner.getByTestId('stale')).toHaveText(/^The list is as of \d\d?:\d\d( [AP]M)? and may be out of date\.$/);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline');

  // Meanwhile, in Azure, another approver decides one of them.
  const taken = await open(page, /Contributor on Contoso Production/);
  await sim.control('POST', '/_sim/decide', { principal: 'approver2', stageId: bareId(taken.id), result: 'Approve', justification: 'Handled on the phone' });

  await decideFromDetail(page, 'Approve', 'Approved on the plane, INC0012345');
  const takenOutcome = await followOutcome(page);
  await expect(takenOutcome.locator('strong')).toHaveText('Waiting to send (offline)');
  const takenEntryId = await takenOutcome.getAttribute('data-entry-id');
  const mine = await open(page, 'Key Vault Administrator');
  await decideFromDetail(page, 'Approve', 'Approved on the plane, key rotation');
  // The message of this decision replaces the first one's.
  await expect(outcomes(page).first()).not.toHaveAttribute('data-entry-id', takenEntryId ?? '');
  const mineOutcome = await followOutcome(page);
  await expect(mineOutcome.locator('strong')).toHaveText('Waiting to send (offline)');
  expect(await sim.decisions()).toEqual([]);

  // The network returns; the user presses Retry.
  const res = await page.request.post(`${second.info.origin}/__preview/control`, { data: { action: 'reach', reachable: true } });
  expect(res.status()).toBe(204);
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(mineOutcome.locator('strong')).toHaveText('Approved', { timeout: 20_000 });
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
  // The other decision's message gave way to the later one; its outcome is in the history.
  await page.getByTestId('tab-outbox').click();
  const takenEntry = page.locator(`[data-testid="outbox-entry"][data-entry-id="${takenEntryId}"]`);
  await expect(takenEntry).toHaveAttribute('data-state', 'conflict', { timeout: 20_000 });
  await expect(takenEntry.getByTestId('entry-state')).toHaveText(/^Already approved by \S+/);
  const writes = await sim.decisions();
  expect(writes.map((w) => w.stageId?.toLowerCase())).toEqual([bareId(mine.id).toLowerCase()]);
});
