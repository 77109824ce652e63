/**
 * The Touch ID setting (macOS only): shown where the window runs on a Mac, hidden elsewhere,
 * and ticking it reaches the core's settings — the gate before a High-privilege approval reads
 * that setting (create-app-core.test.ts proves the gate itself).
 */
import { test, expect } from './fixtures';

const label = 'Ask for Touch ID before approving a High-privilege request';

test('hidden where there is no Touch ID (this Linux Chromium)', async ({ app }) => {
  await app.getByRole('tab', { name: /Settings/ }).click();
  await expect(app.getByText('Default justification', { exact: false }).first()).toBeVisible();
  await expect(app.getByLabel(label)).toHaveCount(0);
});

test('on a Mac: shown, off by default, and ticking it is saved in the core', async ({ page, preview }) => {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'platform', { get: () => 'MacIntel' }));
  await page.goto(preview.url);
  await page.getByRole('tab', { name: /Settings/ }).click();
  const box = page.getByLabel(label);
  await expect(box).not.toBeChecked();
  await box.check();
  await expect
    .poll(() => page.evaluate(async () => (await (window as unknown as { pim: { getSettings(): Promise<{ touchIdForHighPrivilege?: boolean }> } }).pim.getSettings()).touchIdForHighPrivilege))
    .toBe(true);
});
