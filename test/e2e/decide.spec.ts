import { bareId, expect, test } from './fixtures';
import { openedExternally } from './notification-desk';
import { bulkDialog, decideFromDetail, open, outcomes, row, rows, waitForQueue } from './queue-page';

test.describe('deciding from the queue window (quiet scenario)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'] });

  test('lists requests as role on scope, soonest to expire first', async ({ app }) => {
    await waitForQueue(app);
    await expect(row(app, 'Key Vault Administrator on rg-payments-prod (resource group)')).toBeVisible();
    const lefts = await rows(app).getByTestId('time-left').allInnerTexts();
    const minutes = lefts.map((t) => {
      const m = /(?:(\d+) h )?(\d+) min left/.exec(t);
      return m ? Number(m[1] ?? 0) * 60 + Number(m[2]) : Number.POSITIVE_INFINITY;
    });
    expect(minutes).toEqual([...minutes].sort((a, b) => a - b));
    await expect(app.getByTestId('tab-waiting')).toHaveText(/Waiting \(\d+\)/);
  });

  test('approve reaches the simulator and says "Approved"', async ({ app, sim }) => {
    await waitForQueue(app);
    const { id } = await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Approve', 'Matches change CHG-1001');
    await expect(outcomes(app).first()).toContainText('Approved');
    await expect.poll(async () => (await sim.decisions()).map((c) => [c.stageId, c.reviewResult])).toContainEqual([bareId(id), 'Approve']);
    await expect(rows(app).filter({ hasText: 'Key Vault Administrator' })).toHaveCount(0);
  });

  test('deny reaches the simulator and says "Denied"', async ({ app, sim }) => {
    await waitForQueue(app);
    const { id } = await open(app, /Owner on Contoso Platform/);
    await decideFromDetail(app, 'Deny', 'No change ticket for this');
    await expect(outcomes(app).first()).toContainText('Denied');
    await expect.poll(async () => (await sim.decisions()).map((c) => [c.stageId, c.reviewResult])).toContainEqual([bareId(id), 'Deny']);
  });

  test('a justification is required before anything is sent', async ({ app, sim }) => {
    await waitForQueue(app);
    await open(app, 'Key Vault Administrator');
    await app.getByTestId('decide-bar').getByTestId('justification').fill('   ');
    await app.getByTestId('approve').click();
    await expect(app.getByRole('alert').filter({ hasText: 'Azure requires one' })).toBeVisible();
    expect(await sim.decisions()).toEqual([]);
  });

  test('extend and renew requests are read-only with a link to the portal', async ({ app, preview }) => {
    await waitForQueue(app);
    const { detail } = await open(app, /Contributor on rg-data-platform/);
    await expect(detail.getByTestId('read-only')).toContainText("can't be approved");
    await expect(detail.getByTestId('decide-bar')).toHaveCount(0);
    await detail.getByTestId('read-only').getByTestId('portal-link').click();
    // What main handed to the external opener (the preview prints it instead of opening a
    // browser): the Azure resource approvals blade of the public portal, once, and nothing else.
    await expect.poll(() => openedExternally(preview)).toEqual(['https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ApproveRequestMenuBlade/~/azurerbac']);
    // The window itself never navigates away.
    await expect(app).toHaveURL(new RegExp(`^${preview.origin}`));
  });

  test('a conflict says who decided first', async ({ app, sim }) => {
    await waitForQueue(app);
    const { id } = await open(app, 'Key Vault Administrator');
    // Another approver wins while this window still shows the request.
    await sim.control('POST', '/_sim/decide', { principal: 'approver2', stageId: id, result: 'Approve' });
    await decideFromDetail(app, 'Approve', 'Looks fine');
    await expect(outcomes(app).first()).toHaveAttribute('data-tone', 'warning');
    await expect(outcomes(app).first()).toContainText(/Already (approved|decided)|another approver/i);
  });

  test('my own request says why I cannot approve it', async ({ app }) => {
    await waitForQueue(app);
    const own = rows(app).filter({ hasText: 'your own request' });
    await expect(own).toHaveCount(1);
    await own.click();
    await expect(app.getByTestId('read-only')).toContainText('You made this request');
  });

  test('bulk: shift-click a range, confirm, every decision reaches the simulator', async ({ app, sim }) => {
    await waitForQueue(app);
    const actionable = rows(app).filter({ hasNotText: /read-only|your own request/ });
    const count = await actionable.count();
    expect(count).toBeGreaterThanOrEqual(2);
    const ids = await Promise.all([0, 1].map(async (i) => (await actionable.nth(i).getAttribute('data-item-id')) ?? ''));
    // A plain click opens the first; Shift-click chooses the range from it (a read-only one between is left out).
    await actionable.nth(0).click();
    await actionable.nth(1).click({ modifiers: ['Shift'] });
    await app.getByTestId('bulk-approve').click();
    const dialog = bulkDialog(app);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading')).toContainText('Approve 2 requests?');
    await expect(dialog.getByTestId('bulk-item')).toHaveCount(2);
    await dialog.getByTestId('justification').fill('Bulk approval for the release window');
    // Owner on Contoso Platform is high privilege: the tick naming the count comes first.
    await expect(dialog.getByTestId('confirm-decision')).toBeDisabled();
    await dialog.getByTestId('bulk-check').check();
    await dialog.getByTestId('confirm-decision').click();
    await expect(outcomes(app)).toHaveCount(2);
    await expect.poll(async () => (await sim.decisions()).map((c) => c.stageId).sort()).toEqual(ids.map(bareId).sort());
  });

  test('select all shown, then ctrl-click removes one', async ({ app }) => {
    await waitForQueue(app);
    await app.getByTestId('select-all').click();
    const total = await rows(app).count();
    await expect(app.getByTestId('bulk-bar')).toContainText(`${total} selected`);
    await rows(app).first().click({ modifiers: ['ControlOrMeta'] });
    await expect(app.getByTestId('bulk-bar')).toContainText(`${total - 1} selected`);
  });

  test('"remember as default" fills the next decision', async ({ app }) => {
    await waitForQueue(app);
    await open(app, 'Key Vault Administrator');
    await app.getByTestId('decide-bar').getByTestId('justification').fill('Standard change, pre-approved');
    await app.getByTestId('decide-bar').getByTestId('remember-default').check();
    await app.getByTestId('approve').click();
    await expect(outcomes(app).first()).toContainText('Approved');
    await open(app, /Owner on Contoso Platform/);
    await expect(app.getByTestId('decide-bar').getByTestId('justification')).toHaveValue('Standard change, pre-approved');
    await app.getByTestId('tab-settings').click();
    await expect(app.getByRole('textbox', { name: 'Default justification' })).toHaveValue('Standard change, pre-approved');
  });
});

