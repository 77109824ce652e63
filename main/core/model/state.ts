/**
 * The app's data model, owned by the core: what a queue item, an outbox entry, an account,
 * the app's state, the settings and a decision's outcome are, as zod schemas with their types.
 * The core builds and returns these; the IPC contract (preload/api.ts) carries them between
 * main and the renderer and validates them on the way, so the wire format adapts to the core,
 * never the other way round. Pure data: imports nothing but zod (lint enforces it), because
 * the preload and the renderer bundle it too.
 */
import { z } from 'zod';

export const ReviewResult = z.enum(['Approve', 'Deny']);
export type ReviewResult = z.infer<typeof ReviewResult>;

/**
 * What an item is, and so where its decision is sent: Azure resource roles through ARM,
 * Entra ID (directory) roles and PIM for Groups through Microsoft Graph.
 */
export const ItemKind = z.enum(['azureResource', 'entraRole', 'group']);
export type ItemKind = z.infer<typeof ItemKind>;

/** Whether the app reads and decides one kind, and if not, why (missing consent, 403…). */
export const KindStatus = z.object({
  kind: ItemKind,
  status: z.enum(['active', 'off', 'checking']),
  /** Why the kind is off (or a warning while active), in words a person can act on. */
  reason: z.string().nullable(),
});
export type KindStatus = z.infer<typeof KindStatus>;

const Named = z.object({ id: z.string(), displayName: z.string() });

/** A directory (Entra ID tenant): its id, and its name (display name, else default domain, else id). */
export const TenantRef = z.object({ id: z.string(), name: z.string() });
export type TenantRef = z.infer<typeof TenantRef>;

export const QueueItemDto = z.object({
  /**
   * The stage as its service named it, and where the decision is sent: the full ARM id of
   * the approval stage, or the Graph path of the step/stage for Entra ID roles and groups.
   */
  id: z.string(),
  kind: ItemKind,
  /** PIM for Groups only: membership or ownership of the group (role and scope are the group). */
  access: z.enum(['member', 'owner']).optional(),
  accountId: z.string(),
  approvalId: z.string(),
  requestId: z.string(),
  requestType: z.string(),
  requester: Named.extend({ upn: z.string().nullable() }),
  role: Named,
  /** `roleAssignable`: PIM for Groups only, when Graph says the group can hold Entra ID roles. */
  scope: Named.extend({ type: z.string(), roleAssignable: z.boolean().optional() }),
  justification: z.string().nullable(),
  ticket: z.object({ number: z.string().nullable(), system: z.string().nullable() }),
  createdOn: z.string(),
  expiresAt: z.string(),
  startsAt: z.string().nullable(),
  duration: z.string().nullable(),
  stage: z.object({ index: z.number().int(), count: z.number().int(), status: z.string() }),
  /** Multi-stage approvals: what the stages before this one said (reviewer, verdict, words). */
  earlierStages: z
    .array(
      z.object({
        name: z.string().nullable(),
        reviewer: z.string().nullable(),
        result: z.string(),
        status: z.string(),
        justification: z.string().nullable(),
        reviewedAt: z.string().nullable(),
      }),
    )
    .max(20)
    .optional(),
  /** False for extend/renew requests (ARM cannot decide them) and for stages not mine. */
  actionable: z.boolean(),
  /** Why a non-actionable item is read-only, so the window can say it. */
  readOnly: z.enum(['portal-only', 'own-request', 'not-mine']).optional(),
  /** The tenant of the account the item was read for (filled by the core; absent from an older main). */
  tenant: TenantRef.optional(),
});
export type QueueItemDto = z.infer<typeof QueueItemDto>;

