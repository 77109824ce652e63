/**
 * Several accounts in one window (issue 21), on the preview's two-tenant demo world: the user
 * adds the demo's second tenant in Settings › Accounts, sees both tenants' requests in one
 * queue (each row naming its tenant), narrows it with the tenant filter, and decides one
 * request in each tenant. Each decision must reach its own tenant, carried by that tenant's
 * token for the approver (the simulator's call log names the tid and oid of the bearer token
 * per write, never the token), and the message after it is worded from the recorded entry.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { bareId, expect, test, type PreviewProcess, type SimCall, type Simulator } from './fixtures';
import { decideFromDetail, outcomes, rows, waitForQueue } from './queue-page';

interface WorldCall extends SimCall {
  tid: string | null;
  oid: string | null;
}

/** Each demo tenant's id, from the preview's "Demo tenants: Contoso <id> <url>, Fabrikam <id> <url>" line. */
function tenantIds(preview: PreviewProcess): Record<'Contoso' | 'Fabrikam', string> {
  const line = preview.lines.find((l) => l.startsWith('Demo tenants: '));
  const ids = Object.fromEntries([...(line ?? '').matchAll(/(Contoso|Fabrikam) (\S+) /g)].map((m) => [m[1], m[2]]));
  if (!ids.Contoso || !ids.Fabrikam) throw new Error(`the preview named no two demo tenants:\n${preview.lines.join('\n')}`);
  return ids as Record<'Contoso' | 'Fabrikam', string>;
}

/** Stage writes that carried a decision and that this tenant accepted, from its own call log. */
async function decisionsIn(sim: Simulator, tenant: string): Promise<WorldCall[]> {
  const log = (await sim.control('GET', `/_sim/log?tenant=${encodeURIComponent(tenant)}`)) as WorldCall[];
  return log.filter((c) => c.kind === 'write' && c.reviewResult !== undefined && c.status >= 200 && c.status < 300);
}

/** Opens the first shown row of `tenant` whose request can be decided here; returns its stage id. */
async function openDecidable(page: Page, tenant: string, role: string): Promise<string> {
  const row = rows(page)
    .filter({ has: page.getByTestId('tenant-lead').filter({ hasText: tenant }) })
    .filter({ hasText: role })
    .filter({ hasNotText: /read-only|your own request/ })
    .first();
  await expect(row).toBeVisible();
  const id = await row.getAttribute('data-item-id');
  if (!id) throw new Error('row without data-item-id');
  await row.click();
  await expect(page.getByTestId('detail')).toBeVisible();
  return id;
}

