/**
 * Opening a request never selects it (issue 16, rule 2): checkboxes, Ctrl/Cmd-click and
 * Shift-click choose; a plain click opens. Keyboard choosing (x, Space, j/k) is in
 * keyboard.spec.ts.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { noViolationsInBothThemes } from './axe';
import { bulkDialog, chosenIds, itemId, open, row, rows, tick, waitForQueue } from './queue-page';

const title = (page: Page) => page.getByTestId('detail').getByRole('heading', { level: 2 });

test.describe('choosing is not opening (quiet, 900 px)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'], viewport: { width: 900, height: 640 } });

  test('the opened high-privilege request is not ticked, and "Approve 2…" takes only the two chosen', async ({ app }) => {
    await waitForQueue(app);
    const owner = await open(app, /Owner on Contoso Platform/);
    await expect(row(app, /Owner on Contoso Platform/)).toHaveAttribute('aria-selected', 'false');
    await expect(app.getByTestId('bulk-bar')).not.toContainText('selected');

    const keyVault = row(app, 'Key Vault Administrator');
    const production = row(app, /Contributor on Contoso Production/);
    await keyVault.click({ modifiers: ['ControlOrMeta'] });
    await production.click({ modifiers: ['ControlOrMeta'] });
    const chosen = [await itemId(keyVault), await itemId(production)];
    expect((await chosenIds(app)).sort()).toEqual([...chosen].sort());
    // Ctrl-click chose them without opening them: the Owner request is still the one shown.
    await expect(title(app)).toContainText('Owner on Contoso Platform');
    await expect(app.getByTestId('bulk-approve')).toHaveText('Approve 2…');

    await app.getByTestId('bulk-approve').click();
    const dialog = bulkDialog(app);
    await expect(dialog.getByTestId('bulk-item')).toHaveCount(2);
    const listed = await dialog.getByTestId('bulk-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id') ?? ''));
    expect(listed.sort()).toEqual([...chosen].sort());
    expect(listed).not.toContain(owner.id);
    await expect(dialog.getByTestId('bulk-summary')).toHaveText('2 requests');
    await app.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect((await chosenIds(app)).sort()).toEqual([...chosen].sort());
  });

  test('a checkbox toggles without opening; a plain click opens without choosing; Shift adds a range', async ({ app }) => {
    await waitForQueue(app);
    const ids = await rows(app).evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id') ?? ''));
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const opened = await title(app).innerText();

    await tick(rows(app).nth(2));
    expect(await chosenIds(app)).toEqual([ids[2]]);
    await expect(title(app)).toHaveText(opened);
    await tick(rows(app).nth(2));
    expect(await chosenIds(app)).toEqual([]);

    // A plain click on another row opens it and still chooses nothing.
    await rows(app).nth(4).click();
    await expect(title(app)).not.toHaveText(opened);
    expect(await chosenIds(app)).toEqual([]);

    // Tick the first, Shift-click the third's box: the range is added.
    await tick(rows(app).nth(0));
    await rows(app).nth(2).getByTestId('row-check').click({ modifiers: ['Shift'] });
    expect(await chosenIds(app)).toEqual(ids.slice(0, 3));
    await expect(app.getByTestId('bulk-bar')).toContainText('3 selected');
    await noViolationsInBothThemes(app, 'queue with chosen rows and an open one');

    await app.getByTestId('bulk-clear').click();
    expect(await chosenIds(app)).toEqual([]);
  });
});
