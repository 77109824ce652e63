/**
 * Where "Open in Azure portal" goes: PIM's approval blade for the request's kind (Azure
 * resources, Entra ID roles, PIM for Groups). Main checks the URL against its allowlist
 * again; the renderer only ever asks through window.pim.
 */
import type { ItemKind } from '../../../preload/api';

const APPROVALS_BLADE = 'https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ApproveRequestMenuBlade/~/';

const BLADE_TAB: Record<ItemKind, string> = {
  azureResource: 'azurerbac',
  entraRole: 'aadmigratedroles',
  group: 'aadgroup',
};

export function portalApprovalsUrl(kind: ItemKind): string {
  return `${APPROVALS_BLADE}${BLADE_TAB[kind]}`;
}
