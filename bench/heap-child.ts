/**
 * The process bench/heap.ts measures: only the core (ARM client, poller with its queue,
 * notification center) polling a simulator that lives in the parent, so the simulator's
 * own memory never counts. Runs POLLS polls on a VirtualClock and prints one JSON line per
 * sample of heapUsed after a full gc. Needs --expose-gc; exits non-zero without it.
 *
 *   node --expose-gc --import tsx bench/heap-child.ts <armUrl> <token> <polls>
 */
import { createArmClient } from '../main/core/arm/client';
import { VirtualClock } from '../main/core/clock';
import { benchNotificationCenter } from './common';
import { azureResourceService } from '../main/core/services/azure-resource';
import { createPoller } from '../main/core/poller/poller';

const [url, token, pollsArg] = process.argv.slice(2);
const gc = (globalThis as { gc?: () => void }).gc;
if (!url || !token || !gc) {
  process.stderr.write('usage: node --expose-gc --import tsx bench/heap-child.ts <armUrl> <token> <polls>\n');
  process.exit(2);
}
const polls = Number(pollsArg ?? 100);

const sample = (label: string, poll: number, items: number) => {
  // Twice: the first pass can leave garbage that only a second one frees (weak refs, finalizers).
  gc();
  gc();
  process.stdout.write(`${JSON.stringify({ label, poll, items, heapUsed: process.memoryUsage().heapUsed })}\n`);
};

const clock = new VirtualClock();
const api = createArmClient({ endpoint: url, getToken: async () => token, clock, retry: { maxAttempts: 1 } });
const poller = createPoller({ clock, poll: azureResourceService(api).waiting({ accountId: 'bench', principalId: null }) });
const { center } = benchNotificationCenter(() => clock.now());
let done = 0;
let failed = 0;
poller.onPoll((e) => {
  done++;
  if (!e.ok) failed++;
  else center.update({ added: e.diff.added, removed: e.diff.removed });
});

const settle = async () => {
  await clock.advance(0);
  while (poller.status().polling) await new Promise((r) => setImmediate(r));
  await clock.advance(0);
};

// One call that returns nothing to keep (404), so fetch and the client's lazy parts are
// loaded before the baseline and the items' share is the items', not the HTTP stack's.
await api.getApproval('/providers/Microsoft.Authorization/roleAssignmentApprovals/00000000-0000-0000-0000-000000000000');
sample('baseline', 0, 0);
poller.start();
await settle();
for (let i = 1; i <= polls; i++) {
  if (i > 1) {
    const next = poller.status().nextPollAt ?? clock.now();
    await clock.advance(Math.max(0, next - clock.now()));
    await settle();
  }
  if (i === 1 || i === 10 || i === polls || i % 25 === 0) sample('poll', done, poller.status().items.length);
}
await poller.stop();
process.stdout.write(`${JSON.stringify({ label: 'end', polls: done, failed })}\n`);
