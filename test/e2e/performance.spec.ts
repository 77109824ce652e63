import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { rows, waitForQueue } from './queue-page';

interface Marks {
  state: number | null;
  render: number | null;
  paint: number | null;
  count: number;
}

/** The app's own marks of one load: state arrived, list rendered, list painted (ms after navigation). */
async function marksOf(app: Page): Promise<Marks> {
  await waitForQueue(app);
  await expect.poll(() => app.evaluate(() => performance.getEntriesByName('pim:queue-first-paint').length)).toBe(1);
  return app.evaluate(() => {
    const render = performance.getEntriesByName('pim:queue-first-render')[0] as PerformanceMark | undefined;
    const paint = performance.getEntriesByName('pim:queue-first-paint')[0];
    const state = performance.getEntriesByName('pim:state-received')[0];
    return { render: render?.startTime ?? null, paint: paint?.startTime ?? null, state: state?.startTime ?? null, count: (render?.detail as { count?: number } | undefined)?.count ?? 0 };
  });
}

test.describe('1,000 pending requests (busy scenario)', () => {
  test.use({ previewArgs: ['--scenario', 'busy'] });

  test.setTimeout(120_000);

  /**
   * Budgets, judged on the best of three loads so load from other jobs on this shared 2-core
   * runner does not decide the verdict (measured: list rendered 30–260 ms after the state
   * arrived, painted 0.3–1.5 s after navigation; rendering every row instead of a screenful
   * made the best load 957 ms). The best load renders the list within 300 ms of its state and
   * paints it within 3 s of navigation.
   */
  const RENDER_BUDGET_MS = 300;
  const FIRST_PAINT_BUDGET_MS = 3_000;
  const LOADS = 3;

  test('first render is within budget and only a screenful of rows is in the DOM', async ({ app }) => {
    const loads: Marks[] = [];
    for (let i = 0; i < LOADS; i++) {
      if (i > 0) await app.reload();
      loads.push(await marksOf(app));
    }
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    const costs = loads.map((m) => (m.render ?? Infinity) - (m.state ?? 0));
    const paints = loads.map((m) => m.paint ?? Infinity);
    console.log(`busy: ${loads[0]?.count} items; list render after the state ${costs.map(ms).join(' / ')}, first paint after navigation ${paints.map(ms).join(' / ')}`);
    for (const m of loads) expect(m.count).toBeGreaterThanOrEqual(1000);
    expect(Math.min(...costs), 'best list render after the state arrived (ms)').toBeLessThan(RENDER_BUDGET_MS);
    expect(Math.min(...paints), 'best first paint after navigation (ms)').toBeLessThan(FIRST_PAINT_BUDGET_MS);
    expect(await rows(app).count()).toBeLessThan(40);
    await expect(app.getByTestId('tab-waiting')).toContainText(`(${loads[0]?.count})`);

    // Scrolling to the end renders the last rows (the window moves, the DOM stays small).
    await app.getByTestId('queue').focus();
    await app.keyboard.press('End');
    await expect(app.locator(`[aria-posinset="${loads[0]?.count}"]`)).toBeVisible();
    expect(await rows(app).count()).toBeLessThan(40);
  });
});