test.describe('through the outbox', () => {
  test.use({ previewArgs: ['--scenario', 'quiet', '--outbox', '--undo-ms', '4000'] });

  test('a decision waits out the undo window and can be taken back', async ({ app, sim }) => {
    await waitForQueue(app);
    const undone = await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Approve', 'Changed my mind shortly');
    await expect(outcomes(app).first()).toContainText(/Approval waits \d s/);
    await app.getByTestId('undo').click();
    await expect(outcomes(app).first()).toContainText('Undone');
    // A later decision is sent after the undone one's window would have closed: once it
    // reaches the simulator, the undone one would have too, had Undo not worked.
    const later = await open(app, /Owner on Contoso Platform/);
    await decideFromDetail(app, 'Deny', 'Sent after the undone one');
    await expect.poll(async () => (await sim.decisions()).map((c) => c.stageId), { timeout: 20_000 }).toContain(bareId(later.id));
    expect((await sim.decisions()).map((c) => c.stageId)).not.toContain(bareId(undone.id));
  });

  test('a decision is sent once the undo window closes and shows in the history', async ({ app, sim }) => {
    await waitForQueue(app);
    const { id } = await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Approve', 'Sent after the undo window');
    await expect.poll(async () => (await sim.decisions()).map((c) => c.stageId), { timeout: 20_000 }).toContain(bareId(id));
    await app.getByTestId('tab-outbox').click();
    await expect(app.getByTestId('outbox-entry').first()).toHaveAttribute('data-state', 'done', { timeout: 10_000 });
  });
});

