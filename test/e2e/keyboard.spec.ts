import { bareId, expect, test } from './fixtures';
import { chosenIds, outcomes, rows, waitForQueue } from './queue-page';

test.describe('keyboard only', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'], viewport: { width: 420, height: 640 } });

  test('search, move, open, close, approve and check now without a mouse', async ({ app, sim }) => {
    await waitForQueue(app);
    // "/" jumps to search; Esc goes back to the list.
    await app.keyboard.press('/');
    await expect(app.getByTestId('search')).toBeFocused();
    await app.keyboard.type('vault');
    await expect(rows(app)).toHaveCount(1);
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('queue')).toBeFocused();
    await app.getByTestId('search').fill('');
    await app.getByTestId('queue').focus();

    // j / k move the cursor (announced through aria-activedescendant).
    await app.keyboard.press('j');
    await app.keyboard.press('j');
    await app.keyboard.press('k');
    const listbox = app.getByTestId('queue');
    const active = await listbox.getAttribute('aria-activedescendant');
    expect(active).toBe('queue-option-0');
    const first = app.locator(`#${active}`);
    const id = (await first.getAttribute('data-item-id')) ?? '';
    // Moving is not choosing: the cursor's row is not selected for a bulk decision.
    await expect(first).toHaveAttribute('aria-selected', 'false');

    // Enter opens the details (focus on their heading), Esc closes them.
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('detail').getByRole('heading', { level: 2 })).toBeFocused();
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('detail')).toHaveCount(0);
    await expect(listbox).toBeFocused();

    // a opens the decide dialog; type, Ctrl+Enter confirms.
    await app.keyboard.press('a');
    const dialog = app.getByTestId('decide-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('justification')).toBeFocused();
    await app.keyboard.type('Keyboard approval');
    await app.keyboard.press('ControlOrMeta+Enter');
    await expect(outcomes(app).first()).toContainText('Approved');
    await expect.poll(async () => (await sim.decisions()).map((c) => c.stageId)).toContain(bareId(id));

    // The cursor moved on to the next request, an extension: d only points to the portal.
    await app.keyboard.press('d');
    await expect(outcomes(app).first()).toContainText('only be decided in the Azure portal');
    await expect(dialog).toHaveCount(0);

    // d on the one after; Esc cancels the dialog and nothing is sent.
    await app.keyboard.press('j');
    await app.keyboard.press('d');
    await expect(dialog).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    expect(await sim.decisions()).toHaveLength(1);

    // Ctrl/Cmd+R checks now instead of reloading the page.
    const before = (await sim.log()).filter((c) => c.route === 'listScheduleRequests').length;
    await app.evaluate(() => ((window as unknown as { __same: boolean }).__same = true));
    await app.keyboard.press('ControlOrMeta+r');
    await expect.poll(async () => (await sim.log()).filter((c) => c.route === 'listScheduleRequests').length).toBeGreaterThan(before);
    expect(await app.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);
  });

  test('j x j j x chooses the first and third; moving keeps what was chosen', async ({ app }) => {
    await waitForQueue(app);
    const listbox = app.getByTestId('queue');
    await listbox.focus();
    for (const key of ['j', 'x', 'j', 'j', 'x']) await app.keyboard.press(key);
    const ids = await rows(app).evaluateAll((els) => els.map((e) => e.getAttribute('data-item-id') ?? ''));
    expect(ids.length).toBeGreaterThanOrEqual(3);
    expect(await chosenIds(app)).toEqual([ids[0], ids[2]]);
    await expect(app.getByTestId('bulk-bar')).toContainText('2 selected');
    // k / j move the cursor only; Space toggles the row under it.
    await app.keyboard.press('k');
    await app.keyboard.press('k');
    await expect(listbox).toHaveAttribute('aria-activedescendant', 'queue-option-0');
    expect(await chosenIds(app)).toEqual([ids[0], ids[2]]);
    await app.keyboard.press('j');
    await app.keyboard.press('Space');
    expect(await chosenIds(app)).toEqual([ids[0], ids[1], ids[2]]);
    await app.keyboard.press('x');
    expect(await chosenIds(app)).toEqual([ids[0], ids[2]]);
    // Enter opens the row; it still is not chosen by that.
    await app.keyboard.press('Enter');
    await expect(app.getByTestId('detail')).toBeVisible();
    await app.keyboard.press('Escape');
    expect(await chosenIds(app)).toEqual([ids[0], ids[2]]);
  });

  test('in a filter j/k/a/d are text; Esc from any filter returns to the list, where they work', async ({ app, sim }) => {
    await waitForQueue(app);
    const listbox = app.getByTestId('queue');
    const search = app.getByTestId('search');
    await app.keyboard.press('/');
    await expect(search).toBeFocused();
    await app.keyboard.type('jkad');
    await expect(search).toHaveValue('jkad');
    await expect(app.getByTestId('decide-dialog')).toHaveCount(0);
    // Nothing matches "jkad": Esc clears the search, and focus returns to the list it brings back.
    await app.keyboard.press('Escape');
    await expect(listbox).toBeFocused();
    await expect(search).toHaveValue('');
    // With matches, Esc keeps the search and returns to the list.
    await search.fill('Contributor');
    await app.keyboard.press('Escape');
    await expect(listbox).toBeFocused();
    await expect(search).toHaveValue('Contributor');
    await search.fill('');

    // Every menu of the filter bar: Esc goes back to the list.
    for (const menu of ['filter-role', 'filter-scope', 'filter-requester']) {
      await app.getByTestId(menu).focus();
      await app.keyboard.press('Escape');
      await expect(listbox, `Esc from ${menu}`).toBeFocused();
    }
    // Back on the list, the letters are commands again.
    await app.keyboard.press('j');
    await expect(listbox).toHaveAttribute('aria-activedescendant', 'queue-option-0');
    await app.keyboard.press('d');
    await expect(app.getByTestId('decide-dialog')).toBeVisible();
    await app.keyboard.press('Escape');
    expect(await sim.decisions()).toEqual([]);
  });

  test('tabs are a tablist moved with the arrow keys, and focus is always visible', async ({ app }) => {
    await waitForQueue(app);
    await app.getByTestId('tab-waiting').focus();
    await app.keyboard.press('ArrowRight');
    await expect(app.getByTestId('tab-mine')).toBeFocused();
    await expect(app.getByTestId('tab-mine')).toHaveAttribute('aria-selected', 'true');
    await app.keyboard.press('End');
    await expect(app.getByTestId('tab-settings')).toBeFocused();
    await expect(app.getByTestId('settings')).toBeVisible();
    // Tab through the settings: every stop shows an outline.
    for (let i = 0; i < 6; i += 1) {
      await app.keyboard.press('Tab');
      const outline = await app.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        return el ? getComputedStyle(el).outlineStyle : 'none';
      });
      expect(outline).not.toBe('none');
    }
  });
});
