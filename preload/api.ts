/**
 * The IPC contract: every channel between the sandboxed renderer and main, declared once.
 * Main (Electron ipcMain or the browser preview's WebSocket) validates every inbound
 * payload against `payload` and every outbound result against `result`; the renderer only
 * ever sees typed functions on `window.pim`. Never import electron or node modules here:
 * this file is bundled into the preload and the renderer too.
 */
import { z } from 'zod';
import { AccountIdArg, AddAccountRequest, AppState, DecisionOutcome, FocusRequest, HistoryExportResult, MyRequestDto, OutboxEntryDto, ReviewResult, Settings, TenantOffer } from '../main/core/model/state';

// The model's types travel with the contract: the renderer reaches them through here only.
export * from '../main/core/model/state';

const Justification = z.string().trim().min(1, 'A justification is required').max(2000);
/** A patch: only the fields the user changed; nested objects are replaced whole. */
const SettingsPatch = z.strictObject(Settings.omit({ managed: true }).shape).partial();

/** Renderer → main requests: payload in, result out. */
export const invokeChannels = {
  'state:get': { payload: z.undefined(), result: AppState },
  'queue:refresh': { payload: z.undefined(), result: AppState },
  'decision:submit': {
    payload: z.strictObject({
      itemIds: z.array(z.string().min(1).max(2048)).min(1).max(1000),
      result: ReviewResult,
      justification: Justification,
    }),
    result: z.array(DecisionOutcome),
  },
  'link:open': {
    payload: z.strictObject({ url: z.string().url().max(4096) }),
    result: z.object({ opened: z.boolean() }),
  },
  /** Undo a decision still waiting in the outbox (undo window, or offline). */
  'decision:cancel': {
    payload: z.strictObject({ entryId: z.string().min(1).max(200) }),
    result: z.object({ ok: z.boolean(), reason: z.string().optional() }),
  },
  'settings:get': { payload: z.undefined(), result: Settings },
  'settings:set': { payload: SettingsPatch, result: Settings },
  'outbox:list': { payload: z.undefined(), result: z.array(OutboxEntryDto) },
  'requests:mine': { payload: z.undefined(), result: z.array(MyRequestDto) },
  /**
   * The decision history as CSV to a file the user picks (main shows the save dialog and
   * writes it); the same rows as `pim-approvals history -o csv`. `since`: epoch ms or all kept.
   */
  'history:exportCsv': {
    payload: z.strictObject({ since: z.number().int().nonnegative().nullable(), withJustifications: z.boolean() }),
    result: HistoryExportResult,
  },
  /**
   * First run: sign in to Azure, or start on the simulated demo tenant. With `accountId`:
   * sign that remembered account in again.
   */
  'account:signIn': { payload: z.strictObject({ demo: z.boolean(), accountId: AccountIdArg.optional() }), result: AppState },
  'account:cancelSignIn': { payload: z.undefined(), result: AppState },
  /** Sign one account out (its outbox entries wait for it), or every account when absent. */
  'account:signOut': { payload: z.union([z.strictObject({ accountId: AccountIdArg.optional() }), z.undefined()]), result: AppState },
  /** Add an account beside those signed in (Settings › Accounts › Add account). */
  'account:add': { payload: AddAccountRequest, result: AppState },
  /** Forget an account: its kept queue and tokens go; its outbox entries stay and wait for it. */
  'account:remove': { payload: z.strictObject({ accountId: AccountIdArg }), result: AppState },
  /** Tenants the signed-in accounts can reach that are not accounts yet (guest tenants). */
  'accounts:discover': { payload: z.undefined(), result: z.array(TenantOffer) },
  /** After "keychain unavailable": keep the session in memory only (lost at quit). */
  'account:useMemoryOnly': { payload: z.undefined(), result: AppState },
} as const;

/** Main → renderer pushes. */
export const eventChannels = {
  'state:changed': AppState,
  /**
   * Show one request (from a notification or the tray): select it, preset the decision when
   * one was chosen, and put the cursor in the justification field; a reply typed in the
   * notification pre-fills it.
   */
  'ui:focusItem': FocusRequest,
} as const;

export type InvokeChannels = typeof invokeChannels;
export type InvokeChannel = keyof InvokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type PayloadOf<C extends InvokeChannel> = z.infer<InvokeChannels[C]['payload']>;
export type ResultOf<C extends InvokeChannel> = z.infer<InvokeChannels[C]['result']>;
export type EventOf<C extends EventChannel> = z.infer<(typeof eventChannels)[C]>;

