/**
 * Triage at a glance (issue 22): at the 420 px popover and a 900 px window, in both themes,
 * each row answers who wants what, where, why and until when, with nothing cut mid-word;
 * what a row shortens (the reason) or could clamp is whole in its hover and accessible name;
 * tenant text with bidi overrides cannot reorder the words after it.
 */
import type { Locator, Page } from '@playwright/test';
import { noViolations, SCHEMES } from './axe';
import { bareId, expect, test } from './fixtures';
import { rowOf, rows, waitForQueue } from './queue-page';
import { addRequest, checkNowUntil } from './tenant';

const SIZES = [420, 900] as const;
const LONG_REASON = 'Rotate the payment gateway signing key before the quarterly PCI audit, then verify the checkout flow end to end with the payments team';

/** Every text cell of every rendered row that overflows its box, sideways or below: a list of "row: cell" names. */
async function clippedCells(page: Page): Promise<{ cells: number; clipped: string[] }> {
  return rows(page).evaluateAll((els) => {
    const clipped: string[] = [];
    let cells = 0;
    for (const row of els) {
      for (const cell of row.querySelectorAll<HTMLElement>('[data-testid^="row-"]:not([data-testid="row-check"])')) {
        cells += 1;
        // Sideways: text running past the cell; below: lines clamped away (one pixel of rounding allowed).
        if (cell.scrollWidth > cell.clientWidth || cell.scrollHeight > cell.clientHeight + 1) {
          clipped.push(`${row.getAttribute('data-item-id')?.slice(-8)}: ${cell.getAttribute('data-testid')} (${cell.scrollWidth}×${cell.scrollHeight} in ${cell.clientWidth}×${cell.clientHeight})`);
        }
      }
      // Tags: each one wholly inside the row's tag line.
      const line = row.querySelector('[data-testid="row-tags"]')?.getBoundingClientRect();
      for (const tag of row.querySelectorAll('[data-testid="row-tags"] .cue, [data-testid="row-tags"] .kind')) {
        const box = tag.getBoundingClientRect();
        if (line && (box.right > line.right + 0.5 || box.bottom > line.bottom + 0.5)) clipped.push(`${row.getAttribute('data-item-id')?.slice(-8)}: tag "${tag.textContent}" overflows`);
      }
    }
    return { cells, clipped };
  });
}

async function addLongRequest(page: Page, sim: Parameters<typeof addRequest>[0]): Promise<Locator> {
  const before = await page.getByTestId('tab-waiting').textContent();
  const count = Number(/\((\d+)\)/.exec(before ?? '')?.[1] ?? 0);
  // A start tomorrow at 21:00 in the browser's time zone: scheduled, and outside 08:00–18:00.
  const startOn = await page.evaluate(() => {
    const d = new Date();
    d.setDate(d.getDate() + 1);
    d.setHours(21, 0, 0, 0);
    return d.toISOString();
  });
  const stage = await addRequest(sim, {
    requester: 'requester2',
    role: 'Role Based Access Control Administrator',
    scope: 'payments',
    justification: LONG_REASON,
    ticketNumber: 'CHG0031337',
    ticketSystem: 'ServiceNow',
    startOn,
    duration: 'PT4H',
  });
  await checkNowUntil(page, count + 1);
  return rowOf(page, stage);
}

