/**
 * The simulated tenant as the stories need it: requests added through the simulator's control
 * channel (the same rules as the scenarios), a check now, and what the simulator holds.
 */
import { expect, type Page } from '@playwright/test';
import type { Simulator } from './fixtures';

export interface NewRequest {
  requester?: string;
  role?: string;
  scope?: string;
  justification?: string;
  requestType?: string;
  /** ISO time; the request's 24-hour approval window runs from here. */
  createdOn?: string;
  /** A scheduled start (ISO); default: on approval. */
  startOn?: string;
  duration?: string;
  ticketNumber?: string;
  ticketSystem?: string;
  kind?: 'azureResource' | 'entraRole' | 'group';
  access?: 'member' | 'owner';
  group?: string;
  /** The demo world's tenant to add it to (id or name, e.g. "Fabrikam"); default the first, Contoso. */
  tenant?: string;
}

const DAY = 24 * 60 * 60_000;

/** Adds a request waiting for me; returns its stage id (bare GUID, as the simulator logs it). */
export async function addRequest(sim: Simulator, spec: NewRequest): Promise<string> {
  const created = (await sim.control('POST', '/_sim/requests', spec)) as { stageIds: string[] };
  const stage = created.stageIds[0];
  if (!stage) throw new Error('the simulator created a request without a stage');
  return stage;
}

/** A createdOn for a request whose approval window closes `ms` from now. */
export function expiringIn(ms: number): string {
  return new Date(Date.now() - DAY + ms).toISOString();
}

/** Ctrl/Cmd+R (check now), then waits until `count` requests wait (the list is virtual: count from the tab). */
export async function checkNowUntil(page: Page, count: number): Promise<void> {
  await page.getByTestId('queue').focus();
  await page.keyboard.press('ControlOrMeta+r');
  await expect(page.getByTestId('tab-waiting')).toHaveText(`Waiting (${count})`, { timeout: 15_000 });
}

/** The justification the simulator recorded on a stage (what reached "Azure"). */
export async function sentJustification(sim: Simulator, stageId: string): Promise<string | undefined> {
  const stage = (await sim.control('GET', `/_sim/stages/${encodeURIComponent(stageId)}`)) as { properties?: { justification?: string } };
  return stage.properties?.justification;
}
