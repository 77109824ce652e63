/**
 * Owns the Electron side of the IPC contract: one ipcMain handler per invoke channel of
 * preload/api.ts, each routed through `dispatch` (payload and result validated there) after
 * checking who is calling, and the push of AppState changes to the window. Must never act on
 * a message from anything but our window's main frame on our app:// origin, and never throw
 * across the bridge: every refusal is a `{ ok: false, error }` value.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { type AppState } from '../core/model/state';
import { dispatch, invokeChannels, type CallOutcome, type EventChannel, type EventOf, type Handlers, type InvokeChannel } from '../../preload/api';
import { mainLog } from './log';
import { APP_ORIGIN, isAppUrl } from './protocol';

const log = mainLog.child('ipc');

export type SenderInfo = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/** Why a message must be refused, or null when it comes from our window's main frame. */
export function senderProblem(event: SenderInfo, window: BrowserWindow | null): string | null {
  if (window === null || window.isDestroyed()) return 'refused: no application window';
  const frame = event.senderFrame;
  // Null when the frame navigated away or was destroyed before the message was handled.
  if (frame === null || frame === undefined || frame.detached) return 'refused: sender frame is gone';
  if (event.sender !== window.webContents) return 'refused: message from another window';
  const main = window.webContents.mainFrame;
  if (frame.parent !== null || frame.frameTreeNodeId !== main.frameTreeNodeId || frame.processId !== main.processId || frame.routingId !== main.routingId) {
    return 'refused: message from a subframe';
  }
  if (frame.origin !== APP_ORIGIN || !isAppUrl(frame.url)) return 'refused: message from an unexpected origin';
  return null;
}

/** Handles one invoke: sender first, then the contract's own validation. Exported for tests. */
export async function handleInvoke(handlers: Handlers, channel: InvokeChannel, event: SenderInfo, payload: unknown, window: BrowserWindow | null): Promise<CallOutcome<unknown>> {
  let problem: string | null;
  try {
    problem = senderProblem(event, window);
  } catch {
    // A sender we cannot even inspect (a frame torn down mid-call) is refused like a stranger.
    problem = 'refused: sender could not be checked';
  }
  if (problem !== null) {
    log.warn(`${channel}: ${problem}`); // never log the payload: it may hold a justification
    return { ok: false, error: problem };
  }
  const outcome = await dispatch(handlers, channel, payload);
  if (!outcome.ok) log.warn(`${channel}: ${outcome.error}`);
  return outcome;
}

/** Registers every channel of the contract; returns a function that removes them again. */
export function registerIpcHandlers(handlers: Handlers, getWindow: () => BrowserWindow | null): () => void {
  const channels = Object.keys(invokeChannels) as InvokeChannel[];
  for (const channel of channels) {
    ipcMain.handle(channel, (event, payload: unknown) => handleInvoke(handlers, channel, event, payload, getWindow()));
  }
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

const STATE_CHANGED: EventChannel = 'state:changed';

/** Sends the core's "show this request" asks to our window (notification and tray clicks). */
export function forwardFocusRequests(onFocus: (listener: (request: EventOf<'ui:focusItem'>) => void) => () => void, getWindow: () => BrowserWindow | null): () => void {
  return onFocus((request) => {
    const window = getWindow();
    if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send('ui:focusItem', request);
  });
}

/** Pushes every AppState change to the window (if it is alive); returns the unsubscribe. */
export function forwardStateChanges(onState: (listener: (state: AppState) => void) => () => void, getWindow: () => BrowserWindow | null): () => void {
  return onState((state) => {
    const window = getWindow();
    if (window === null || window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(STATE_CHANGED, state);
  });
}
