/**
 * The bulk dialog lists what it will decide, sums up the risk, and asks for an explicit tick
 * naming the count with high privilege in it or more than 20 requests (issue 16, rule 3).
 * "Select all" takes only what the filter shows, and the dialog says how many.
 */
import type { Locator } from '@playwright/test';
import { bareId, expect, test } from './fixtures';
import { noViolationsInBothThemes } from './axe';
import { bulkDialog, row, rows, tick, waitForQueue } from './queue-page';
import { addRequest, checkNowUntil } from './tenant';

const listedIds = (dialog: Locator) => dialog.getByTestId('bulk-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id') ?? ''));

test.describe('the bulk dialog (quiet, 900 px)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'], viewport: { width: 900, height: 640 } });

  test('lists each request with its risk, sums it up, and needs the tick naming the count', async ({ app, sim }) => {
    await waitForQueue(app);
    await addRequest(sim, { requester: 'requester2', role: 'Owner', scope: 'staging', justification: 'Rotate staging certificates' });
    await addRequest(sim, { requester: 'requester', role: 'User Access Administrator', scope: 'aks', justification: 'Grant the AKS operator role' });
    await checkNowUntil(app, 7);

    await app.getByTestId('select-all').click();
    await expect(app.getByTestId('bulk-bar')).toContainText('7 selected');
    await app.getByTestId('bulk-approve').click();
    const dialog = bulkDialog(app);
    // Two of the seven are read-only (an extension, my own request): left out, and said so.
    await expect(dialog.getByRole('heading')).toHaveText('Approve 5 requests?');
    await expect(dialog.getByTestId('bulk-summary')).toHaveText('5 requests · 3 High privilege: 2 Owner, 1 User Access Administrator');
    await expect(dialog).toContainText('2 read-only requests are left out');
    const items = dialog.getByTestId('bulk-item');
    await expect(items).toHaveCount(5);
    // Each line: role on scope, requester, time left, cues.
    const owner = items.filter({ hasText: 'Owner on Contoso Staging (subscription)' });
    await expect(owner).toContainText('Priya Natarajan');
    await expect(owner.getByTestId('time-left')).toHaveText(/\d+ h \d+ min left/);
    await expect(items.filter({ has: app.locator('[data-cue="high-privilege"]') })).toHaveCount(3);

    const confirm = dialog.getByTestId('confirm-decision');
    await dialog.getByTestId('justification').fill('Release window approvals, CAB-2207');
    await expect(confirm).toBeDisabled();
    const check = dialog.getByRole('checkbox', { name: 'I have checked these 5 requests' });
    await expect(check).not.toBeChecked();
    await noViolationsInBothThemes(app, 'bulk dialog waiting for the tick');
    await check.check();
    await expect(confirm).toBeEnabled();
    const listed = await listedIds(dialog);
    await confirm.click();
    await expect.poll(async () => (await sim.decisions()).map((c) => c.stageId).sort(), { timeout: 15_000 }).toEqual(listed.map(bareId).sort());
  });

  test('more than 20 needs the tick; Select all takes only what the filter shows', async ({ app, sim }) => {
    await waitForQueue(app);
    const added: string[] = [];
    for (let i = 0; i < 21; i += 1) added.push(await addRequest(sim, { requester: 'requester3', role: 'Reader', scope: 'aks', justification: `Read cluster logs, batch ${i + 1}` }));
    await checkNowUntil(app, 26);

    // One request chosen before filtering stays out of view and out of the decision.
    await tick(row(app, /Owner on Contoso Platform/));
    await app.getByTestId('search').fill('rg-aks-staging');
    await expect(app.getByTestId('bulk-bar')).toContainText('21 of 26 shown');
    await rows(app).first().click({ modifiers: ['ControlOrMeta'] });
    await app.getByTestId('bulk-approve').click();
    await expect(bulkDialog(app).getByTestId('bulk-item')).toHaveCount(1);
    await expect(bulkDialog(app).getByTestId('bulk-hidden-note')).toHaveText('1 chosen request is hidden by the filter and not included.');
    await app.keyboard.press('Escape');

    await app.getByTestId('select-all').click();
    await expect(app.getByTestId('bulk-bar')).toContainText('21 selected');
    await app.getByTestId('bulk-approve').click();
    const dialog = bulkDialog(app);
    await expect(dialog.getByTestId('bulk-summary')).toHaveText('21 requests');
    await expect(dialog.getByTestId('bulk-filter-note')).toHaveText('Chosen from the 21 requests the filter shows (26 waiting in all).');
    await expect(dialog.getByTestId('bulk-item')).toHaveCount(21);
    await app.keyboard.press('Escape');
    // Clearing the filter shows what Select all took: the 21 it showed, not the 5 it hid.
    await app.getByTestId('search').fill('');
    await expect(app.getByTestId('bulk-bar')).toContainText('21 selected');
    await app.getByTestId('bulk-approve').click();
    await expect(dialog.getByTestId('bulk-summary')).toHaveText('21 requests');
    await dialog.getByTestId('justification').fill('Read-only access for the cluster review');
    const confirm = dialog.getByTestId('confirm-decision');
    await expect(confirm).toBeDisabled();
    await dialog.getByRole('checkbox', { name: 'I have checked these 21 requests' }).check();
    await confirm.click();
    await expect.poll(async () => (await sim.decisions()).map((c) => c.stageId).sort(), { timeout: 20_000 }).toEqual([...added].sort());
  });
});
