/**
 * A request is decidable only while it can be decided (issue 16, rule 4): at the second its
 * approval window closes it shows "Expired at 14:02 — nothing to decide", Approve and Deny
 * are off with that reason, a bulk decision drops it with a note (even while its dialog is
 * open), and it leaves Waiting once the next check confirms it with the service.
 */
import { bareId, expect, test } from './fixtures';
import { noViolationsInBothThemes } from './axe';
import { bulkDialog, decideDialog, open, outcomes, row, rowOf, tick, waitForQueue } from './queue-page';
import { addRequest, checkNowUntil, expiringIn } from './tenant';

test.describe('a request whose time runs out (quiet, 900 px)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'], viewport: { width: 900, height: 640 } });

  test('shows as expired at that second, offers no decision, and leaves after the next check', async ({ app, sim }) => {
    test.setTimeout(60_000);
    await waitForQueue(app);
    const createdOn = expiringIn(15_000);
    const expiresAt = Date.parse(createdOn) + 24 * 60 * 60_000;
    const stage = await addRequest(sim, { requester: 'requester2', role: 'Reader', scope: 'sandbox', justification: 'Look at last night’s cost report', createdOn });
    await checkNowUntil(app, 6);
    const expiring = rowOf(app, stage);
    await expect(expiring.getByTestId('time-left')).toHaveText('under 1 min left');

    // Chosen with another, and the bulk dialog opened while it can still be decided.
    const keyVault = row(app, 'Key Vault Administrator');
    await tick(expiring);
    await tick(keyVault);
    await app.getByTestId('bulk-approve').click();
    const dialog = bulkDialog(app);
    await expect(dialog.getByTestId('bulk-item')).toHaveCount(2);

    // At its second, it drops out of the open dialog with a note.
    await expect(dialog.getByTestId('bulk-expired-note')).toHaveText('1 expired request was dropped: their time ran out, so there is nothing to decide.', { timeout: 20_000 });
    // At that second, not at the next 15 s tick of the clock.
    expect(Date.now() - expiresAt).toBeLessThan(2_000);
    await expect(dialog.getByTestId('bulk-item')).toHaveCount(1);
    await expect(dialog.getByRole('heading')).toHaveText('Approve 1 request?');
    await noViolationsInBothThemes(app, 'bulk dialog with an expired request dropped');
    // Read before deciding: a decided row leaves the list at once, and the id is wanted after.
    const keyVaultId = bareId((await keyVault.getAttribute('data-item-id')) ?? '');
    await dialog.getByTestId('justification').fill('Key rotation is due');
    await dialog.getByTestId('confirm-decision').click();
    await expect.poll(async () => (await sim.decisions()).map((c) => c.stageId)).toEqual([keyVaultId]);

    // The row and its details say when it expired; Approve and Deny are off, with that reason.
    await expect(expiring.getByTestId('time-left')).toHaveText(/^Expired at \S+/);
    const { detail } = await open(app, /Reader on Contoso Sandbox/);
    const reason = detail.getByTestId('expired-reason');
    await expect(reason).toHaveText(/^Expired at .+ — nothing to decide$/);
    await expect(detail.getByTestId('approve')).toBeDisabled();
    await expect(detail.getByTestId('deny')).toBeDisabled();
    await expect(detail.getByTestId('approve')).toHaveAccessibleDescription(await reason.innerText());
    await noViolationsInBothThemes(app, 'an expired request');

    // a / d on it open no dialog: the window says why instead, whether it is still ticked or only open.
    await app.getByTestId('queue').focus();
    await app.keyboard.press('a');
    await expect(outcomes(app).first()).toContainText('nothing to decide');
    await expect(bulkDialog(app)).toHaveCount(0);
    await tick(expiring);
    await app.getByTestId('outcomes').getByRole('button', { name: 'Dismiss' }).click();
    await app.getByTestId('queue').focus();
    await app.keyboard.press('d');
    await expect(outcomes(app).first()).toContainText('nothing to decide');
    await expect(decideDialog(app)).toHaveCount(0);
    expect((await sim.decisions()).map((c) => c.stageId)).not.toContain(stage);

    // The next check asks the service, which says it timed out: it leaves Waiting.
    await checkNowUntil(app, 4);
    await expect(rowOf(app, stage)).toHaveCount(0);
  });
});
