/**
 * How the e2e tests find their way around the queue window, in the user's words: rows by
 * what they say, the detail pane, the decide bar and dialog, the outcome messages.
 */
import { expect, type Locator, type Page } from '@playwright/test';

export const rows = (page: Page): Locator => page.getByTestId('queue-row');
export const row = (page: Page, text: string | RegExp): Locator => rows(page).filter({ hasText: text }).first();
export const outcomes = (page: Page): Locator => page.getByTestId('outcome');

export async function itemId(r: Locator): Promise<string> {
  const id = await r.getAttribute('data-item-id');
  if (!id) throw new Error('row without data-item-id');
  return id;
}

/** Opens a request's details by clicking its row. */
export async function open(page: Page, text: string | RegExp): Promise<{ id: string; detail: Locator }> {
  const r = row(page, text);
  await expect(r).toBeVisible();
  const id = await itemId(r);
  await r.click();
  const detail = page.getByTestId('detail');
  await expect(detail).toBeVisible();
  return { id, detail };
}

/** Decides the open request from its decide bar. */
export async function decideFromDetail(page: Page, verb: 'Approve' | 'Deny', justification: string): Promise<void> {
  const bar = page.getByTestId('decide-bar');
  await bar.getByTestId('justification').fill(justification);
  await bar.getByTestId(verb === 'Approve' ? 'approve' : 'deny').click();
}

export async function waitForQueue(page: Page): Promise<void> {
  await expect(rows(page).first()).toBeVisible({ timeout: 15_000 });
}

/** The row whose stage id ends with `stageId` (the simulator's bare GUID). */
export const rowOf = (page: Page, stageId: string): Locator => page.locator(`[data-testid="queue-row"][data-item-id$="${stageId}" i]`);

/** Ticks or unticks a row's checkbox (chooses it for a bulk decision, without opening it). */
export async function tick(r: Locator): Promise<void> {
  await r.getByTestId('row-check').click();
}

/** The ids of the rows chosen for a bulk decision (aria-selected), in list order. */
export async function chosenIds(page: Page): Promise<string[]> {
  return rows(page).evaluateAll((els) => els.filter((e) => e.getAttribute('aria-selected') === 'true').map((e) => e.getAttribute('data-item-id') ?? ''));
}

export const bulkDialog = (page: Page): Locator => page.getByTestId('bulk-dialog');
export const decideDialog = (page: Page): Locator => page.getByTestId('decide-dialog');

/** The first outcome message, pinned to its outbox entry, so a test can follow that one message as it updates in place. */
export async function followOutcome(page: Page): Promise<Locator> {
  const first = outcomes(page).first();
  await expect(first).toHaveAttribute('data-entry-id', /.+/);
  const entryId = await first.getAttribute('data-entry-id');
  return page.locator(`[data-testid="outcome"][data-entry-id="${entryId}"]`);
}

/** Says to the core what Electron's OS network events say (the preview's control: core.setPaused). */
export async function setNetwork(page: Page, origin: string, online: boolean): Promise<void> {
  const res = await page.request.post(`${origin}/__preview/control`, { data: { action: 'network', online } });
  expect(res.status()).toBe(204);
}
