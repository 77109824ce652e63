/**
 * The app state over several accounts: every lane's queue (each item names its tenant), one
 * connection (online when any account is), kinds active when active in any account, and the
 * accounts list — lanes first, then remembered accounts that are not signed in. One
 * account's trouble is said with its tenant's name when there is more than one. Pure.
 */
import type { AccountDto, AppState, ItemKind, KindStatus, OutboxEntryDto } from '../model/state';
import type { AccountRecord } from '../accounts/account-store';
import { accountKey } from '../outbox/stage-key';
import type { LaneView } from './account-lane';
import type { AccountSession } from './app-core';

export interface LaneSummary {
  session: AccountSession;
  record: AccountRecord;
  view: LaneView;
}

type Connection = AppState['connection'];
/** Which connection the merged state says when the accounts disagree: the best one wins. */
const CONNECTION_RANK: readonly Connection[] = ['online', 'starting', 'offline', 'error', 'signed-out'];

export function mergedConnection(views: readonly Pick<LaneView, 'connection'>[]): Connection {
  if (views.length === 0) return 'signed-out';
  return CONNECTION_RANK.find((c) => views.some((v) => v.connection === c)) ?? 'signed-out';
}

const KIND_ORDER: readonly ItemKind[] = ['azureResource', 'entraRole', 'group'];

/** A kind is active when active in any account; else checking when any still checks; else off with the first reason. */
export function mergedKinds(lanes: readonly { tenantName: string; kinds: readonly KindStatus[] }[]): KindStatus[] {
  if (lanes.length === 1) return [...(lanes[0]?.kinds ?? [])];
  const several = lanes.length > 1;
  return KIND_ORDER.flatMap((kind) => {
    const each = lanes.flatMap((l) => l.kinds.filter((k) => k.kind === kind).map((k) => ({ ...k, tenantName: l.tenantName })));
    if (each.length === 0) return [];
    const pick = each.find((k) => k.status === 'active') ?? each.find((k) => k.status === 'checking') ?? each[0];
    if (!pick) return [];
    const reason = pick.reason !== null && several && pick.status === 'off' ? `${pick.tenantName}: ${pick.reason}` : pick.reason;
    return [{ kind, status: pick.status, reason }];
  });
}

/** The first problem any account has, named by its tenant when there are several. */
export function mergedProblem(lanes: readonly LaneSummary[]): string | null {
  const troubled = lanes.find((l) => l.view.problem !== null);
  if (!troubled) return null;
  return lanes.length > 1 ? `${troubled.record.tenantName}: ${troubled.view.problem}` : troubled.view.problem;
}

/** Every lane's waiting list; with several accounts, soonest expiry first across them. */
export function mergedQueue(lanes: readonly LaneSummary[]): AppState['queue'] {
  if (lanes.length === 1) return lanes[0]?.view.queue ?? [];
  return lanes.flatMap((l) => l.view.queue).sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt));
}

/** Newest of the lanes' checks; the oldest kept queue's time while any shows one. */
export function mergedTimes(lanes: readonly LaneSummary[]): Pick<AppState, 'lastCheckedAt'> & { queueAsOf?: string | null } {
  const checked = lanes.flatMap((l) => (l.view.lastCheckedAt ? [l.view.lastCheckedAt] : [])).sort();
  const asOf = lanes.flatMap((l) => (typeof l.view.queueAsOf === 'string' ? [l.view.queueAsOf] : [])).sort();
  const anyAnswered = lanes.some((l) => l.view.queueAsOf === null);
  return {
    lastCheckedAt: checked.at(-1) ?? null,
    ...(asOf.length > 0 ? { queueAsOf: asOf[0] ?? null } : anyAnswered ? { queueAsOf: null } : {}),
  };
}

export interface RememberedStatus {
  record: AccountRecord;
  /** Why it is not signed in (restore or sign-in failed); null: signed out. */
  problem: string | null;
  signingIn: boolean;
}

/** Settings › Accounts: lanes first (in the order they were added), then accounts remembered but not signed in. */
export function accountsList(lanes: readonly LaneSummary[], others: readonly RememberedStatus[]): AccountDto[] {
  const live = lanes.map(({ record, view }): AccountDto => ({
    ...identity(record),
    // A 401 keeps the lane (it may come back) but the account needs the user: an error with its words.
    status: view.connection === 'signed-out' || view.connection === 'error' ? 'error' : 'signed-in',
    connection: view.connection,
    problem: view.problem,
    kinds: view.kinds,
    lastCheckedAt: view.lastCheckedAt,
  }));
  const liveKeys = new Set(lanes.map((l) => accountKey(l.record.id)));
  const rest = others
    .filter((o) => !liveKeys.has(accountKey(o.record.id)))
    .map(({ record, problem, signingIn }): AccountDto => ({
      ...identity(record),
      status: signingIn ? 'signing-in' : problem ? 'error' : 'signed-out',
      connection: 'signed-out',
      problem,
      kinds: [],
      lastCheckedAt: null,
    }));
  return [...live, ...rest];
}

function identity(record: AccountRecord): Pick<AccountDto, 'id' | 'name' | 'username' | 'tenant' | 'cloud' | 'source'> {
  return { id: record.id, name: record.name, username: record.username, tenant: { id: record.tenantId, name: record.tenantName }, cloud: record.cloud, source: record.source };
}

/**
 * An outbox entry as the window shows it: with its account's tenant, and while its account
 * is not signed in, worded as waiting for it (it is sent once that account signs in again).
 */
export function decorateEntry(entry: OutboxEntryDto, tenantNameOf: (accountId: string) => string | null, signedIn: (accountId: string) => boolean): OutboxEntryDto {
  if (entry.accountId === undefined) return entry;
  const tenantName = tenantNameOf(entry.accountId);
  const waiting = (entry.state === 'queued' || entry.state === 'sending') && !signedIn(entry.accountId);
  return { ...entry, tenantName, ...(waiting ? { message: `Waiting for you to sign in to ${tenantName ?? 'this account'} again.` } : {}) };
}