/**
 * What main must implement: one handler per declared channel. Because this is a mapped
 * type over the contract, a channel without a handler fails the type-check.
 */
export type Handlers = { [C in InvokeChannel]: (payload: PayloadOf<C>) => Promise<ResultOf<C>> };

/** The API the renderer sees as `window.pim`. */
export interface PimApi {
  getState(): Promise<AppState>;
  refresh(): Promise<AppState>;
  decide(payload: PayloadOf<'decision:submit'>): Promise<ResultOf<'decision:submit'>>;
  openLink(url: string): Promise<ResultOf<'link:open'>>;
  cancelDecision(entryId: string): Promise<ResultOf<'decision:cancel'>>;
  getSettings(): Promise<Settings>;
  saveSettings(patch: PayloadOf<'settings:set'>): Promise<Settings>;
  listOutbox(): Promise<OutboxEntryDto[]>;
  myRequests(): Promise<MyRequestDto[]>;
  exportHistoryCsv(payload: PayloadOf<'history:exportCsv'>): Promise<HistoryExportResult>;
  signIn(payload: PayloadOf<'account:signIn'>): Promise<AppState>;
  cancelSignIn(): Promise<AppState>;
  /** One account by id, or every account when absent. */
  signOut(accountId?: string): Promise<AppState>;
  addAccount(request: AddAccountRequest): Promise<AppState>;
  removeAccount(accountId: string): Promise<AppState>;
  discoverTenants(): Promise<TenantOffer[]>;
  useMemoryOnlySession(): Promise<AppState>;
  onStateChanged(listener: (state: AppState) => void): () => void;
  onFocusItem(listener: (request: EventOf<'ui:focusItem'>) => void): () => void;
}

/** Maps `window.pim` functions to channels so the preload and the preview bridge agree. */
export function createPimApi(
  invoke: <C extends InvokeChannel>(channel: C, payload: PayloadOf<C>) => Promise<ResultOf<C>>,
  subscribe: <C extends EventChannel>(channel: C, listener: (value: EventOf<C>) => void) => () => void,
): PimApi {
  return {
    getState: () => invoke('state:get', undefined),
    refresh: () => invoke('queue:refresh', undefined),
    decide: (payload) => invoke('decision:submit', payload),
    openLink: (url) => invoke('link:open', { url }),
    cancelDecision: (entryId) => invoke('decision:cancel', { entryId }),
    getSettings: () => invoke('settings:get', undefined),
    saveSettings: (patch) => invoke('settings:set', patch),
    listOutbox: () => invoke('outbox:list', undefined),
    myRequests: () => invoke('requests:mine', undefined),
    exportHistoryCsv: (payload) => invoke('history:exportCsv', payload),
    signIn: (payload) => invoke('account:signIn', payload),
    cancelSignIn: () => invoke('account:cancelSignIn', undefined),
    signOut: (accountId) => invoke('account:signOut', accountId === undefined ? undefined : { accountId }),
    addAccount: (request) => invoke('account:add', request),
    removeAccount: (accountId) => invoke('account:remove', { accountId }),
    discoverTenants: () => invoke('accounts:discover', undefined),
    useMemoryOnlySession: () => invoke('account:useMemoryOnly', undefined),
    onStateChanged: (listener) => subscribe('state:changed', listener),
    onFocusItem: (listener) => subscribe('ui:focusItem', listener),
  };
}

export type CallOutcome<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * The one place main handles an inbound call: validates the payload, runs the handler,
 * validates the result. Errors come back as values so a bad message never throws across
 * the bridge; the reason is short and never echoes the payload (it may hold a justification).
 */
export async function dispatch(handlers: Handlers, channel: unknown, payload: unknown): Promise<CallOutcome<unknown>> {
  if (typeof channel !== 'string' || !Object.hasOwn(invokeChannels, channel)) {
    return { ok: false, error: 'unknown channel' };
  }
  const name = channel as InvokeChannel;
  const spec = invokeChannels[name];
  const parsed = spec.payload.safeParse(payload);
  if (!parsed.success) {
    return { ok: false, error: `invalid payload for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}` };
  }
  try {
    const handler = handlers[name] as (p: unknown) => Promise<unknown>;
    const value = spec.result.parse(await handler(parsed.data));
    return { ok: true, value };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : 'handler failed' };
  }
}
