import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { open, waitForQueue } from './queue-page';

async function noViolations(page: Page, screen: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`);
  expect(summary, `axe violations on ${screen}`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility, ${colorScheme}`, () => {
    test.use({ previewArgs: ['--scenario', 'quiet'] });

    test(`every screen passes axe (${colorScheme})`, async ({ app }) => {
      await app.emulateMedia({ colorScheme });
      await waitForQueue(app);
      await noViolations(app, 'queue');
      await open(app, 'Key Vault Administrator');
      await noViolations(app, 'detail');
      await app.getByTestId('queue').focus();
      await app.keyboard.press('a');
      await expect(app.getByTestId('decide-dialog')).toBeVisible();
      await noViolations(app, 'decide dialog');
      await app.keyboard.press('Escape');
      await app.getByTestId('tab-outbox').click();
      await expect(app.getByTestId('outbox')).toBeVisible();
      await noViolations(app, 'outbox');
      await app.getByTestId('tab-mine').click();
      await expect(app.getByTestId('my-requests')).toBeVisible();
      await noViolations(app, 'my requests');
      await app.getByTestId('tab-settings').click();
      await expect(app.getByTestId('settings')).toBeVisible();
      await noViolations(app, 'settings');
    });
  });
}

test.describe('accessibility of the first run', () => {
  test.use({ previewArgs: ['--signed-out'] });
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`signed out, ${colorScheme}`, async ({ app }) => {
      await app.emulateMedia({ colorScheme });
      await expect(app.getByTestId('first-run')).toBeVisible();
      await noViolations(app, 'first run');
    });
  }
});
