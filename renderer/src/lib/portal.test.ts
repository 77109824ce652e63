import { describe, expect, it } from 'vitest';
import { KIND_ORDER } from '../../../preload/item-labels';
import { portalApprovalsUrl } from './portal';

describe('portalApprovalsUrl', () => {
  it('opens the approvals blade on the tab of the request’s kind', () => {
    expect(portalApprovalsUrl('azureResource')).toBe('https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ApproveRequestMenuBlade/~/azurerbac');
    expect(portalApprovalsUrl('entraRole')).toBe('https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ApproveRequestMenuBlade/~/aadmigratedroles');
    expect(portalApprovalsUrl('group')).toBe('https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ApproveRequestMenuBlade/~/aadgroup');
  });
  it('stays on portal.azure.com over https for every kind by default (main’s allowlist)', () => {
    for (const kind of KIND_ORDER) {
      const url = new URL(portalApprovalsUrl(kind));
      expect([url.protocol, url.host, url.username, url.password]).toEqual(['https:', 'portal.azure.com', '', '']);
    }
  });
  it('opens the portal of the signed-in cloud', () => {
    expect(new URL(portalApprovalsUrl('entraRole', 'usgov')).host).toBe('portal.azure.us');
    expect(new URL(portalApprovalsUrl('group', 'china')).host).toBe('portal.azure.cn');
    expect(portalApprovalsUrl('azureResource', 'public')).toBe(portalApprovalsUrl('azureResource'));
  });
});
