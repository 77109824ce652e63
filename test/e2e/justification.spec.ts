/**
 * A justification belongs to one request (issue 16, rule 1): each starts empty or from the
 * saved default template filled from that request; a draft stays with its request for the
 * session and never reaches storage; only "Remember as default" saves, and it saves a template.
 */
import type { Page } from '@playwright/test';
import { bareId, expect, test } from './fixtures';
import { noViolationsInBothThemes } from './axe';
import { decideDialog, decideFromDetail, open, outcomes, waitForQueue } from './queue-page';
import { sentJustification } from './tenant';

const bar = (page: Page) => page.getByTestId('decide-bar');
const storedText = (page: Page) => page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));

test.describe('a justification belongs to one request (quiet, 900 px)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'], viewport: { width: 900, height: 640 } });

  test('text typed for one request never starts the next, and Enter alone sends nothing', async ({ app, sim }) => {
    await waitForQueue(app);
    const denied = await open(app, /Owner on Contoso Platform/);
    await decideFromDetail(app, 'Deny', 'DENIED: no change ticket');
    await expect(outcomes(app).first()).toContainText('Denied');

    // The next request starts empty: the denial's text is not offered for it.
    await open(app, 'Key Vault Administrator');
    await expect(bar(app).getByTestId('justification')).toHaveValue('');
    await app.getByTestId('queue').focus();
    await app.keyboard.press('a');
    const dialog = decideDialog(app);
    await expect(dialog.getByTestId('justification')).toHaveValue('');
    await expect(dialog.getByTestId('justification')).toBeFocused();
    // Today's accident was "a" then Enter; now Enter is a new line and confirming asks for a text.
    await app.keyboard.press('Enter');
    await app.keyboard.press('ControlOrMeta+Enter');
    await expect(dialog.getByRole('alert')).toContainText('Azure requires one');
    expect((await sim.decisions()).map((c) => c.stageId)).toEqual([bareId(denied.id)]);
    await app.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect(await storedText(app)).not.toContain('DENIED');
  });

  test('a draft stays with its request for the session, and is never stored', async ({ app }) => {
    await waitForQueue(app);
    await open(app, 'Key Vault Administrator');
    await bar(app).getByTestId('justification').fill('Checked with the payments team');
    await open(app, /Contributor on Contoso Production/);
    await expect(bar(app).getByTestId('justification')).toHaveValue('');
    await open(app, 'Key Vault Administrator');
    await expect(bar(app).getByTestId('justification')).toHaveValue('Checked with the payments team');

    // Other tabs and back: still there. The dialog for that request starts from it too.
    await app.getByTestId('tab-settings').click();
    await app.getByTestId('tab-waiting').click();
    await open(app, 'Key Vault Administrator');
    await expect(bar(app).getByTestId('justification')).toHaveValue('Checked with the payments team');
    await app.getByTestId('queue').focus();
    await app.keyboard.press('d');
    await expect(decideDialog(app).getByTestId('justification')).toHaveValue('Checked with the payments team');
    await app.keyboard.press('Escape');

    // Memory only: a reload (as a restart) forgets it, and storage never held it.
    expect(await storedText(app)).not.toContain('payments team');
    await app.reload();
    await waitForQueue(app);
    await open(app, 'Key Vault Administrator');
    await expect(bar(app).getByTestId('justification')).toHaveValue('');
  });

  test('"Remember as default" saves a template filled from each request; nothing else saves', async ({ app, sim }) => {
    await waitForQueue(app);
    // Contributor on Contoso Production has ticket INC0012345 and was asked for by Jordan Lee.
    const first = await open(app, /Contributor on Contoso Production/);
    await bar(app).getByTestId('justification').fill('Approved for INC0012345, asked by Jordan Lee');
    await bar(app).getByTestId('remember-default').check();
    await expect(bar(app).getByTestId('saved-as')).toContainText('Approved for {ticket}, asked by {requester}');
    await noViolationsInBothThemes(app, 'decide bar with "Remember as default" ticked');
    await bar(app).getByTestId('approve').click();
    await expect(outcomes(app).first()).toContainText('Approved');
    // What reached Azure is this request's text; what was kept is the template.
    await expect.poll(() => sentJustification(sim, bareId(first.id))).toBe('Approved for INC0012345, asked by Jordan Lee');

    // The next request starts from the template filled with its own values; it has no ticket, so {ticket} stays and is named.
    await open(app, 'Key Vault Administrator');
    await expect(bar(app).getByTestId('justification')).toHaveValue('Approved for {ticket}, asked by Priya Natarajan');
    await expect(bar(app).getByTestId('justification-hint')).toHaveText('This request has no ticket number: replace {ticket}.');
    await noViolationsInBothThemes(app, 'decide bar filled from the template');
    await bar(app).getByTestId('approve').click();
    await expect(bar(app).getByRole('alert')).toContainText('Replace {ticket} first');
    expect(await sim.decisions()).toHaveLength(1);

    // Decided without "Remember as default": the saved template does not change.
    const second = await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Approve', 'Approved: audit key rotation, asked by Priya Natarajan');
    await expect(outcomes(app).first()).toContainText('Approved');
    await expect.poll(() => sentJustification(sim, bareId(second.id))).toBe('Approved: audit key rotation, asked by Priya Natarajan');
    await app.getByTestId('tab-settings').click();
    await expect(app.getByRole('textbox', { name: 'Default justification' })).toHaveValue('Approved for {ticket}, asked by {requester}');
  });
});