test.describe('triage at a glance (mixed scenario: three kinds)', () => {
  test.use({ previewArgs: ['--scenario', 'mixed'] });
  test('rows say who, what, where, why and until when, uncut at 420 and 900 px in both themes', async ({ app, sim }) => {
    test.slow(); // four layouts, each measured and run through axe
    await waitForQueue(app);
    const row = await addLongRequest(app, sim);
    await expect(row).toBeVisible();

    // The row's words: requester, ticket, the reason in whole words, a scheduled start and end, time left.
    await expect(row.getByTestId('row-by')).toContainText('· Activation');
    await expect(row.getByTestId('row-ticket')).toHaveText('· CHG0031337');
    await expect(row.getByTestId('row-when')).toHaveText(/^\S+ .+ – \S+ .+ · \d+ h \d+ min left$/);
    await expect(row.getByTestId('row-when').locator('[title^="Starts "]')).toHaveAttribute('title', /^Starts .+, until .+$/);
    await expect(row.locator('[data-cue="outside-hours"]')).toHaveCount(1);
    // Three kinds wait, so every row names its kind.
    await expect(row.getByTestId('kind-tag')).toHaveText('Azure resource');

    // In full where the row shortens: the hover and the accessible name.
    const label = (await row.getAttribute('aria-label')) ?? '';
    expect(label).toContain('Role Based Access Control Administrator on');
    expect(label).toContain('rg-payments-prod');
    expect(label).toContain(LONG_REASON);
    expect(label).toContain('CHG0031337');
    await expect(row.getByTestId('row-what')).toHaveAttribute('title', /Role Based Access Control Administrator on rg-payments-prod/);
    await expect(row.getByTestId('row-why')).toHaveAttribute('title', `\u2068${LONG_REASON}\u2069`);
    await expect(app.getByRole('option', { name: /Role Based Access Control Administrator on .*rg-payments-prod/ })).toHaveCount(1);

    for (const width of SIZES) {
      await app.setViewportSize({ width, height: 640 });
      for (const colorScheme of SCHEMES) {
        await app.emulateMedia({ colorScheme });
        // It expires last, so it is the list's last row: End brings it into view.
        await app.getByTestId('queue').focus();
        await app.keyboard.press('End');
        await expect(row).toBeVisible();
        // The long reason is shortened to whole words: what shows is the reason's start, word for word.
        const shown = ((await row.getByTestId('row-why').textContent()) ?? '').replace(/^“|”$/g, '');
        expect(shown.endsWith('…'), `${width} px: "${shown}"`).toBe(true);
        const words = shown.slice(0, -1).split(' ');
        expect(LONG_REASON.split(' ').slice(0, words.length), `${width} px: whole words`).toEqual(words);
        // Nothing in any row (a list of many cells, counted) runs out of its box.
        const { cells, clipped } = await clippedCells(app);
        expect(cells, 'rows were measured').toBeGreaterThan(8);
        expect(clipped, `${width} px, ${colorScheme}`).toEqual([]);
        await noViolations(app, `queue at ${width} px (${colorScheme})`);
      }
    }
  });
});

test.describe('one kind waiting (quiet scenario)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'] });

  test('rows carry no kind tag when only one kind waits', async ({ app }) => {
    await waitForQueue(app);
    // Positive signal first: the rows are there and have their tag line where cues exist.
    await expect(rows(app).locator('[data-cue]').first()).toBeVisible();
    await expect(rows(app).getByTestId('kind-tag')).toHaveCount(0);
  });
});

test.describe('bidi in tenant text (hostile scenario)', () => {
  test.use({ previewArgs: ['--scenario', 'hostile'] });

  test('a name with U+202E cannot reorder the row, its hover or its accessible name', async ({ app }) => {
    await waitForQueue(app);
    const r = rows(app).filter({ hasText: 'Invoice' });
    await expect(r).toHaveCount(1);
    const label = (await r.getAttribute('aria-label')) ?? '';
    // The override is gone from the accessible name, the name isolated, our words after it.
    expect(label).toContain('requested by \u2068Invoice gnp.exe\u2069 · Activation');
    expect(label).not.toMatch(/[\u202a-\u202e]/);
    for (const title of await r.locator('[title]').evaluateAll((els) => els.map((e) => e.getAttribute('title') ?? ''))) expect(title).not.toMatch(/[\u202a-\u202e]/);
    // On screen, the words after the name stay to its right.
    const name = r.locator('bdi').filter({ hasText: 'Invoice \u202Egnp.exe' });
    const after = r.getByText('· Activation');
    const [nameBox, afterBox] = [await name.boundingBox(), await after.boundingBox()];
    if (!nameBox || !afterBox) throw new Error('the name and the words after it are both laid out');
    expect(afterBox.x).toBeGreaterThanOrEqual(nameBox.x + nameBox.width - 1);
  });
});

test.describe('multi-stage approvals (multistage scenario)', () => {
  test.use({ previewArgs: ['--scenario', 'multistage'] });

  test('a later stage shows what the earlier stages decided, who decided and why', async ({ app }) => {
    await waitForQueue(app);
    await rows(app).filter({ hasText: 'Key Vault Administrator' }).first().click();
    const detail = app.getByTestId('detail');
    const stages = detail.getByTestId('earlier-stage');
    await expect(stages).toHaveCount(1);
    await expect(stages.first()).toContainText(/^Team lead: Approved by \S.+ · .+\n?.*“Scheduled ceremony”$/s);
    await noViolations(app, 'detail with earlier stages');
    // A first stage has nothing before it.
    await rows(app).filter({ hasText: 'User Access Administrator' }).first().click();
    await expect(detail).toContainText('1 of 2');
    await expect(detail.getByTestId('earlier-stages')).toHaveCount(0);
  });
});

