/**
 * The three kinds of PIM request in one queue (mixed scenario): Azure resource roles over
 * ARM, Entra ID roles and PIM for Groups over Microsoft Graph. Each kind is named, can be
 * filtered, and decides through its own route; a kind without consent is turned off with
 * its reason while the others keep working.
 */
import { bareId, expect, test } from './fixtures';
import { decideFromDetail, open, outcomes, row, rows, waitForQueue } from './queue-page';

test.describe('three kinds in one queue (mixed scenario)', () => {
  test.use({ previewArgs: ['--scenario', 'mixed'] });

  test('shows Azure resource, Entra ID role and group requests, each named with its kind', async ({ app }) => {
    await waitForQueue(app);
    await expect(row(app, 'Global Administrator (Entra ID)')).toBeVisible();
    await expect(row(app, /Owner of .* \(group\)/)).toBeVisible();
    await expect(row(app, /Member of .* \(group\)/)).toBeVisible();
    await expect(row(app, /Contributor on /)).toBeVisible();
    const kinds = await rows(app).evaluateAll((els) => els.map((el) => el.querySelector('[data-kind]')?.getAttribute('data-kind') ?? 'azureResource'));
    expect(new Set(kinds)).toEqual(new Set(['azureResource', 'entraRole', 'group']));
    // The detail pane says what a group request grants.
    const { detail } = await open(app, /Owner of .* \(group\)/);
    await expect(detail).toContainText('Owner');
    await expect(detail).toContainText(/PIM group|group/i);
  });

  test('filters by kind', async ({ app }) => {
    await waitForQueue(app);
    const all = await rows(app).count();
    await app.getByTestId('filter-kind').selectOption({ label: 'Entra ID role' });
    await expect(rows(app).filter({ hasNotText: '(Entra ID)' })).toHaveCount(0);
    const entra = await rows(app).count();
    expect(entra).toBeGreaterThanOrEqual(2);
    expect(entra).toBeLessThan(all);
    await app.getByTestId('filter-kind').selectOption({ label: 'All kinds' });
    await expect(rows(app)).toHaveCount(all);
  });

  test('decides one of each kind, each through its own route', async ({ app, sim }) => {
    await waitForQueue(app);
    const azure = await open(app, /Contributor on /);
    await decideFromDetail(app, 'Approve', 'Release 2026.11 is approved in CAB');
    await expect(outcomes(app).first()).toContainText('Approved');

    const entra = await open(app, 'Global Administrator (Entra ID)');
    await decideFromDetail(app, 'Approve', 'Break-glass for INC0077001, confirmed by phone');
    await expect(outcomes(app).first()).toContainText('Approved');

    const group = await open(app, /Member of .* \(group\)/);
    await decideFromDetail(app, 'Deny', 'Quarter-end access goes through the finance lead');
    await expect(outcomes(app).first()).toContainText('Denied');

    await expect
      .poll(async () => (await sim.decisions()).map((c) => [c.route, c.stageId, c.reviewResult]))
      .toEqual(
        expect.arrayContaining([
          [expect.not.stringMatching(/^graph\./), bareId(azure.id), 'Approve'],
          ['graph.patchEntraStep', bareId(entra.id), 'Approve'],
          ['graph.patchGroupStage', bareId(group.id), 'Deny'],
        ]),
      );
    // Each left the waiting list.
    await expect(rows(app).filter({ hasText: 'Global Administrator (Entra ID)' })).toHaveCount(0);
  });

  test('a kind without consent is turned off with its reason; the others keep working', async ({ app, sim }) => {
    await waitForQueue(app);
    await expect(row(app, 'Global Administrator (Entra ID)')).toBeVisible();
    await sim.control('POST', '/_sim/knobs', { graphConsent: { entraRole: false, group: true } });
    await app.keyboard.press('Control+r');
    await expect(rows(app).filter({ hasText: '(Entra ID)' })).toHaveCount(0);
    await expect(row(app, /\(group\)/)).toBeVisible();
    await expect(row(app, /Contributor on /)).toBeVisible();
    // The waiting list says a kind is missing, so an empty Entra ID list is not read as "nothing waits".
    await expect(app.getByTestId('kinds-notice')).toContainText('Entra ID role requests not shown');
    await app.getByTestId('tab-settings').click();
    const settings = app.getByTestId('settings');
    await expect(settings).toContainText('RoleAssignmentSchedule.ReadWrite.Directory');
    await expect(settings).toContainText(/consent/i);

    // Consent granted: Refresh turns it back on.
    await sim.control('POST', '/_sim/knobs', { graphConsent: { entraRole: true, group: true } });
    await app.getByTestId('tab-waiting').click();
    await app.keyboard.press('Control+r');
    await expect(row(app, 'Global Administrator (Entra ID)')).toBeVisible();
    await expect(app.getByTestId('kinds-notice')).toHaveCount(0);
  });

  test('markup in a group name or an Entra ID justification is shown literally and never runs', async ({ app, sim }) => {
    const dialogs: string[] = [];
    app.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await sim.control('POST', '/_sim/requests', { kind: 'group', access: 'owner', group: '<img src=x onerror=alert(1)> Admins', requester: 'requester', approvers: ['me'], justification: 'ok' });
    await sim.control('POST', '/_sim/requests', { kind: 'entraRole', role: 'Global Reader', requester: 'requester2', approvers: ['me'], justification: "<script>alert('entra')</script>" });
    await waitForQueue(app);
    await app.keyboard.press('Control+r');
    await expect(app.getByTestId('tab-waiting')).toHaveText(/Waiting \(10\)/);
    // Both expire last, past the rows a virtual list renders: a search brings each up.
    await app.getByTestId('search').fill('Admins');
    await expect(row(app, 'Owner of <img src=x onerror=alert(1)> Admins (group)')).toBeVisible();
    await app.getByTestId('search').fill('Global Reader');
    const { detail } = await open(app, 'Global Reader (Entra ID)');
    await expect(detail.getByTestId('detail-justification')).toHaveText("<script>alert('entra')</script>");
    const injected = await app.evaluate(() => ({ imgs: document.querySelectorAll('img').length, scripts: [...document.querySelectorAll('script')].filter((x) => !x.src).length }));
    expect(injected).toEqual({ imgs: 0, scripts: 0 });
    expect(dialogs).toEqual([]);
  });
});
