/**
 * Offline first on the command line (issue 20), against the real simulator, the real OS
 * keychain (run with test/with-keyring.sh) and a dead loopback port as "Azure unreachable":
 * `list` keeps the queue; offline, `list` prints it marked stale, `approve` journals and
 * says it waits (exit 0), `outbox` lists it, `sync` sends it once and a second `sync`
 * writes nothing. A tampered or foreign kept queue is named on stderr and not used.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deadEndpoint, simAccountId, startCliWorld, writes, type CliWorld, type Item } from '../../test/kit/cli-test-kit';
import { persistedQueueStore } from '../core/queue/persisted-queue';

let world: CliWorld | null = null;
afterEach(async () => {
  await world?.close();
  world = null;
});

/** Where the kept queue of a principal lives in the world's data dir (the key is not needed for the path). */
function keptPath(w: CliWorld, principal: string): string {
  const none = { current: async () => null, ensure: async () => Buffer.alloc(32) };
  return persistedQueueStore({ dataDir: w.dataDir, key: none }).pathOf(simAccountId(w.s, principal));
}

const accepted = (w: CliWorld) => writes(w.s).filter((c) => c.status >= 200 && c.status < 300);

describe('the CLI without Azure', () => {
  it('list online; approve offline is queued; outbox lists it; sync sends it once; a second sync writes nothing', async () => {
    const w = (world = await startCliWorld('quiet'));
    const dead = await deadEndpoint();
    const online = await w.cli(['list', '-o', 'json']);
    expect(online, online.err).toMatchObject({ code: 0 });
    const listed = (JSON.parse(online.out) as { items: (Item & { shortId: string })[]; stale?: boolean }).items;
    expect(JSON.parse(online.out)).not.toHaveProperty('stale');
    const item = listed.find((i) => i.actionable);
    if (!item) throw new Error('quiet has an actionable request');

    const offline = await w.cli(['list', '-o', 'json', '--arm-endpoint', dead]);
    expect(offline, offline.err).toMatchObject({ code: 0, err: expect.stringMatching(/^pim-approvals: offline: as of \d\d:\d\d \(Azure cannot be reached/) });
    const kept = JSON.parse(offline.out) as { items: (Item & { shortId: string })[]; asOf: string; stale: boolean };
    expect(kept).toMatchObject({ schema: 'pim-approvals/queue@1', stale: true, asOf: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(kept.items.map((i) => [i.id, i.shortId])).toEqual(listed.map((i) => [i.id, i.shortId]));

    const approve = await w.cli(['approve', item.shortId, '-j', 'Checked INC0012345 on the plane', '--arm-endpoint', dead]);
    expect(approve, approve.err).toMatchObject({ code: 0, out: 'queued: will be sent when Azure is reachable; run `pim-approvals sync`.\n' });
    expect(approve.out + approve.err).not.toContain('INC0012345 on the plane');
    expect(writes(w.s)).toEqual([]);

    const outbox = await w.cli(['outbox', '-o', 'json']);
    expect(outbox, outbox.err).toMatchObject({ code: 0 });
    expect(outbox.out).toContain(item.id);
    expect(outbox.out).toMatch(/"state": ?"queued"/);

    const sync = await w.cli(['sync']);
    expect(sync, sync.err).toMatchObject({ code: 0 });
    expect(accepted(w).map((c) => c.path.toLowerCase())).toEqual([expect.stringContaining(item.id.split('/').pop()?.toLowerCase() ?? '?')]);
    expect(w.s.sim.appliedDecisions().filter((d) => item.id.endsWith(d.stageId))).toEqual([expect.objectContaining({ by: 'me', result: 'Approve' })]);

    const writesBefore = writes(w.s).length;
    const again = await w.cli(['sync']);
    expect(again, again.err).toMatchObject({ code: 0 });
    expect(writes(w.s)).toHaveLength(writesBefore);
    expect(accepted(w)).toHaveLength(1);
  });

  it('a tampered kept queue is named on stderr and not used: the network error stands', async () => {
    const w = (world = await startCliWorld('quiet'));
    const dead = await deadEndpoint();
    expect((await w.cli(['list'])).code).toBe(0);
    const path = keptPath(w, 'me');
    const bytes = await readFile(path);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x40;
    await writeFile(path, bytes);
    const offline = await w.cli(['list', '-o', 'json', '--arm-endpoint', dead]);
    expect(offline.code).not.toBe(0);
    expect(offline.out).toBe('');
    expect(offline.err).toMatch(/the queue kept from the last check was not used: it cannot be decrypted/);
    // Online again, a fresh list replaces it.
    expect((await w.cli(['list'])).code).toBe(0);
    expect((await w.cli(['list', '-o', 'json', '--arm-endpoint', dead])).code).toBe(0);
  });

  it("another account's kept queue in this account's place is named on stderr and never shown", async () => {
    const w = (world = await startCliWorld('quiet'));
    const dead = await deadEndpoint();
    const theirs = await w.cli(['list'], { ARM_ACCESS_TOKEN: w.s.tokens.approver2, GRAPH_ACCESS_TOKEN: w.s.graphTokens.approver2 });
    expect(theirs, theirs.err).toMatchObject({ code: 0 });
    await mkdir(dirname(keptPath(w, 'me')), { recursive: true });
    await copyFile(keptPath(w, 'approver2'), keptPath(w, 'me'));
    const offline = await w.cli(['list', '-o', 'json', '--arm-endpoint', dead]);
    expect(offline.code).not.toBe(0);
    expect(offline.out).toBe('');
    expect(offline.err).toMatch(/the queue kept from the last check was not used: it belongs to another account/);
  });
});
