/**
 * The application core as the surfaces see it: one state snapshot, change events, and what a
 * person can do, as plain methods. The IPC handler map is not the core's: main/bridge adapts
 * these methods to the contract's channels for Electron's ipcMain and the browser preview's
 * WebSocket alike. Owns no OS surface and never imports electron.
 */
import type { AccountSource, AddAccountRequest, AppState, DecisionOutcome, HistoryExportResult, MyRequestDto, OutboxEntryDto, QueueItemDto, ReviewResult, Settings, TenantOffer, TenantRef, FocusRequest } from '../model/state';
import type { ArmApi } from '../arm/types';
import type { GraphSession } from '../services/graph-session';
import type { Clock } from '../clock';
import type { Poller, TriggerReason } from '../poller/poller';
import type { PresenceInput } from '../poller/schedule';
import type { SettingsStore } from '../settings/settings-store';
import type { Budgets } from './budgeted-arm';
import type { Probe } from '../outbox';
import type { ReachabilityWatch } from './reachability';
import type { OutboxEntry } from '../outbox/types';
import type { SaveFile } from './history-csv-export';
import type { KeptQueue } from './kept-queue';
import type { AccountRecord, AccountStore } from '../accounts/account-store';
import type { DecisionRoute } from '../outbox/sender';
import type { DecisionKind } from '../outbox/types';

export type { FocusRequest };

/** Why sign-in did not give a session, in words; `keychainUnavailable` offers memory-only. */
export interface SignInProblem {
  problem: string;
  keychainUnavailable?: boolean;
}

/** One signed-in account: who, and the clients that speak for them on ARM and Graph. */
export interface AccountSession {
  account: NonNullable<AppState['account']>;
  api: ArmApi;
  /** The ARM origin the api speaks to (the outbox probes it to tell offline from down). */
  armEndpoint: string;
  /** My principal object id, so my own requests show read-only (ARM refuses self-approval). */
  principalId: string | null;
  /** Entra ID roles and PIM for Groups; absent where the session has no Graph access. */
  graph?: GraphSession;
  /** The account's tenant (name: display name, else default domain, else id); absent: the `tid` of the account id. */
  tenant?: TenantRef;
  /** Absent: public. */
  cloud?: 'public' | 'usgov' | 'china';
  /** How the session gets tokens; absent: `demo` in demo mode, else `app`. */
  source?: AccountSource;
  /** MSAL's home account id, where it differs from `account.id` (a guest tenant's account). */
  homeAccountId?: string;
}

export type { GraphSession };

/** Where decisions go: the durable outbox in the app, or a direct sender in tests. */
export interface DecisionSink {
  submit(item: QueueItemDto, result: ReviewResult, justification: string): Promise<DecisionOutcome>;
  list(): Promise<OutboxEntryDto[]>;
  /**
   * The journal's entries in full, for the history export. Main side only: they carry
   * justifications, so they never cross to the renderer. Absent where no journal is kept.
   */
  entries?(): OutboxEntry[];
  /** Decisions not yet in a final state. */
  pending(): number;
  /** Decisions being sent right now (the rest of `pending` wait: undo window, offline, backoff). */
  sending(): number;
  /** Decisions that failed recently and need the user (footer, tray); absent where failures are answered at once. */
  failed?(): number;
  /** The latest entries, newest first, for outcomes that update in place; absent without a journal. */
  recent?(): OutboxEntryDto[];
  onChange(listener: () => void): () => void;
  /** Undo a decision not yet sent; absent where decisions are sent at once. */
  cancel?(entryId: string): Promise<{ ok: boolean; reason?: string }>;
  /** The OS says the network went (false) or came back (true). */
  setOnline?(online: boolean): void;
  /** An account signed in (again): send now what waited for it. */
  kick?(): void;
  close?(): Promise<void>;
}

/**
 * What the app's one outbox needs from the core: where each account's decisions go (null
 * while that account is not signed in: the entry waits for it), who that account is, and a
 * way to tell offline from down.
 */
export interface DecisionRoutes {
  api(accountId: string, kind: DecisionKind): DecisionRoute | null;
  principalId(accountId: string): Promise<string | null>;
  probe: Probe;
  /** Whether Azure is believed reachable (OS and probe), for the words of a waiting decision. */
  online(): boolean;
}

/** A session, or why an account could not be restored (it shows signed out with the reason). */
export type RestoredSession = AccountSession | { accountId: string; problem: string };

