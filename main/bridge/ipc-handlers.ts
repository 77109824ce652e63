/**
 * The edge between the core and the IPC contract: one handler per channel of preload/api.ts,
 * each calling the core's method of the same meaning. Electron's ipcMain (main/electron/ipc.ts)
 * and the browser preview's WebSocket (main/preview/server.ts) both dispatch to this map, so
 * the two surfaces cannot drift; the core itself never sees a channel name. Payloads arrive
 * here already validated by `dispatch`, and results leave through it validated again.
 */
import type { Handlers } from '../../preload/api';
import type { AppCore } from '../core/app/app-core';

export function ipcHandlers(core: AppCore): Handlers {
  return {
    'state:get': async () => core.state(),
    'queue:refresh': () => core.refresh(),
    'decision:submit': ({ itemIds, result, justification }) => core.decide(itemIds, result, justification),
    'link:open': async ({ url }) => ({ opened: await core.openLink(url) }),
    'settings:get': () => core.settings(),
    'settings:set': (patch) => core.saveSettings(patch),
    'outbox:list': () => core.outbox(),
    'decision:cancel': ({ entryId }) => core.cancelDecision(entryId),
    'requests:mine': () => core.myRequests(),
    'history:exportCsv': (request) => core.exportHistoryCsv(request),
    'account:signIn': ({ demo, accountId }) => core.signIn(demo, accountId),
    'account:cancelSignIn': () => core.cancelSignIn(),
    'account:signOut': (request) => core.signOut(request?.accountId),
    'account:add': (request) => core.addAccount(request),
    'account:remove': ({ accountId }) => core.removeAccount(accountId),
    'accounts:discover': () => core.discoverTenants(),
    'account:useMemoryOnly': () => core.useMemoryOnly(),
  };
}
