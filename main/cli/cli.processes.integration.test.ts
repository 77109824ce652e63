/**
 * Two real `pim-approvals` processes on one outbox (issue 15, item 9): the one that loses
 * the drain race waits for the other's answer and reports it truthfully, instead of "not
 * sent yet" about a decision the other process sent. And a decision that could not be
 * saved says so, with nothing sent. Real child processes against the PIM simulator; a
 * loopback gate in front of it holds the first process's write so the race is certain.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startLoopback, type LoopbackServer } from '../../test/kit/loopback-server';
import { startCliWorld, writes } from '../../test/kit/cli-test-kit';

const closing: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(closing.splice(0).map((c) => c.close()));
});

/**
 * A pass-through to the simulator that holds the first stage write until `release()`, so
 * the process sending it holds the outbox's drain lock for as long as the test needs.
 */
async function gate(target: string): Promise<LoopbackServer & { writeSeen: Promise<void>; release(): void }> {
  let seen!: () => void;
  const writeSeen = new Promise<void>((resolve) => (seen = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held = false;
  const server = await startLoopback(async (hit, res) => {
    if (hit.method === 'PUT' && /\/stages\//i.test(hit.path) && !held) {
      held = true;
      seen();
      await released;
    }
    const forwarded: Record<string, string> = {};
    for (const name of ['authorization', 'content-type', 'x-ms-client-request-id', 'accept']) {
      const v = hit.headers[name];
      if (typeof v === 'string') forwarded[name] = v;
    }
    const answer = await fetch(`${target}${hit.path}`, { method: hit.method, headers: forwarded, ...(hit.body ? { body: hit.body } : {}) });
    const text = await answer.text();
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
    res.end(text);
  });
  return { ...server, writeSeen, release };
}

describe('two CLI processes on one outbox', () => {
  it('the process that lost the drain race reports the decision the other one sent', async () => {
    const w = await startCliWorld('quiet');
    closing.push(w);
    const [a, b] = (await w.items()).filter((i) => i.actionable && i.kind === 'azureResource');
    if (!a || !b) throw new Error('need two actionable items');
    const g = await gate(w.s.url);
    closing.push(g);
    w.s.sim.clearLog();

    // First process: its write is held at the gate, so it holds the drain lock meanwhile.
    const first = w.spawnCli(['approve', a.requestName.slice(0, 8), '--justification', 'first'], {}, g.url);
    await g.writeSeen;
    // Second process: journals its decision, finds the drain taken, and says it waits.
    const second = w.spawnCli(['approve', b.requestName.slice(0, 8), '--justification', 'second']);
    await second.stderrShows(/another PIM Approvals process is sending decisions; waiting up to 20 s/);
    g.release();

    const [r1, r2] = await Promise.all([first.done, second.done]);
    expect(r1).toMatchObject({ code: 0, out: `Approved: ${a.role.displayName} on ${a.scope.displayName} for ${a.requester.displayName}\n` });
    expect(r2.out).toBe(`Approved: ${b.role.displayName} on ${b.scope.displayName} for ${b.requester.displayName} (sent by another PIM Approvals process)\n`);
    expect(r2.err).not.toMatch(/not sent yet/);
    expect(r2.code).toBe(0);
    // One write per stage, both sent by the first process (through the gate).
    expect(writes(w.s).map((c) => c.status)).toEqual([204, 204]);
    expect(w.s.sim.appliedDecisions().map((d) => [d.stageId, d.result]).sort()).toEqual(
      [
        [a.id.split('/').pop(), 'Approve'],
        [b.id.split('/').pop(), 'Approve'],
      ].sort(),
    );
  }, 60_000);

  it('a decision that cannot be saved says so, and nothing is sent (exit 1)', async () => {
    const w = await startCliWorld('quiet');
    closing.push(w);
    const [a] = (await w.items()).filter((i) => i.actionable);
    if (!a) throw new Error('no actionable item');
    await writeFile(join(w.dataDir, 'outbox'), 'not a folder'); // the outbox folder cannot be made
    w.s.sim.clearLog();
    const r = await w.spawnCli(['approve', a.requestName.slice(0, 8), '--justification', 'x']).done;
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/^pim-approvals: could not save the decision \(.+\); nothing was sent\.\n$/);
    expect(w.s.sim.callLog()).toEqual([]);
  }, 30_000);
});
