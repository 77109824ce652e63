import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { decideFromDetail, followOutcome, open, rows, setNetwork, waitForQueue } from './queue-page';

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

for (const colorScheme of ['light', 'dark'] as const) {
  test.describe(`accessibility of decisions as they move on, ${colorScheme}`, () => {
    test.use({ previewArgs: ['--scenario', 'mixed', '--outbox', '--undo-ms', '3000'] });
    // Five axe runs and two real sends.
    test.setTimeout(90_000);

    test(`waiting with Undo, offline, history with Undo, failed, a failed check (${colorScheme})`, async ({ app, preview, sim }) => {
      await app.emulateMedia({ colorScheme });
      await waitForQueue(app);
      // Offline: header, banner with "as of", a decision waiting with Undo (axe is slower than an undo window).
      await setNetwork(app, preview.origin, false);
      await expect(app.getByTestId('banner')).toHaveAttribute('data-state', 'offline');
      await open(app, 'Key Vault Administrator');
      await decideFromDetail(app, 'Approve', 'Matches change CHG-1001');
      const waiting = await followOutcome(app);
      await expect(waiting.locator('strong')).toHaveText('Waiting to send (offline)');
      await expect(waiting.getByTestId('undo')).toBeVisible();
      await noViolations(app, 'offline, a decision waiting with Undo');
      // Outbox & history: Undo on the waiting entry, and its answer.
      await app.getByTestId('tab-outbox').click();
      const entry = app.getByTestId('outbox-entry').first();
      await expect(entry.getByTestId('history-undo')).toBeVisible();
      await noViolations(app, 'history with Undo');
      await entry.getByTestId('history-undo').click();
      await expect(entry.getByTestId('undo-note')).toBeVisible();
      await noViolations(app, 'history after Undo');
      await setNetwork(app, preview.origin, true);
      await app.getByTestId('tab-waiting').click();
      // Failed (403): the message with the portal link, the footer's count.
      const entra = rows(app).filter({ hasText: '(Entra ID)' }).filter({ hasNotText: /read-only|your own request/ });
      await entra.first().click();
      await decideFromDetail(app, 'Approve', 'INC0077001');
      const failing = await followOutcome(app);
      await sim.control('POST', '/_sim/knobs', { graphConsent: { entraRole: false } });
      await expect(failing).toHaveAttribute('data-tone', 'error', { timeout: 15_000 });
      await expect(app.getByTestId('sync-state')).toContainText('1 decision failed');
      await noViolations(app, 'failed decision');
      // Every call failing: the banner with what failed and as of when.
      await sim.control('POST', '/_sim/knobs', { errorRate: 1 });
      await app.getByTestId('queue').focus();
      await app.keyboard.press('ControlOrMeta+r');
      await expect(app.getByTestId('banner')).toContainText(/Could not check for requests: |Azure has not answered/, { timeout: 20_000 });
      await noViolations(app, 'failed check');
    });
  });
}
