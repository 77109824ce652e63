/**
 * The CLI's side of offline first (issue 20): the kept queue the app also keeps — one
 * encrypted file per account in the shared data dir (core/queue/persisted-queue.ts), under
 * the token cache's keychain key. `list` replaces it after reading every kind; when Azure
 * cannot be reached, `list` prints it (marked stale, with its time) and `approve`/`deny`
 * find the request in it, so the decision can be journaled and wait for `sync`.
 * A kept queue that cannot be trusted is named on stderr and left unused. Never prints a token.
 */
import type { ArmError } from '../core/arm/types';
import { keytarSecretStore } from '../core/auth/secret-store';
import { persistedQueueStore, type PersistedQueueStore } from '../core/queue/persisted-queue';
import { keychainQueueKey } from '../core/queue/queue-key';
import type { QueueItem } from '../core/queue/queue-item';
import { requestSummaryOf } from '../core/outbox/request-summary';
import { stageKey } from '../core/outbox/stage-key';
import { defaultDataDir } from './auth-commands';
import type { CliIo } from './context';
import type { DecisionSubject } from './decision-report';
import { exitCodes } from './exit-codes';
import { roleOnScope } from './format';
import { inertText } from './inert-text';

/** A keychain that neither answers nor fails must not hold up a `list` for long. */
const KEYCHAIN_TIMEOUT_MS = 5_000;

export function cliQueueStore(env: NodeJS.ProcessEnv): PersistedQueueStore {
  return persistedQueueStore({ dataDir: defaultDataDir(env), key: keychainQueueKey(keytarSecretStore({ timeoutMs: KEYCHAIN_TIMEOUT_MS })) });
}

/** Azure could not be reached at all (no route, refused, timed out): the kept queue may stand in. */
export function isUnreachable(error: Pick<ArmError, 'kind'>): boolean {
  return error.kind === 'network' || error.kind === 'timeout';
}

/**
 * Replaces the account's kept queue with what `list` just read. Quiet when it cannot (no
 * keychain on a build server): offline use is a convenience there, and stderr stays the
 * command's own.
 */
export async function keepListedQueue(env: NodeJS.ProcessEnv, accountId: string, at: number, items: readonly QueueItem[]): Promise<void> {
  await cliQueueStore(env)
    .save(accountId, at, items.map((i) => ({ ...i, accountId })))
    .catch(() => undefined);
}

export interface KeptQueue {
  asOf: number;
  items: QueueItem[];
}

/** The account's kept queue, or null (said on stderr when a file was there but not used). */
export async function readKeptQueue(env: NodeJS.ProcessEnv, io: CliIo, accountId: string): Promise<KeptQueue | null> {
  const loaded = await cliQueueStore(env)
    .load(accountId)
    .catch((err: unknown) => ({ status: 'ignored' as const, reason: err instanceof Error ? err.message : String(err) }));
  if (loaded.status === 'ignored') io.err(`pim-approvals: the queue kept from the last check was not used: ${inertText(loaded.reason)}.\n`);
  return loaded.status === 'ok' ? { asOf: loaded.asOf, items: loaded.items } : null;
}

/** "10:26", local time, as the window says it. */
export function clockText(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** The stderr line `list` prints before a kept queue: "offline: as of 10:26 …". */
export function offlineListWarning(asOf: number, error: Pick<ArmError, 'message'>): string {
  return `pim-approvals: offline: as of ${clockText(asOf)} (Azure cannot be reached: ${inertText(error.message.replace(/[.\s]+$/, ''))}); decisions made now wait for \`pim-approvals sync\`.\n`;
}

/**
 * The kept request `id` names (stage id, request id or name, or a unique prefix of the
 * name, as online), as a decision subject marked offline; or the exit code after saying why not.
 */
export function keptTarget(kept: KeptQueue, id: string, io: CliIo, now: number): { ok: true; subject: DecisionSubject } | { ok: false; exitCode: number } | null {
  const q = id.trim().toLowerCase();
  if (!q) return null;
  const exact = kept.items.filter((i) => stageKey(i.id) === stageKey(q) || i.requestId.toLowerCase() === q || i.requestName.toLowerCase() === q);
  const found = exact.length > 0 ? exact : kept.items.filter((i) => i.requestName.toLowerCase().startsWith(q));
  if (found.length === 0) return null;
  if (found.length > 1) {
    io.err(`pim-approvals: "${inertText(id)}" names ${found.length} requests in the queue kept from ${clockText(kept.asOf)}; give more of the ID.\n`);
    return { ok: false, exitCode: exitCodes.usage };
  }
  const item = found[0] as QueueItem;
  if (!item.actionable) {
    io.err('pim-approvals: this request cannot be decided here (read-only in the kept queue); nothing was saved.\n');
    return { ok: false, exitCode: exitCodes.error };
  }
  if (Date.parse(item.expiresAt) <= now) {
    io.err(`pim-approvals: expired at ${clockText(Date.parse(item.expiresAt))} — nothing to decide; nothing was saved.\n`);
    return { ok: false, exitCode: exitCodes.gone };
  }
  const label = `${roleOnScope(item)} for ${inertText(item.requester.displayName) || inertText(item.requester.id)}`;
  return { ok: true, subject: { kind: item.kind, stageId: item.id, summary: requestSummaryOf(item), label, offline: true } };
}
