/**
 * The application core as the surfaces see it: one state snapshot, change events, and the
 * handlers for every IPC channel. Electron's ipcMain and the browser preview's WebSocket
 * both route to these same handlers. Owns no OS surface and never imports electron.
 */
import type { AppState, DecisionOutcome, Handlers, QueueItemDto, ReviewResult } from '../../../preload/api';

/** Where the queue comes from: the real ARM poll, or nothing yet (signed out). */
export interface QueueSource {
  readonly accountId: string;
  readonly account: AppState['account'];
  /** One poll; problems come back as values with the connection state they imply. */
  poll(): Promise<{ ok: true; items: QueueItemDto[] } | { ok: false; connection: 'offline' | 'signed-out' | 'error'; problem: string }>;
  decide(item: QueueItemDto, result: ReviewResult, justification: string): Promise<DecisionOutcome>;
}

export interface AppCoreOptions {
  mode: 'azure' | 'demo';
  /** Null while nobody is signed in. */
  source: QueueSource | null;
  /** Opens a URL outside the app once it passed the allowlist; the surface decides how. */
  openExternal: (url: string) => Promise<boolean>;
  now?: () => number;
}

export interface AppCore {
  readonly handlers: Handlers;
  state(): AppState;
  onState(listener: (state: AppState) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}
