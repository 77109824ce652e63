/**
 * The CLI asks "is ARM reachable?" over the same HTTP layer as its ARM calls (issue 18,
 * item 7): the fetch the ARM client was built with (so the same proxy and CA settings) also
 * carries the outbox's probe of the ARM origin root. Real simulator, real HTTP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startCliWorld, type CliWorld } from '../../test/kit/cli-test-kit';

let world: CliWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

describe('the CLI reachability probe', () => {
  it('goes through the ARM client\'s fetch when a decision is sent', async () => {
    world = await startCliWorld('quiet');
    const item = (await world.items()).find((i) => i.actionable);
    if (!item) throw new Error('the quiet scenario has an actionable item');
    const seen: string[] = [];
    const recording = (input: string, init: RequestInit) => {
      seen.push(`${init.method ?? 'GET'} ${new URL(input).pathname}`);
      return fetch(input, init);
    };
    const run = await world.cli(['approve', item.id, '--justification', 'checked INC0012345'], {}, { fetch: recording });
    expect(run, run.err).toMatchObject({ code: 0 });
    // The probe: a GET of the origin root, over the same fetch as the decision's PUT/POST.
    expect(seen).toContain('GET /');
    expect(seen.some((line) => !line.startsWith('GET '))).toBe(true);
  });
});
