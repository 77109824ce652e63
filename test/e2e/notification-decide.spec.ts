/**
 * Issue 16, "decide from a notification": one click decides only a request without the
 * High-privilege cue, and only when the user turned one-click on with a default
 * justification; otherwise the button opens the decide dialog on that request. Through the
 * preview's notification desk: the real notification center, real core, real simulator.
 */
import type { Page } from '@playwright/test';
import { bareId, type Simulator } from './fixtures';
import { expect, test, type Desk } from './notification-desk';
import { waitForQueue } from './queue-page';

async function saveSettings(app: Page, patch: Record<string, unknown>): Promise<void> {
  await app.evaluate(async (p) => {
    await (window as unknown as { pim: { saveSettings(p: unknown): Promise<unknown> } }).pim.saveSettings(p);
  }, patch);
}

/** A new request arrives in Azure and the next check raises its notification. */
async function arrives(app: Page, sim: Simulator, desk: Desk, role: string): Promise<{ id: string; stage: string }> {
  const created = (await sim.control('POST', '/_sim/requests', { role, requester: 'requester' })) as { stageIds: string[] };
  const stage = created.stageIds[0] ?? '';
  await app.getByTestId('queue').focus();
  await app.keyboard.press('ControlOrMeta+r');
  await expect.poll(async () => (await desk.visible()).find((n) => bareId(n.id) === stage)?.title ?? '', { timeout: 15_000 }).toContain(role);
  const shown = (await desk.visible()).find((n) => bareId(n.id) === stage);
  if (!shown) throw new Error('the notification is shown');
  expect(shown.actions).toEqual(['approve', 'deny']);
  return { id: shown.id, stage };
}

test.describe('decide from a notification', () => {
  test.use({ previewArgs: ['--scenario', 'quiet', '--outbox', '--undo-ms', '500'] });

  test('one-click on, no High-privilege cue: Approve decides at once and the confirmation says "Approved"', async ({ app, sim, desk }) => {
    await waitForQueue(app);
    await saveSettings(app, { oneClickDecisions: true, defaultJustification: 'Routine, ticket checked' });
    const { id, stage } = await arrives(app, sim, desk, 'Key Vault Administrator');
    expect(await desk.press(id, 'approve')).toBe(true);
    await expect.poll(async () => (await sim.decisions()).map((c) => [c.stageId, c.reviewResult]), { timeout: 15_000 }).toEqual([[stage, 'Approve']]);
    await expect.poll(async () => (await desk.visible()).find((n) => n.id === `pim-approvals:outcome:${id}`)?.title ?? '', { timeout: 15_000 }).toMatch(/^Approved — Key Vault Administrator on /);
    await expect(app.getByTestId('decide-dialog')).toHaveCount(0);
  });

  test('a High-privilege request is never decided in one click: Approve opens the dialog on it', async ({ app, sim, desk }) => {
    await waitForQueue(app);
    await saveSettings(app, { oneClickDecisions: true, defaultJustification: 'Routine, ticket checked' });
    const { id } = await arrives(app, sim, desk, 'Owner');
    expect(await desk.press(id, 'approve')).toBe(true);
    const dialog = app.getByTestId('decide-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Approve');
    await expect(dialog).toContainText('Owner');
    await expect(dialog.getByTestId('justification')).toBeFocused();
    // The dialog is open and waiting for the person: nothing went to Azure.
    expect(await sim.decisions()).toEqual([]);
  });

  test('one-click off: Deny opens the dialog on that request with Deny chosen', async ({ app, sim, desk }) => {
    await waitForQueue(app);
    // A default justification alone is not consent to decide in one click.
    await saveSettings(app, { oneClickDecisions: false, defaultJustification: 'Routine, ticket checked' });
    const { id } = await arrives(app, sim, desk, 'Key Vault Administrator');
    expect(await desk.press(id, 'deny')).toBe(true);
    const dialog = app.getByTestId('decide-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Deny');
    await expect(dialog).toContainText('Key Vault Administrator');
    expect(await sim.decisions()).toEqual([]);
  });
});