export interface AppCoreOptions {
  mode: 'azure' | 'demo';
  clock: Clock;
  /** Null while nobody is signed in. */
  session: AccountSession | null;
  /**
   * The app's one outbox, opened at start even with nobody signed in: every account's
   * decisions, each sent only through its own account's route. Wins over `decisions`.
   */
  outbox?: (routes: DecisionRoutes) => Promise<DecisionSink>;
  /**
   * A sink per account instead (direct sends, tests): it shares the account's rate budget
   * with its poller, and its reachability probe with the header and tray.
   */
  decisions?: (session: AccountSession, budgets: Budgets, reachability: ReachabilityWatch) => DecisionSink | Promise<DecisionSink>;
  /** The remembered accounts (accounts.json); absent: nothing is remembered between runs. */
  accounts?: AccountStore;
  /**
   * Asked before a High-privilege approval is accepted when the user turned the check on
   * (macOS Touch ID). Absent: no such check exists here, and the setting has no effect.
   */
  confirmHighPrivilege?: (reason: string) => Promise<{ ok: true } | { ok: false; reason: string }>;
  /** The reachability probe of a session (tests pass a fake origin's); ARM's origin root by default. */
  probe?: (session: AccountSession) => Probe;
  /** Opens a URL outside the app once it passed the allowlist; the surface decides how. */
  openExternal: (url: string) => Promise<boolean>;
  /** At start, after settings load: the session kept from last time (keychain, demo), if any. */
  restoreSession?: (settings: Settings) => Promise<AccountSession | null>;
  /** At start: a session for each remembered account that still has tokens (wins over `restoreSession`). */
  restoreSessions?: (settings: Settings, remembered: AccountRecord[]) => Promise<RestoredSession[]>;
  /** Settings › Accounts › Add account. Absent: adding says it is not available here. */
  addAccount?: (request: AddAccountRequest, settings: Settings) => Promise<AccountSession | SignInProblem>;
  /** Signs a remembered account in again (after sign-out, a 401, a removed token). */
  signInAgain?: (record: AccountRecord, settings: Settings) => Promise<AccountSession | SignInProblem>;
  /** Drops one account's tokens (sign-out or removal of that account); its outbox entries stay. */
  forgetAccount?: (record: AccountRecord) => Promise<void>;
  /** First run: sign in for real, or start the demo tenant. Absent where neither is possible. */
  signIn?: (demo: boolean, settings: Settings) => Promise<AccountSession | SignInProblem>;
  /** Stops a browser sign-in in progress (the window's Cancel). */
  cancelSignIn?: () => void;
  /** Forgets every account's tokens (the keychain session); the outbox keeps its entries. */
  signOut?: () => Promise<void>;
  /** After "keychain unavailable": sign-in may keep the session in memory only. */
  useMemoryOnly?: () => Promise<void>;
  /**
   * Saves a file the user picks (the history's "Export CSV"): Electron's save dialog, the
   * preview's temp folder. Absent where files cannot be saved; export then says so.
   */
  saveFile?: SaveFile;
  /** Persisted settings; in memory when absent (tests, preview). */
  settingsStore?: SettingsStore;
  /**
   * The last known queue of each account, kept encrypted on disk: shown at start before any
   * check answers, replaced after each successful poll, removed at sign-out. Absent: nothing kept.
   */
  keptQueue?: KeptQueue;
  /** Poll timing for tests; the poller's defaults otherwise. */
  poller?: { random?: () => number; minGapMs?: number; readDeadlineMs?: number };
}

/** The history export's request: since when (epoch ms; null: all kept), and with justifications or not. */
export interface HistoryExportRequest {
  since: number | null;
  withJustifications: boolean;
}

export interface AppCore {
  state(): AppState;
  /** Checks every signed-in account now (and tries kinds that were off again). */
  refresh(): Promise<AppState>;
  /** Decides these requests; each answer is worded from the entry the outbox holds. */
  decide(itemIds: string[], result: ReviewResult, justification: string): Promise<DecisionOutcome[]>;
  /** Opens a URL outside the app if the allowlist lets it; false when it did not. */
  openLink(url: string): Promise<boolean>;
  settings(): Promise<Settings>;
  saveSettings(patch: Partial<Settings>): Promise<Settings>;
  /** Every account's outbox entries, never with their justifications. */
  outbox(): Promise<OutboxEntryDto[]>;
  /** Undoes a decision not yet sent. */
  cancelDecision(entryId: string): Promise<{ ok: boolean; reason?: string }>;
  myRequests(): Promise<MyRequestDto[]>;
  exportHistoryCsv(request: HistoryExportRequest): Promise<HistoryExportResult>;
  /** First run (or `accountId`: that account again): browser sign-in, or the demo tenant. */
  signIn(demo: boolean, accountId?: string): Promise<AppState>;
  cancelSignIn(): Promise<AppState>;
  /** One account, or every account when none is named. */
  signOut(accountId?: string): Promise<AppState>;
  addAccount(request: AddAccountRequest): Promise<AppState>;
  removeAccount(accountId: string): Promise<AppState>;
  /** Tenants the signed-in accounts reach that are not accounts yet. */
  discoverTenants(): Promise<TenantOffer[]>;
  /** After "keychain unavailable": keep sessions in memory only. */
  useMemoryOnly(): Promise<AppState>;
  onState(listener: (state: AppState) => void): () => void;
  /** Asks the window to show one request (notification or tray click). */
  focusItem(request: FocusRequest): void;
  onFocusItem(listener: (request: FocusRequest) => void): () => void;
  /** OS events (resume, reconnect, window shown) ask for a poll through here. */
  trigger(reason: TriggerReason): void;
  /** OS says asleep/offline (a reason) or awake/online (null). */
  setPaused(reason: string | null): void;
  /** OS says whether the user is at the machine (idle, lock, battery): it sets how often to check. */
  setPresence(input: PresenceInput): void;
  /** The first account's poller (tests); null while nobody is signed in. */
  poller(): Poller | null;
  start(): Promise<void>;
  stop(): Promise<void>;
}
