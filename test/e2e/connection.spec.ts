/**
 * Issue 16, "the connection state is true": when the OS says offline, header and banner say
 * Offline (decisions wait and are sent when you are back) at once; when every call fails, a
 * banner says what failed and what to do as soon as the check fails, and the queue keeps its
 * last items marked as of their time instead of dropping them. Real core and simulator.
 */
import { expect, test } from './fixtures';
import { decideFromDetail, followOutcome, open, rows, setNetwork, waitForQueue } from './queue-page';

test.describe('offline (outbox)', () => {
  test.use({ previewArgs: ['--scenario', 'quiet', '--outbox', '--undo-ms', '0'] });

  test('the OS says offline: header and banner say Offline at once, the decision waits, then goes', async ({ app, preview, sim }) => {
    await waitForQueue(app);
    const connection = app.getByTestId('connection');
    await expect(connection).toHaveAttribute('data-state', 'online');
    await setNetwork(app, preview.origin, false);
    await expect(connection).toHaveAttribute('data-state', 'offline');
    await expect(connection).toHaveText('Offline');
    const banner = app.getByTestId('banner');
    await expect(banner).toHaveAttribute('data-state', 'offline');
    await expect(banner).toContainText(/Offline since \d\d?:\d\d( [AP]M)? · The network is off: decisions wait and are sent when you are back\./);
    await expect(banner.getByTestId('stale')).toHaveText(/^The list is as of \d\d?:\d\d( [AP]M)? and may be out of date\.$/);
    await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Approve', 'Approved on the plane');
    const message = await followOutcome(app);
    await expect(message.locator('strong')).toHaveText('Waiting to send (offline)');
    await expect(message.getByTestId('undo')).toBeVisible();
    await expect(app.getByTestId('sync-state')).toContainText('1 decision waiting to send (offline)');
    expect(await sim.decisions()).toEqual([]);
    await setNetwork(app, preview.origin, true);
    await expect(message.locator('strong')).toHaveText('Approved', { timeout: 15_000 });
    await expect(connection).toHaveAttribute('data-state', 'online');
    await expect(app.getByTestId('banner')).toHaveCount(0);
    expect(await sim.decisions()).toHaveLength(1);
  });
});

test.describe('every call failing', () => {
  test.use({ previewArgs: ['--scenario', 'quiet'] });

  test('a failed check shows a banner at once with what failed and what to do; the queue keeps its items', async ({ app, sim }) => {
    await waitForQueue(app);
    const tab = app.getByTestId('tab-waiting');
    await expect(tab).toHaveText(/Waiting \(\d+\)/);
    const before = (await tab.innerText()).trim();
    const shown = await rows(app).count();
    expect(shown).toBeGreaterThan(1);
    await sim.control('POST', '/_sim/knobs', { errorRate: 1 });
    const asked = Date.now();
    await app.getByTestId('queue').focus();
    await app.keyboard.press('ControlOrMeta+r');
    const banner = app.getByTestId('banner');
    // At once: the failure, or while a call hangs, that Azure has not answered yet.
    await expect(banner).toContainText(/Could not check for requests: |Azure has not answered for 4 s/, { timeout: 10_000 });
    const first = (Date.now() - asked) / 1000;
    await expect(banner).toContainText(/Could not check for requests: /, { timeout: 20_000 });
    const failed = (Date.now() - asked) / 1000;
    console.log(`every call failing: first banner ${first.toFixed(1)} s, "Could not check" ${failed.toFixed(1)} s after "check now"`);
    expect(first).toBeLessThan(10);
    // What to do: it is said, and Retry is there.
    await expect(banner).toContainText(/Retry checks now|sent when Azure answers again/);
    await expect(banner.getByRole('button', { name: /Retry/ })).toBeVisible();
    await expect(banner.getByTestId('stale')).toHaveText(/^The list is as of \d\d?:\d\d( [AP]M)? and may be out of date\.$/);
    await expect(app.getByTestId('connection')).not.toHaveAttribute('data-state', 'online');
    // Nothing was dropped: the same requests, the same count.
    await expect(tab).toHaveText(before);
    await expect(rows(app)).toHaveCount(shown);
  });
});