test.describe('offline', () => {
  test.use({ previewArgs: ['--scenario', 'quiet', '--outbox', '--undo-ms', '0'] });
  // The preview's control does what Electron's OS network events do: core.setPaused('offline').
  test('a decision made offline is queued, then sent when the network returns', async ({ app, sim, preview }) => {
    const network = (online: boolean) => app.request.post(`${preview.origin}/__preview/control`, { data: { action: 'network', online } });
    expect((await network(false)).status()).toBe(204);
    await waitForQueue(app);
    const { id } = await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Approve', 'Approved on the plane');
    await expect(outcomes(app).first()).toContainText('Waiting to send (offline)');
    await expect(app.getByTestId('sync-state')).toContainText('1 decision waiting to send (offline)');
    // Once the outbox says it waits, nothing has been sent; after reconnecting, exactly one is.
    expect(await sim.decisions()).toEqual([]);
    expect((await network(true)).status()).toBe(204);
    await expect(app.getByTestId('sync-state')).toContainText('All decisions sent', { timeout: 15_000 });
    expect((await sim.decisions()).filter((c) => c.stageId === bareId(id))).toHaveLength(1);
    await app.getByTestId('tab-outbox').click();
    await expect(app.getByTestId('outbox-entry').first()).toHaveAttribute('data-state', 'done');
  });
});

test.describe('from a notification or the tray', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'] });

  test('"Approve…" opens the request with the decision chosen and the cursor in the justification', async ({ app, preview }) => {
    await waitForQueue(app);
    const state = await app.evaluate(() => (window as unknown as { pim: { getState(): Promise<{ queue: Array<{ id: string; role: { displayName: string }; actionable: boolean }> }> } }).pim.getState());
    const item = state.queue.find((i) => i.actionable && i.role.displayName === 'Key Vault Administrator');
    if (!item) throw new Error('quiet has an actionable Key Vault Administrator request');
    await app.getByTestId('tab-settings').click();
    const res = await app.request.post(`${preview.origin}/__preview/control`, { data: { action: 'focus', request: { itemId: item.id, decision: 'Deny', justification: 'Typed in the notification' } } });
    expect(res.status()).toBe(204);
    const dialog = app.getByRole('dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Deny');
    const field = dialog.getByTestId('justification');
    await expect(field).toBeFocused();
    await expect(field).toHaveValue('Typed in the notification');
  });
});

test.describe('account', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'] });

  test('sign out from Settings, then back in to the demo tenant', async ({ app }) => {
    await waitForQueue(app);
    await app.getByTestId('tab-settings').click();
    // One account: signed in and out in Settings › Accounts, never a second "Signed in as" row.
    const accounts = app.getByTestId('accounts').getByTestId('account');
    await expect(accounts).toHaveCount(1);
    await expect(app.getByTestId('account-status')).toHaveCount(0);
    await accounts.getByTestId('account-sign-out').click();
    await expect(app.getByTestId('account-status')).toContainText('Not signed in');
    await expect(app.getByTestId('connection')).toHaveAttribute('data-state', 'signed-out');
    await app.getByTestId('tab-waiting').click();
    await app.getByTestId('first-run').getByRole('button', { name: 'Try the demo' }).click();
    await expect(app.getByTestId('connection')).toHaveAttribute('data-state', 'online', { timeout: 15_000 });
  });
});
