/**
 * Where "Open in Azure portal" goes: PIM's approval blade for Azure resources. Main checks
 * the URL against its allowlist again; the renderer only ever asks through window.pim.
 */
export const PORTAL_APPROVALS_URL = 'https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ApproveRequestMenuBlade/~/aadmigratedroles';
