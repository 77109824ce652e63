/**
 * Issue 22: one reminder when a request I can still decide has an hour left, withdrawn once it
 * is decided. Through the preview's notification desk (the real notification center, real
 * core, real simulator); the request's approval window is set so that under an hour is left.
 */
import { bareId } from './fixtures';
import { expect, test } from './notification-desk';
import { decideFromDetail, open, waitForQueue } from './queue-page';
import { addRequest, checkNowUntil, expiringIn } from './tenant';

test.describe('the reminder at an hour left', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'] });

  test('one reminder for a request with under an hour left, withdrawn when I decide it', async ({ app, sim, desk }) => {
    await waitForQueue(app);
    const waiting = Number(/\((\d+)\)/.exec((await app.getByTestId('tab-waiting').textContent()) ?? '')?.[1] ?? 0);
    const stage = await addRequest(sim, { requester: 'requester2', role: 'Key Vault Administrator', scope: 'payments', justification: 'Rotate the key before the audit', createdOn: expiringIn(50 * 60_000) });
    await checkNowUntil(app, waiting + 1);

    const reminderOf = async () => (await desk.visible()).filter((n) => n.id.startsWith('pim-approvals:reminder:') && bareId(n.id) === stage);
    await expect.poll(async () => (await reminderOf()).map((n) => n.title), { timeout: 15_000 }).toEqual([expect.stringMatching(/^(49|50) min left — Key Vault Administrator on rg-payments-prod$/)]);
    const [reminder] = await reminderOf();
    expect(reminder?.actions).toEqual(['approve', 'deny']);
    // A request with hours left has none: only one reminder in all that is shown.
    expect((await desk.visible()).filter((n) => n.id.startsWith('pim-approvals:reminder:'))).toHaveLength(1);
    // Another check does not remind again.
    await checkNowUntil(app, waiting + 1);
    expect((await desk.history()).filter((n) => n.id.startsWith('pim-approvals:reminder:'))).toHaveLength(1);

    await open(app, 'Rotate the key before the audit');
    await decideFromDetail(app, 'Approve', 'Checked with the payments team');
    await expect.poll(async () => (await sim.decisions()).map((c) => c.stageId), { timeout: 15_000 }).toContain(stage);
    // Decided: the reminder was on screen and is withdrawn.
    await expect.poll(async () => (await reminderOf()).length, { timeout: 15_000 }).toBe(0);
  });
});
