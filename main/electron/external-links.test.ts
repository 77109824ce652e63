import { beforeEach, describe, expect, it, vi } from 'vitest';

const openExternal = vi.fn(async (_url: string, _options?: unknown) => undefined);
vi.mock('electron', () => ({ shell: { openExternal } }));

const { allowedExternalUrl, isAllowedExternalUrl, openAllowedExternal } = await import('./external-links');

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://portal.azure.com/#view/Microsoft_Azure_PIMCommon/ApproveRequestMenuBlade',
    'https://portal.azure.us/',
    'https://portal.azure.cn/',
    'https://ms.portal.azure.com/#home',
    'https://preview.portal.azure.com/',
    'https://learn.microsoft.com/en-us/entra/id-governance/privileged-identity-management/',
    'HTTPS://PORTAL.AZURE.COM/',
    'https://portal.azure.com:443/',
  ])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    ['plain http', 'http://portal.azure.com/'],
    ['javascript:', 'javascript:alert(1)//portal.azure.com'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['file:', 'file:///etc/passwd'],
    ['userinfo before an evil host', 'https://portal.azure.com@evil.example/'],
    ['userinfo before our host', 'https://attacker@portal.azure.com/'],
    ['user and password', 'https://a:b@portal.azure.com/'],
    ['look-alike suffix', 'https://portal.azure.com.evil.example/'],
    ['look-alike prefix', 'https://evilportal.azure.com/'],
    ['bare parent domain', 'https://azure.com/'],
    ['dot-only subdomain label', 'https://.portal.azure.com/'],
    ['other port', 'https://portal.azure.com:8443/'],
    ['IDN look-alike (Cyrillic o)', 'https://p\u043Ertal.azure.com/'],
    ['IDN look-alike in punycode', 'https://xn--prtal-5ve.azure.com/'],
    ['fullwidth dot tricks', 'https://portal\uFF0Eazure\uFF0Ecom.evil.example/'],
    ['trailing-dot host', 'https://portal.azure.com./'],
    ['backslash confusion', 'https://evil.example\\@portal.azure.com/'],
    ['leading space', ' https://portal.azure.com/'],
    ['embedded newline', 'https://portal.azure.com/\nhttps://evil.example'],
    ['tab in host', 'https://portal.\tazure.com/'],
    ['IP address', 'https://20.0.0.1/'],
    ['protocol-relative', '//portal.azure.com/'],
    ['empty', ''],
    ['not a URL', 'portal.azure.com'],
    ['overlong', `https://portal.azure.com/${'a'.repeat(5000)}`],
  ])('refuses %s', (_name, url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });

  it('normalises what it hands the OS', () => {
    expect(allowedExternalUrl('HTTPS://Portal.Azure.com:443/a/../b')).toBe('https://portal.azure.com/b');
  });
});

describe('openAllowedExternal', () => {
  beforeEach(() => openExternal.mockClear());

  it('opens an allowed link with the normalised URL', async () => {
    await expect(openAllowedExternal('https://PORTAL.azure.com/x')).resolves.toBe(true);
    expect(openExternal).toHaveBeenCalledWith('https://portal.azure.com/x', { activate: true });
  });

  it('opens nothing for a refused link', async () => {
    await expect(openAllowedExternal('https://portal.azure.com@evil.example/')).resolves.toBe(false);
    expect(openExternal).not.toHaveBeenCalled();
  });
});