test.describe('several accounts (demo world: Contoso and Fabrikam)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'], viewport: { width: 900, height: 720 } });

  test('add the second tenant in Settings, see both queues, filter by tenant, decide in each', async ({ app, sim, preview }) => {
    test.setTimeout(120_000);
    const ids = tenantIds(preview);
    await waitForQueue(app);
    // One account: rows go without a tenant.
    await expect(app.getByTestId('tenant-lead')).toHaveCount(0);
    const before = Number(/\((\d+)\)/.exec(await app.getByTestId('tab-waiting').innerText())?.[1]);
    expect(before).toBeGreaterThan(0);

    await app.getByTestId('tab-settings').click();
    const section = app.getByTestId('accounts');
    await expect(section.getByTestId('account')).toHaveCount(1);
    // ARM's GET /tenants for the signed-in account names Fabrikam, where the approver is a guest.
    await expect(section.getByTestId('tenant-offer').filter({ hasText: 'Fabrikam' })).toBeVisible();
    await section.getByTestId('add-demo-tenant').click();
    // Said from the accounts main answered with, not from the button.
    await expect(section.getByTestId('accounts-status')).toContainText('Added Fabrikam');
    await expect(section.getByTestId('account')).toHaveCount(2);
    // Once it is an account, it is no longer offered.
    await expect(section.getByTestId('tenant-offer')).toHaveCount(0);
    await expect(section.locator(`[data-testid="account"][data-account-id$=".${ids.Fabrikam}" i]`)).toContainText('Signed in');
    // Remove asks first, saying what stays and what goes; "Keep it" changes nothing.
    await section.getByTestId('account-remove').nth(1).click();
    await expect(section.getByTestId('remove-confirm')).toContainText('Stays:');
    const axe = await new AxeBuilder({ page: app }).include('[data-testid="accounts"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    await section.getByRole('button', { name: 'Keep it' }).click();
    await expect(section.getByTestId('remove-confirm')).toHaveCount(0);
    await expect(section.getByTestId('account')).toHaveCount(2);

    // Both tenants' requests in one queue, each row naming its tenant.
    await app.getByTestId('tab-waiting').click();
    const contosoRows = rows(app).filter({ has: app.getByTestId('tenant-lead').filter({ hasText: 'Contoso' }) });
    const fabrikamRows = rows(app).filter({ has: app.getByTestId('tenant-lead').filter({ hasText: 'Fabrikam' }) });
    await expect(fabrikamRows.first()).toBeVisible({ timeout: 20_000 });
    await expect(contosoRows.first()).toBeVisible();
    await expect.poll(async () => Number(/\((\d+)\)/.exec(await app.getByTestId('tab-waiting').innerText())?.[1])).toBeGreaterThan(before);

    // The tenant filter: Fabrikam's requests only, then Contoso's only.
    const filter = app.getByTestId('filter-tenant');
    await filter.selectOption({ label: 'Fabrikam' });
    await expect(fabrikamRows.first()).toBeVisible();
    await expect(contosoRows).toHaveCount(0);
    expect(await rows(app).count()).toBe(await fabrikamRows.count());

    // Fabrikam: approve its Contributor request (Contoso has one by that name too).
    const fabrikamStage = await openDecidable(app, 'Fabrikam', 'Contributor');
    await decideFromDetail(app, 'Approve', 'Fabrikam change FAB-12');
    await expect(outcomes(app).first()).toContainText(/Approved — Fabrikam · Contributor on /, { timeout: 20_000 });

    await filter.selectOption({ label: 'Contoso' });
    await expect(contosoRows.first()).toBeVisible();
    await expect(fabrikamRows).toHaveCount(0);
    const contosoStage = await openDecidable(app, 'Contoso', 'Contributor');
    await decideFromDetail(app, 'Deny', 'No Contoso change for this');
    await expect(outcomes(app).first()).toContainText(/Denied — Contoso · Contributor on /, { timeout: 20_000 });

    // Each decision reached its own tenant, with that tenant's token for the approver, and only there.
    await expect.poll(async () => (await decisionsIn(sim, 'Fabrikam')).map((c) => [c.stageId, c.reviewResult, c.tid])).toContainEqual([bareId(fabrikamStage), 'Approve', ids.Fabrikam]);
    await expect.poll(async () => (await decisionsIn(sim, 'Contoso')).map((c) => [c.stageId, c.reviewResult, c.tid])).toContainEqual([bareId(contosoStage), 'Deny', ids.Contoso]);
    expect((await decisionsIn(sim, 'Contoso')).map((c) => c.stageId)).not.toContain(bareId(fabrikamStage));
    expect((await decisionsIn(sim, 'Fabrikam')).map((c) => c.stageId)).not.toContain(bareId(contosoStage));
    const oids = (await decisionsIn(sim, 'Fabrikam')).concat(await decisionsIn(sim, 'Contoso')).map((c) => c.oid);
    // The guest has its own object id in Fabrikam: two different oids, one per tenant.
    expect(new Set(oids).size).toBe(2);
  });

  test('a bulk decision under the tenant filter decides that tenant’s shown requests and nothing in the other', async ({ app, sim, preview }) => {
    test.setTimeout(120_000);
    const ids = tenantIds(preview);
    await waitForQueue(app);
    await app.getByTestId('tab-settings').click();
    await app.getByTestId('add-demo-tenant').click();
    await expect(app.getByTestId('accounts-status')).toContainText('Added Fabrikam');
    await app.getByTestId('tab-waiting').click();
    const lead = (tenant: string) => rows(app).filter({ has: app.getByTestId('tenant-lead').filter({ hasText: tenant }) });
    await expect(lead('Fabrikam').first()).toBeVisible({ timeout: 20_000 });
    await expect(lead('Contoso').first()).toBeVisible();

    await app.getByTestId('filter-tenant').selectOption({ label: 'Fabrikam' });
    await expect(lead('Contoso')).toHaveCount(0);
    await app.getByTestId('select-all').click();
    await app.getByTestId('bulk-deny').click();
    const dialog = app.getByTestId('bulk-dialog');
    const listed = dialog.getByTestId('bulk-item');
    await expect(listed.first()).toBeVisible();
    const count = await listed.count();
    // Every request it will decide is Fabrikam's, and it says it was chosen through the filter.
    await expect(listed.filter({ has: app.getByTestId('tenant-lead').filter({ hasText: 'Fabrikam' }) })).toHaveCount(count);
    await expect(dialog.getByTestId('bulk-filter-note')).toContainText('the filter shows');
    await expect(dialog.getByTestId('bulk-summary')).not.toContainText('tenants');
    await dialog.getByTestId('justification').fill('Not this quarter, FAB-99');
    if (await dialog.getByTestId('bulk-check').isVisible()) await dialog.getByTestId('bulk-check').check();
    await dialog.getByTestId('confirm-decision').click();
    await expect(outcomes(app).filter({ hasText: /Denied — Fabrikam · / })).toHaveCount(count, { timeout: 30_000 });

    await expect.poll(async () => (await decisionsIn(sim, 'Fabrikam')).length, { timeout: 20_000 }).toBe(count);
    expect((await decisionsIn(sim, 'Fabrikam')).every((c) => c.reviewResult === 'Deny' && c.tid === ids.Fabrikam)).toBe(true);
    expect(await decisionsIn(sim, 'Contoso')).toEqual([]);
  });

  test('sign one account out and in again, then remove it: the other keeps its queue throughout', async ({ app, preview }) => {
    test.setTimeout(120_000);
    const ids = tenantIds(preview);
    await waitForQueue(app);
    await app.getByTestId('tab-settings').click();
    const section = app.getByTestId('accounts');
    // Added as the discovered guest tenant this time (accounts:discover, then account:add {source: 'tenant'}).
    await section.getByRole('button', { name: 'Add Fabrikam' }).click();
    await expect(section.getByTestId('accounts-status')).toContainText('Added Fabrikam');
    const fabrikam = section.locator(`[data-testid="account"][data-account-id$=".${ids.Fabrikam}" i]`);
    const lead = (tenant: string) => rows(app).filter({ has: app.getByTestId('tenant-lead').filter({ hasText: tenant }) });

    await fabrikam.getByTestId('account-sign-out').click();
    await expect(fabrikam.getByTestId('account-standing')).toHaveText(/Signed out/);
    await expect(section.getByTestId('accounts-status')).toContainText('Fabrikam: Signed out');
    await app.getByTestId('tab-waiting').click();
    await expect(lead('Contoso').first()).toBeVisible();
    await expect(lead('Fabrikam')).toHaveCount(0);

    await app.getByTestId('tab-settings').click();
    await fabrikam.getByTestId('account-sign-in').click();
    await expect(fabrikam.getByTestId('account-standing')).toHaveText(/Signed in/);
    await app.getByTestId('tab-waiting').click();
    await expect(lead('Fabrikam').first()).toBeVisible({ timeout: 20_000 });

    await app.getByTestId('tab-settings').click();
    await fabrikam.getByTestId('account-remove').click();
    await expect(fabrikam.getByTestId('remove-confirm')).toContainText('Goes:');
    await fabrikam.getByTestId('confirm-remove').click();
    await expect(section.getByTestId('accounts-status')).toHaveText('Removed Fabrikam');
    await expect(section.getByTestId('account')).toHaveCount(1);
    await app.getByTestId('tab-waiting').click();
    // One account again: rows go without a tenant, and none of Fabrikam's is left.
    await expect(rows(app).first()).toBeVisible();
    await expect(app.getByTestId('tenant-lead')).toHaveCount(0);
    await expect(rows(app).filter({ hasText: 'Fabrikam' })).toHaveCount(0);
  });
});
