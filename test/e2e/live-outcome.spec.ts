/**
 * Issue 16, "outcomes are live": one message per decision, updated in place from its outbox
 * entry (waiting → sending → Approved / Already approved by … / Failed: …); the footer counts
 * what waits and what failed; every waiting decision has Undo in Outbox & history, and once
 * an attempt may have reached Azure, Undo says why it cannot. Real core, real simulator,
 * real Chromium through the preview.
 */
import { bareId } from './fixtures';
import { expect, test } from './notification-desk';
import { decideFromDetail, followOutcome, open, rows, setNetwork, waitForQueue } from './queue-page';

test.describe('one message follows each decision (outbox, 3 s undo window)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet', '--outbox', '--undo-ms', '3000'] });

  test('waits with Undo, then says "Approved" in the same message', async ({ app, sim }) => {
    await waitForQueue(app);
    const { id } = await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Approve', 'Matches change CHG-1001');
    const message = await followOutcome(app);
    await expect(message).toContainText(/Approval waits \d s/);
    await expect(message).toContainText('Key Vault Administrator on');
    await expect(message.getByTestId('undo')).toBeVisible();
    await expect(app.getByTestId('sync-state')).toContainText('1 decision waiting to send');
    await expect(message.locator('strong')).toHaveText('Approved', { timeout: 15_000 });
    await expect(message.getByTestId('undo')).toHaveCount(0);
    await expect(app.getByTestId('sync-state')).toContainText('All decisions sent');
    expect((await sim.decisions()).filter((c) => c.stageId === bareId(id)).map((c) => c.reviewResult)).toEqual(['Approve']);
  });

  test('after a conflict the message says who decided first, not "Denial waits… Undo"', async ({ app, sim }) => {
    await waitForQueue(app);
    const { id } = await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Deny', 'No change ticket');
    const message = await followOutcome(app);
    await expect(message).toContainText(/Denial waits \d s/);
    // Another approver wins while our denial waits out its undo window.
    await sim.control('POST', '/_sim/decide', { principal: 'approver2', stageId: id, result: 'Approve' });
    await expect(message.locator('strong')).toHaveText('Already approved by Sam Okafor', { timeout: 15_000 });
    await expect(message).not.toContainText('Denial');
    await expect(message.getByTestId('undo')).toHaveCount(0);
    await expect(message).toHaveAttribute('data-tone', 'warning');
    // Azure holds Sam's approval only: our denial was never written.
    expect(await sim.control('GET', '/_sim/applied')).toEqual([expect.objectContaining({ stageId: bareId(id), by: 'approver2', result: 'Approve' })]);
    expect(await sim.decisions()).toEqual([]);
  });
});

test.describe('a decision Azure refuses (mixed scenario, outbox)', () => {
  test.use({ previewArgs: ['--scenario', 'mixed', '--outbox', '--undo-ms', '2000'] });

  test('403: "Failed: …" in the same message with the portal, the footer counts it, one notification', async ({ app, sim, desk }) => {
    await waitForQueue(app);
    const entra = rows(app).filter({ hasText: '(Entra ID)' }).filter({ hasNotText: /read-only|your own request/ });
    await expect(entra.first()).toBeVisible();
    await entra.first().click();
    await decideFromDetail(app, 'Approve', 'INC0077001');
    const message = await followOutcome(app);
    await expect(message).toContainText(/Approval waits \d s/);
    // Consent for Entra ID roles is withdrawn before the decision goes out: Graph answers 403.
    await sim.control('POST', '/_sim/knobs', { graphConsent: { entraRole: false } });
    await expect(message.locator('strong')).toContainText(/^Failed: Azure refused the decision \(403\)/, { timeout: 15_000 });
    await expect(message).toHaveAttribute('data-tone', 'error');
    await expect(message.getByTestId('portal-link')).toBeVisible();
    await expect(message.getByTestId('undo')).toHaveCount(0);
    const footer = app.getByTestId('sync-state');
    await expect(footer).toContainText('1 decision failed');
    await expect(footer).not.toContainText('All decisions sent');
    await expect.poll(async () => (await desk.visible()).filter((n) => n.title.startsWith('Not sent — '))).toHaveLength(1);
    expect((await desk.history()).filter((n) => n.title.startsWith('Not sent — '))).toHaveLength(1);
    await footer.getByRole('button', { name: 'See Outbox & history' }).click();
    await expect(app.getByTestId('outbox-entry').first()).toHaveAttribute('data-state', 'failed');
  });
});

test.describe('Undo in Outbox & history', () => {
  test.use({ previewArgs: ['--scenario', 'quiet', '--outbox', '--undo-ms', '3000'] });

  test('a decision waiting offline has Undo there, and Undo takes it back', async ({ app, sim, preview }) => {
    await waitForQueue(app);
    await setNetwork(app, preview.origin, false);
    await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Approve', 'On the train');
    const message = await followOutcome(app);
    await expect(message).toContainText('Waiting to send (offline)');
    await app.getByTestId('tab-outbox').click();
    const entry = app.getByTestId('outbox-entry').first();
    await expect(entry).toHaveAttribute('data-state', 'queued');
    await expect(entry.getByTestId('entry-state')).toHaveText('Waiting to send (offline)');
    await entry.getByTestId('history-undo').click();
    await expect(entry.getByTestId('undo-note')).toHaveText('Undone: nothing was sent.');
    await expect(entry).toHaveAttribute('data-state', 'cancelled');
    await setNetwork(app, preview.origin, true);
    await app.getByTestId('tab-waiting').click();
    // Back online, the request is waiting again and nothing was ever written.
    await expect(rows(app).filter({ hasText: 'Key Vault Administrator' })).toHaveCount(1, { timeout: 15_000 });
    expect(await sim.decisions()).toEqual([]);
  });

  test('once an attempt may have reached Azure, Undo says why it cannot', async ({ app, sim }) => {
    await waitForQueue(app);
    await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Deny', 'Not without a ticket');
    const message = await followOutcome(app);
    await expect(message.getByTestId('undo')).toBeVisible();
    // Every call fails from now on: the first attempt goes out and gets no usable answer.
    await sim.control('POST', '/_sim/knobs', { errorRate: 1 });
    await expect(message.locator('strong')).toHaveText(/^(Sending…|Sending again at .+)$/, { timeout: 15_000 });
    await expect(message.getByTestId('undo')).toHaveCount(0);
    await app.getByTestId('tab-outbox').click();
    const entry = app.getByTestId('outbox-entry').first();
    await expect(entry).toHaveAttribute('data-state', /^(sending|queued)$/);
    await entry.getByTestId('history-undo').click();
    await expect(entry.getByTestId('undo-note')).toHaveText('Cannot undo: This decision may already have reached Azure; it can no longer be cancelled.');
    await expect(entry).toHaveAttribute('data-state', /^(sending|queued)$/);
  });
});
