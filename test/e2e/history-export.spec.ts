/**
 * Issue 17, "the same export from the window": Outbox & history → Export CSV… goes through
 * main (the preview's saveFile writes into a temp folder it prints), says what it saved in
 * a live region, and the file is the CLI's CSV — justifications only when ticked. Real
 * core, real outbox, real simulator, real Chromium through the preview; axe on the new state.
 */
import { readFile } from 'node:fs/promises';
import { csvObjects } from '../kit/csv-records';
import { noViolationsInBothThemes } from './axe';
import { expect, test, type PreviewProcess } from './fixtures';
import { decideFromDetail, followOutcome, open, waitForQueue } from './queue-page';

/** The files the preview said it saved, in order. */
const savedPaths = (preview: PreviewProcess) => preview.lines.flatMap((line) => /^Saved export to (.+)$/.exec(line)?.[1] ?? []);

async function savedCsv(preview: PreviewProcess, nth: number): Promise<Record<string, string>[]> {
  await expect.poll(() => savedPaths(preview).length).toBeGreaterThan(nth);
  const text = await readFile(savedPaths(preview)[nth] ?? '', 'utf8');
  expect(text.startsWith('\uFEFF')).toBe(true); // Excel reads it as UTF-8
  return csvObjects(text.slice(1));
}

test.describe('Export CSV from Outbox & history', () => {
  test.use({ previewArgs: ['--scenario', 'quiet', '--outbox', '--undo-ms', '500'] });

  test('saves the history to a file, says so, and adds justifications only when ticked', async ({ app, preview }) => {
    await waitForQueue(app);
    const { id } = await open(app, 'Key Vault Administrator');
    await decideFromDetail(app, 'Approve', 'Matches change CHG-1001');
    await expect((await followOutcome(app)).locator('strong')).toHaveText('Approved', { timeout: 15_000 });

    await app.getByTestId('tab-outbox').click();
    const status = app.getByTestId('export-status');
    const include = app.getByTestId('export-justifications');
    await expect(include).not.toBeChecked();
    await app.getByRole('button', { name: 'Export CSV…' }).click();
    const fileName = `pim-approvals-history-${new Date().toISOString().slice(0, 10)}.csv`;
    await expect(status).toHaveText(`Exported 1 decision to ${fileName}`);
    await expect(status).toHaveAttribute('role', 'status');
    // Only the file's name reaches the window, never the folder main wrote it in.
    expect(await status.textContent()).not.toContain('/');

    const [row] = await savedCsv(preview, 0);
    expect(row).toMatchObject({ stageId: id, recordedResult: 'Approve', state: 'done', role: 'Key Vault Administrator' });
    expect(row?.reviewedDateTime).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    expect(row).not.toHaveProperty('justification');
    await noViolationsInBothThemes(app, 'Outbox & history after an export');

    await include.check();
    await app.getByRole('button', { name: 'Export CSV…' }).click();
    const [again] = await savedCsv(preview, 1);
    expect(again).toMatchObject({ stageId: id, justification: 'Matches change CHG-1001' });
    await expect(status).toHaveText(`Exported 1 decision to ${fileName}`);
  });
});