/** One decision as the outbox and history show it (never its justification). */
export const OutboxEntryDto = z.object({
  id: z.string(),
  /** The stage id the decision was for. */
  itemId: z.string(),
  kind: ItemKind,
  requestId: z.string().nullable(),
  result: ReviewResult,
  state: z.enum(['queued', 'sending', 'done', 'conflict', 'expired', 'failed', 'cancelled']),
  /** The outcome in words ("Already approved by Grace Hopper"); while under way, the last error if any. */
  message: z.string().nullable(),
  /** Tries so far; after the first one a decision may have reached Azure. */
  attempts: z.number().int().nonnegative(),
  /** While queued: when it will be sent (end of the undo window, or of a retry's wait). */
  sendAt: z.string().nullable(),
  /**
   * Whether Undo can still take it back (queued and never tried). When false for a waiting
   * entry, `undoBlocked` says why in words.
   */
  undoable: z.boolean(),
  undoBlocked: z.string().nullable(),
  summary: z.object({ role: z.string(), scope: z.string(), requester: z.string(), access: z.enum(['member', 'owner']).optional() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The account (`{oid}.{tid}`) the decision is sent as; absent from an older main. */
  accountId: z.string().optional(),
  /** That account's tenant name, when the account is known (null: removed or never known). */
  tenantName: z.string().nullable().optional(),
});
export type OutboxEntryDto = z.infer<typeof OutboxEntryDto>;

export const Connection = z.enum(['starting', 'online', 'offline', 'signed-out', 'error']);

/** How an account gets its tokens: this app's own sign-in, the Azure CLI's, or the simulator. */
export const AccountSource = z.enum(['app', 'azure-cli', 'demo']);
export type AccountSource = z.infer<typeof AccountSource>;

/** One person in one tenant, as the window lists it (Settings › Accounts). */
export const AccountDto = z.object({
  /** `{oid}.{tid}` as the token for that tenant names it (lower-case). */
  id: z.string(),
  name: z.string(),
  username: z.string(),
  tenant: TenantRef,
  cloud: z.enum(['public', 'usgov', 'china']),
  source: AccountSource,
  /** signed-in: polling; signed-out: kept in the list (its outbox entries wait for it); error: see `problem`. */
  status: z.enum(['signed-in', 'signing-in', 'signed-out', 'error']),
  connection: Connection,
  problem: z.string().nullable(),
  kinds: z.array(KindStatus),
  lastCheckedAt: z.string().nullable(),
});
export type AccountDto = z.infer<typeof AccountDto>;

/** A tenant a signed-in account can reach (a guest tenant) and that is not an account yet. */
export const TenantOffer = z.object({ viaAccountId: z.string(), tenantId: z.string(), name: z.string(), defaultDomain: z.string().nullable() });
export type TenantOffer = z.infer<typeof TenantOffer>;

export const AccountIdArg = z.string().min(1).max(300);
export const TenantArg = z.string().min(1).max(200);
/** What "Add account" asks for: a browser sign-in (optionally pinned to a tenant), the Azure CLI, the demo's next tenant, or a discovered guest tenant. */
export const AddAccountRequest = z.discriminatedUnion('source', [
  z.strictObject({ source: z.literal('app'), tenant: TenantArg.optional() }),
  z.strictObject({ source: z.literal('azure-cli'), tenant: TenantArg.optional() }),
  z.strictObject({ source: z.literal('demo') }),
  z.strictObject({ source: z.literal('tenant'), viaAccountId: AccountIdArg, tenantId: TenantArg }),
]);
export type AddAccountRequest = z.infer<typeof AddAccountRequest>;

export const AppState = z.object({
  mode: z.enum(['azure', 'demo']),
  /** Merged over the accounts: online when any signed-in account is. */
  connection: Connection,
  /** The first signed-in account (the header), or null. */
  account: z.object({ id: z.string(), name: z.string(), username: z.string() }).nullable(),
  /** Every account, signed in or remembered; absent from an older main (read as []). */
  accounts: z.array(AccountDto).optional(),
  queue: z.array(QueueItemDto),
  lastCheckedAt: z.string().nullable(),
  /**
   * Set while the queue shown is the one kept from an earlier run and no check has answered
   * since this start: when that queue was read from Azure ("as of 10:26 · checking…").
   */
  queueAsOf: z.string().nullable().optional(),
  /** While offline: since when this run has been offline ("offline since 10:31"). */
  offlineSince: z.string().nullable().optional(),
  /** The last poll's problem in words a person can act on; null when all is well. */
  problem: z.string().nullable(),
  /**
   * The outbox at a glance: decisions not yet final (`pending`), whether one is being sent
   * now (`busy`), and decisions that failed within the last day and need the user (`failed`;
   * absent where decisions are sent at once, read as 0).
   */
  sync: z.object({ pending: z.number().int().nonnegative(), busy: z.boolean(), failed: z.number().int().nonnegative().optional() }),
  /**
   * The latest decisions as the outbox records them (waiting ones and those settled in the
   * last minutes, newest first, bounded), so every surface words a decision from its entry
   * while it moves on: waiting → sending → done | conflict | expired | failed. Absent where
   * decisions are not journaled (a direct sink).
   */
  decisions: z.array(OutboxEntryDto).optional(),
  /**
   * Sign-in progress: "signing-in" while the system browser is open (the window shows
   * "Continue in your browser" with Cancel); "keychain-unavailable" when the OS keychain
   * cannot hold the session key (the window offers a memory-only session).
   */
  signIn: z.object({ status: z.enum(['idle', 'signing-in', 'keychain-unavailable']), message: z.string().nullable() }),
  /**
   * One entry per kind of request, in a fixed order (Azure resources, Entra ID, groups),
   * merged over the accounts: a kind is active when it is active in any account.
   */
  kinds: z.array(KindStatus),
});
export type AppState = z.infer<typeof AppState>;

export const DecisionOutcome = z.object({
  itemId: z.string(),
  /**
   * What happened, from the recorded entry and Azure's answer — never from the button that
   * was pressed. `refused`: the user already made the opposite decision on this request.
   */
  outcome: z.enum(['done', 'queued', 'conflict', 'expired', 'failed', 'refused']),
  message: z.string(),
  /** The outbox entry of a queued decision, to undo it with `decision:cancel`. */
  entryId: z.string().optional(),
  /** The verb the outbox holds for this request (may differ from the one asked when refused). */
  recordedResult: z.enum(['Approve', 'Deny']).optional(),
});
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;


/** The user's preferences, kept by main (the renderer only reads and patches them). */
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time as HH:MM');
export const Settings = z.object({
  /** How often to check while the user is away, locked or on battery ("while I'm away"). */
  pollIntervalSeconds: z.number().int().min(15).max(3600),
  /** How often to check while the user is at the machine ("while I'm here"); never rarer than the other. */
  activePollIntervalSeconds: z.number().int().min(15).max(3600),
  notifications: z.boolean(),
  quietHours: z.object({ enabled: z.boolean(), start: ClockTime, end: ClockTime }),
  /** Decide without the dialog, using `defaultJustification`, when one is set. */
  oneClickDecisions: z.boolean(),
  defaultJustification: z.string().max(2000),
  /**
   * macOS: ask for Touch ID before a High-privilege approval is accepted. Absent (older
   * settings files, other platforms) means off.
   */
  touchIdForHighPrivilege: z.boolean().optional(),
  /**
   * The approver's working hours, for the "Outside working hours" cue on a request's start:
   * days 0 (Sunday) to 6, local time; an end before the start runs past midnight. Absent
   * means Monday to Friday, 08:00–18:00.
   */
  workingHours: z.object({ days: z.array(z.number().int().min(0).max(6)).max(7), start: ClockTime, end: ClockTime }).optional(),
  /** Groups whose PIM requests carry "High privilege" by name (case-insensitive), beside role-assignable ones. */
  highPrivilegeGroups: z.array(z.string().trim().min(1).max(256)).max(200).optional(),
  /** One reminder when a request I can decide has an hour left; absent means on. */
  expiryReminder: z.boolean().optional(),
  startAtLogin: z.boolean(),
  theme: z.enum(['system', 'light', 'dark']),
  account: z.object({ tenant: z.string().max(200), cloud: z.enum(['public', 'usgov', 'china']), clientId: z.string().max(100) }),
  /** The CLI's account when several are remembered (an account id or name); absent: the only one. */
  defaultAccount: z.string().max(300).optional(),
  /**
   * Read only: the keys the organisation's machine policy sets (main/core/settings/managed-policy.ts:
   * clientId, tenant, cloud, pollIntervalSeconds, …); Settings shows them disabled, and a change
   * to one is refused. Absent: none (or an older main).
   */
  managed: z.array(z.string().max(100)).max(50).optional(),
});
export type Settings = z.infer<typeof Settings>;

/** A request the signed-in user made (asRequestor()), for the "My requests" tab. */
export const MyRequestDto = z.object({
  id: z.string(),
  /** Which kind of request (absent from an older main: Azure resource). */
  kind: ItemKind.optional(),
  /** PIM for Groups only: membership or ownership of the group. */
  access: z.enum(['member', 'owner']).optional(),
  requestType: z.string(),
  /** Schedule request status, an open set ("PendingApproval", "Granted", …): shown raw when unknown. */
  status: z.string(),
  role: Named,
  scope: Named.extend({ type: z.string() }),
  justification: z.string().nullable(),
  createdOn: z.string(),
});
export type MyRequestDto = z.infer<typeof MyRequestDto>;

/**
 * What "Export CSV" of the decision history came to. `saved` names the file only (never its
 * folder: the full path stays in main); `cancelled`: the user closed the save dialog.
 */
export const HistoryExportResult = z.discriminatedUnion('status', [
  z.object({ status: z.literal('saved'), rows: z.number().int().nonnegative(), fileName: z.string() }),
  z.object({ status: z.literal('cancelled') }),
  z.object({ status: z.literal('failed'), reason: z.string() }),
]);
export type HistoryExportResult = z.infer<typeof HistoryExportResult>;


/**
 * Show one request (from a notification or the tray): select it, preset the decision when
 * one was chosen, and put the cursor in the justification field; a reply typed in the
 * notification pre-fills it.
 */
export const FocusRequest = z.object({
  itemId: z.string().nullable(),
  decision: ReviewResult.nullable(),
  justification: z.string().max(2000).optional(),
});
export type FocusRequest = z.infer<typeof FocusRequest>;
