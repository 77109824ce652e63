/**
 * The sandboxed preload: exposes the IPC contract to the renderer as `window.pim` and
 * nothing else (never `ipcRenderer` itself). Calls return main's CallOutcome unwrapped
 * (errors become thrown Errors in the renderer); pushed events are checked against their
 * schema before a listener sees them. Bundled into one CJS file (scripts/build.mjs): a
 * sandboxed preload can require only `electron` and a few Node shims.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createPimApi, eventChannels, type CallOutcome, type EventChannel, type EventOf, type InvokeChannel, type PayloadOf, type ResultOf } from './api';

async function invoke<C extends InvokeChannel>(channel: C, payload: PayloadOf<C>): Promise<ResultOf<C>> {
  const outcome = (await ipcRenderer.invoke(channel, payload)) as CallOutcome<ResultOf<C>>;
  // Main validated the result against the contract before sending it (dispatch).
  if (outcome.ok) return outcome.value;
  throw new Error(outcome.error);
}

function subscribe<C extends EventChannel>(channel: C, listener: (value: EventOf<C>) => void): () => void {
  const schema = eventChannels[channel];
  const onMessage = (_event: IpcRendererEvent, value: unknown) => {
    const parsed = schema.safeParse(value);
    if (parsed.success) listener(parsed.data as EventOf<C>);
    else console.warn(`[pim] dropped an invalid ${channel} event`);
  };
  ipcRenderer.on(channel, onMessage);
  return () => {
    ipcRenderer.removeListener(channel, onMessage);
  };
}

contextBridge.exposeInMainWorld('pim', createPimApi(invoke, subscribe));
