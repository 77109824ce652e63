/**
 * A process that stalls while holding the journal lock, for fencing.test.ts: it opens the
 * outbox journal at <dir>, starts one update (lock held, journal read) and, inside it,
 * prints {"event":"holding"} and spins until <goFile> exists — the test stops it there
 * with SIGSTOP, lets another process take the stale lock and append, creates <goFile> and
 * resumes it. The update then appends one decision (id <entryId>) and, if entry
 * <cancelId> is still queued and never attempted in the state it read, its cancellation —
 * a change decided on what it read, as every outbox change is. Then it compacts (every
 * update compacts here), prints {"event":"done"} and exits 0.
 *
 *   node --import tsx test/kit/journal-stall-child.ts <dir> <goFile> <entryId> <cancelId>
 */
import { existsSync } from 'node:fs';
import { transition } from '../../main/core/outbox/state-machine';
import { openStore } from '../../main/core/outbox/store';
import { makeEntry } from './test-entries';

const [dir, goFile, entryId, cancelId] = process.argv.slice(2);
if (!dir || !goFile || !entryId || !cancelId) {
  process.stderr.write('usage: journal-stall-child.ts <dir> <goFile> <entryId> <cancelId>\n');
  process.exit(2);
}
const emit = (event: string, fields?: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ event, ...fields })}\n`);
const pause = new Int32Array(new SharedArrayBuffer(4));

const store = await openStore(dir, { compactEvery: 1, logger: { info: emit, warn: emit } });
let calls = 0;
await store.update((entries) => {
  calls++;
  if (calls === 1) {
    // Mid-update, lock held: a synchronous stall, as a slow fsync or Ctrl-Z would be.
    emit('holding', { pid: process.pid });
    while (!existsSync(goFile)) Atomics.wait(pause, 0, 0, 5);
  }
  const now = Date.now();
  const own = makeEntry({ id: entryId, stageId: `/stall/${entryId}`, createdAt: now, updatedAt: now, notBefore: now });
  const target = entries.get(cancelId);
  const cancel = target && target.state === 'queued' && target.attempts === 0 ? transition(target, { type: 'cancel' }, now) : null;
  return { write: [own, ...(cancel?.ok ? [cancel.entry] : [])], value: undefined };
});
emit('done', { calls });
