/**
 * Managed configuration in the window: the preview reads a machine policy in the Linux
 * format (--policy-file, as /etc/pim-approvals/policy.json), and Settings shows those fields
 * with the organisation's values, disabled and said so; main refuses a change to them too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test, expect } from './fixtures';

const CLIENT = '1b730954-1685-4b74-9bfd-dac224a7b894';
const policyDir = mkdtempSync(path.join(tmpdir(), 'pim-policy-'));
const policyFile = path.join(policyDir, 'policy.json');
writeFileSync(policyFile, JSON.stringify({ clientId: CLIENT, pollIntervalSeconds: 120, oneClickDecisions: false }));
test.afterAll(() => rmSync(policyDir, { recursive: true, force: true }));

test.use({ previewArgs: ['--scenario', 'quiet', '--policy-file', policyFile] });

test("managed fields show the organisation's values, disabled, and main refuses a change", async ({ app }) => {
  await app.getByRole('tab', { name: /Settings/ }).click();
  const away = app.getByLabel(/seconds while I'm away/);
  await expect(away).toHaveValue('120');
  await expect(away).toBeDisabled();
  await expect(app.getByTestId('managed-pollIntervalSeconds')).toHaveText('Set by your organisation');
  const clientId = app.getByLabel(/Client ID/);
  await expect(clientId).toHaveValue(CLIENT);
  await expect(clientId).toBeDisabled();
  await expect(app.getByLabel(/One-click decisions/)).toBeDisabled();
  // What the policy does not set stays the user's to change.
  const here = app.getByLabel(/seconds while I'm here/);
  await expect(here).toBeEnabled();
  await expect(app.getByLabel(/Tenant/)).toBeEnabled();

  const refused = await app.evaluate(async () => {
    const pim = (window as unknown as { pim: { saveSettings(p: object): Promise<unknown> } }).pim;
    return pim.saveSettings({ pollIntervalSeconds: 600 }).then(
      () => 'saved',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
  });
  expect(refused).toMatch(/set by your organisation/);
  const settings = await app.evaluate(async () => (window as unknown as { pim: { getSettings(): Promise<{ pollIntervalSeconds: number; managed?: string[] }> } }).pim.getSettings());
  expect(settings).toMatchObject({ pollIntervalSeconds: 120, managed: ['clientId', 'pollIntervalSeconds', 'oneClickDecisions'] });
});
