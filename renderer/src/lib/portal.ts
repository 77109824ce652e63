/**
 * Where "Open in Azure portal" goes: PIM's approval blade for the request's kind (Azure
 * resources, Entra ID roles, PIM for Groups), on the portal of the signed-in cloud. Main
 * checks the URL against its allowlist again; the renderer only ever asks through window.pim.
 */
import { getContext, setContext } from 'svelte';
import type { ItemKind, Settings } from '../../../preload/api';

type Cloud = Settings['account']['cloud'];

const PORTAL_HOST: Record<Cloud, string> = {
  public: 'portal.azure.com',
  usgov: 'portal.azure.us',
  china: 'portal.azure.cn',
};

const BLADE_TAB: Record<ItemKind, string> = {
  azureResource: 'azurerbac',
  entraRole: 'aadmigratedroles',
  group: 'aadgroup',
};

export function portalApprovalsUrl(kind: ItemKind, cloud: Cloud = 'public'): string {
  return `https://${PORTAL_HOST[cloud]}/#view/Microsoft_Azure_PIMCommon/ApproveRequestMenuBlade/~/${BLADE_TAB[kind]}`;
}

const CLOUD_KEY = Symbol('portal-cloud');

/** App.svelte says which cloud the account is in; links below it open that cloud's portal. */
export function providePortalCloud(cloud: () => Cloud): void {
  setContext(CLOUD_KEY, cloud);
}

export function portalCloud(): Cloud {
  return getContext<(() => Cloud) | undefined>(CLOUD_KEY)?.() ?? 'public';
}