test.describe('grouping (quiet scenario)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'] });

  test('group by ticket: one decision for the group covers exactly its requests', async ({ app, sim }) => {
    await waitForQueue(app);
    const waiting = Number(/\((\d+)\)/.exec((await app.getByTestId('tab-waiting').textContent()) ?? '')?.[1] ?? 0);
    const change = { requester: 'requester', ticketNumber: 'CHG0031337', ticketSystem: 'ServiceNow', justification: 'Release CHG0031337' };
    const stages = [
      await addRequest(sim, { ...change, role: 'Owner', scope: 'staging' }),
      await addRequest(sim, { ...change, role: 'Reader', scope: 'staging' }),
      await addRequest(sim, { ...change, role: 'Key Vault Administrator', scope: 'payments' }),
    ];
    await checkNowUntil(app, waiting + 3);
    // Another request chosen beforehand stays out of the group's decision.
    const other = rows(app).filter({ hasText: 'Deploy hotfix for checkout latency' });
    await other.getByTestId('row-check').click();
    await expect(other).toHaveAttribute('aria-selected', 'true');

    await app.getByTestId('group-by').selectOption('ticket');
    const group = app.getByTestId('group').filter({ hasText: 'CHG0031337' });
    await expect(group).toHaveText(/^3 requests for CHG0031337 · Jordan Lee/);
    await noViolations(app, 'queue grouped by ticket');
    await group.getByTestId('group-approve').click();
    const dialog = app.getByTestId('bulk-dialog');
    await expect(dialog.getByTestId('bulk-summary')).toHaveText('3 requests · 1 High privilege: 1 Owner');
    const listed = await dialog.getByTestId('bulk-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id') ?? ''));
    expect(listed.map(bareId).sort()).toEqual([...stages].sort());
    await dialog.getByTestId('justification').fill('Approved for CHG0031337');
    // The bulk rules hold: High privilege in it, so the tick naming the count comes first.
    await expect(dialog.getByTestId('confirm-decision')).toBeDisabled();
    await dialog.getByRole('checkbox', { name: 'I have checked these 3 requests' }).check();
    await dialog.getByTestId('confirm-decision').click();
    await expect.poll(async () => (await sim.decisions()).map((c) => c.stageId).sort(), { timeout: 15_000 }).toEqual([...stages].sort());

    await app.getByTestId('group-by').selectOption('requester');
    await expect(app.getByTestId('group').first()).toHaveText(/^\d+ requests? from /);
  });
});

test.describe('cues from the approver\'s settings (mixed scenario)', () => {
  test.use({ previewArgs: ['--scenario', 'mixed'] });

  test('working hours and named High-privilege groups set in Settings shape the cues', async ({ app, sim }) => {
    await waitForQueue(app);
    const row = await addLongRequest(app, sim); // starts tomorrow at 21:00, browser time
    await expect(row.locator('[data-cue="outside-hours"]')).toHaveCount(1);
    const breakGlass = rows(app).filter({ hasText: 'Production Break-Glass' }).first();
    await expect(breakGlass).toBeVisible();
    await expect(breakGlass.locator('[data-cue="high-privilege"]')).toHaveCount(0);

    await app.getByTestId('tab-settings').click();
    await app.getByTestId('working-end').fill('23:00');
    await app.getByTestId('working-end').dispatchEvent('change');
    await expect(app.getByTestId('settings-status')).toHaveText('Working hours saved');
    await app.getByTestId('hp-groups').fill('production break-glass');
    await app.getByTestId('hp-groups').dispatchEvent('change');
    await expect(app.getByTestId('settings-status')).toHaveText('High-privilege groups saved');
    await noViolations(app, 'settings with cues and reminders');

    await app.getByTestId('tab-waiting').click();
    await expect(breakGlass.locator('[data-cue="high-privilege"]')).toHaveAttribute('title', 'You named this group as high privilege in Settings.');
    await app.getByTestId('queue').focus();
    await app.keyboard.press('End');
    await expect(row).toBeVisible();
    // 21:00 is inside 08:00–23:00 now: the row keeps its other cue, without this one.
    await expect(row.locator('[data-cue="high-privilege"]')).toHaveCount(1);
    await expect(row.locator('[data-cue="outside-hours"]')).toHaveCount(0);
  });
});