/** Turns one-click on with this default template (as Settings would), then reloads to read it. */
async function setTemplate(page: Page, template: string): Promise<void> {
  await page.evaluate((t) => (window as unknown as { pim: { saveSettings(p: object): Promise<unknown> } }).pim.saveSettings({ oneClickDecisions: true, defaultJustification: t }), template);
  await page.reload();
  await waitForQueue(page);
}

test.describe('one-click decisions use the template for that request only (quiet, 900 px)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'], viewport: { width: 900, height: 640 } });

  test('one click only when the template fills completely and nothing is high privilege', async ({ app, sim }) => {
    await waitForQueue(app);
    await setTemplate(app, 'Approved for {ticket}');

    // Has a ticket, no high-privilege cue: decided at once with its own ticket.
    const withTicket = await open(app, /Contributor on Contoso Production/);
    await app.getByTestId('queue').focus();
    await app.keyboard.press('a');
    await expect(outcomes(app).first()).toContainText('Approved');
    await expect.poll(() => sentJustification(sim, bareId(withTicket.id))).toBe('Approved for INC0012345');

    // No ticket: the dialog asks instead of sending "{ticket}".
    await open(app, 'Key Vault Administrator');
    await app.getByTestId('queue').focus();
    await app.keyboard.press('a');
    await expect(decideDialog(app).getByTestId('justification')).toHaveValue('Approved for {ticket}');
    await app.keyboard.press('Escape');

    // A template every request can fill: one click for Key Vault; Owner (high privilege) still gets the dialog.
    await setTemplate(app, 'Approved, asked by {requester}');
    const keyVault = await open(app, 'Key Vault Administrator');
    await app.getByTestId('queue').focus();
    await app.keyboard.press('a');
    await expect.poll(() => sentJustification(sim, bareId(keyVault.id))).toBe('Approved, asked by Priya Natarajan');
    await open(app, /Owner on Contoso Platform/);
    await app.getByTestId('queue').focus();
    await app.keyboard.press('a');
    await expect(decideDialog(app).getByTestId('justification')).toHaveValue('Approved, asked by Mateo García');
    await app.keyboard.press('Escape');
    expect((await sim.decisions()).map((c) => c.stageId).sort()).toEqual([bareId(withTicket.id), bareId(keyVault.id)].sort());
  });
});
