import { test, expect } from './fixtures';

test.describe('app shell in the browser preview', () => {
  test.use({ previewArgs: ['--signed-out'] });

  test('finds the shell and reads its state through window.pim', async ({ app }) => {
    // The state shown comes from the real core over the bridge, not from a static page.
    const fromBridge = await app.evaluate(async () => {
      const pim = (window as unknown as { pim: { getState(): Promise<{ mode: string; connection: string }> } }).pim;
      return pim.getState();
    });
    expect(fromBridge).toMatchObject({ mode: 'demo', connection: 'signed-out' });
    await expect(app.getByTestId('connection')).toHaveAttribute('data-state', 'signed-out');
    await expect(app.getByTestId('account')).toContainText('Not signed in');
    await expect(app.getByTestId('empty-queue')).toContainText('Nothing waiting');
    await expect(app.getByTestId('sync-state')).toContainText('All decisions sent');
  });

  test('window.pim cannot be replaced and no node globals leak into the page', async ({ app }) => {
    const probe = await app.evaluate(() => {
      const w = window as unknown as Record<string, unknown>;
      const before = w.pim;
      try {
        w.pim = {};
      } catch {
        // strict-mode assignment to a read-only property throws; either way it must not change
      }
      return { same: w.pim === before, hasProcess: typeof w.process !== 'undefined', hasRequire: typeof w.require !== 'undefined' };
    });
    expect(probe).toEqual({ same: true, hasProcess: false, hasRequire: false });
  });

  test('the bridge rejects a payload that fails its schema with a clear error', async ({ app }) => {
    const message = await app.evaluate(async () => {
      const pim = (window as unknown as { pim: { decide(p: unknown): Promise<unknown> } }).pim;
      try {
        await pim.decide({ itemIds: ['x'], result: 'Approve', justification: '   ' });
        return 'accepted';
      } catch (err) {
        return (err as Error).message;
      }
    });
    expect(message).toMatch(/justification A justification is required/);
  });

  test('inline script is blocked by the CSP', async ({ app }) => {
    const ran = await app.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.head.appendChild(s);
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(ran).toBe(false);
  });
});
