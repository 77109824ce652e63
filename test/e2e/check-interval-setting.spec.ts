/**
 * Settings → "Check for requests every … while I'm here / while I'm away": both intervals
 * show what main holds, a change reaches the core's settings, and a value outside 15–3600 s
 * is refused in words and not saved. (How the poller uses them: poller.presence.test.ts.)
 */
import { test, expect } from './fixtures';

type SettingsView = { pollIntervalSeconds: number; activePollIntervalSeconds: number };
const settingsOf = (page: import('@playwright/test').Page) =>
  page.evaluate(async () => (await (window as unknown as { pim: { getSettings(): Promise<SettingsView> } }).pim.getSettings()));

test('both intervals show their defaults and a change is saved in the core', async ({ app }) => {
  await app.getByRole('tab', { name: /Settings/ }).click();
  const here = app.getByLabel(/seconds while I'm here/);
  const away = app.getByLabel(/seconds while I'm away/);
  await expect(here).toHaveValue('15');
  await expect(away).toHaveValue('60');
  await here.fill('30');
  await here.press('Tab');
  await expect(app.getByText("Check interval while I'm here saved")).toBeVisible();
  await expect.poll(() => settingsOf(app)).toMatchObject({ activePollIntervalSeconds: 30, pollIntervalSeconds: 60 });
  await away.fill('10');
  await away.press('Tab');
  await expect(app.getByText("Check interval while I'm away must be between 15 and 3600 seconds")).toBeVisible();
  expect(await settingsOf(app)).toMatchObject({ activePollIntervalSeconds: 30, pollIntervalSeconds: 60 });
});
