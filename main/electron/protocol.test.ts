import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const registerSchemesAsPrivileged = vi.fn();
const handle = vi.fn();
vi.mock('electron', () => ({ protocol: { registerSchemesAsPrivileged, handle } }));

const { APP_ORIGIN, CONTENT_SECURITY_POLICY, isAppUrl, registerAppScheme, resolveAppPath, respondFromRoot, serveAppProtocol } = await import('./protocol');

const root = path.resolve('/srv/renderer');

describe('CONTENT_SECURITY_POLICY', () => {
  it('is the strict policy of design.md, word for word', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });
});

describe('isAppUrl', () => {
  it.each([
    [`${APP_ORIGIN}/index.html`, true],
    [`${APP_ORIGIN}/`, true],
    ['app://other/index.html', false],
    ['app://renderer:8080/index.html', false],
    ['app://x@renderer/index.html', false],
    ['https://renderer/index.html', false],
    ['file:///index.html', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => {
    expect(isAppUrl(url)).toBe(expected);
  });
});

describe('resolveAppPath', () => {
  it('serves index.html for the root', () => {
    expect(resolveAppPath(root, 'app://renderer/')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://renderer')).toBe(path.join(root, 'index.html'));
  });

  it('maps nested assets and ignores query and hash', () => {
    expect(resolveAppPath(root, 'app://renderer/assets/index-abc.js?v=1#x')).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppPath(root, 'app://renderer/assets/a%20b.css')).toBe(path.join(root, 'assets', 'a b.css'));
  });

  it.each([
    ['encoded slash with dot-dot', 'app://renderer/assets/..%2f..%2fsecret'],
    ['double-encoded dot-dot stays literal but backslash refused', 'app://renderer/..%5c..%5csecret'],
    ['encoded backslash', 'app://renderer/assets%5c..%5c..%5csecret'],
    ['NUL byte', 'app://renderer/index.html%00.png'],
    ['malformed escape', 'app://renderer/%E0%A4%A'],
    ['other host', 'app://evil/index.html'],
    ['other scheme', 'file:///srv/renderer/index.html'],
    ['encoded absolute path', 'app://renderer/%2Fetc%2Fpasswd/..%2F..'],
  ])('refuses %s', (_name, url) => {
    expect(resolveAppPath(root, url)).toBeNull();
  });

  it('keeps dot-dot segments inside (the URL parser resolves them before we see them)', () => {
    expect(resolveAppPath(root, 'app://renderer/assets/../index.html')).toBe(path.join(root, 'index.html'));
    expect(resolveAppPath(root, 'app://renderer/../../etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
    // The parser treats %2e%2e as a dot-dot segment too, so it never climbs above the root.
    expect(resolveAppPath(root, 'app://renderer/%2e%2e/%2e%2e/etc/passwd')).toBe(path.join(root, 'etc', 'passwd'));
  });
});

describe('respondFromRoot', () => {
  let dir: string;
  let outside: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pim-protocol-'));
    outside = await mkdtemp(path.join(tmpdir(), 'pim-outside-'));
    await mkdir(path.join(dir, 'assets'));
    await writeFile(path.join(dir, 'index.html'), '<!doctype html><title>x</title>');
    await writeFile(path.join(dir, 'assets', 'app.js'), 'export {};');
    await writeFile(path.join(outside, 'secret.txt'), 'secret');
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'assets', 'link.txt'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  it('serves files with their type and the CSP', async () => {
    const res = await respondFromRoot(dir, new Request('app://renderer/assets/app.js'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('export {};');
  });

  it('puts the CSP on errors too', async () => {
    const res = await respondFromRoot(dir, new Request('app://renderer/missing.js'));
    expect(res.status).toBe(404);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses a symlink that leads out of the root', async () => {
    const res = await respondFromRoot(dir, new Request('app://renderer/assets/link.txt'));
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('secret');
  });

  it('refuses traversal and other methods', async () => {
    expect((await respondFromRoot(dir, new Request('app://renderer/%2e%2e/secret.txt'))).status).toBe(404);
    expect((await respondFromRoot(dir, new Request('app://renderer/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('registration', () => {
  it('registers app:// as standard and secure, and serves it', () => {
    registerAppScheme();
    expect(registerSchemesAsPrivileged).toHaveBeenCalledWith([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    const privileges = registerSchemesAsPrivileged.mock.calls[0]?.[0]?.[0]?.privileges as Record<string, boolean>;
    // Never the privileges that would undo the CSP or open the scheme to other origins' workers.
    expect(privileges).not.toHaveProperty('bypassCSP');
    expect(privileges).not.toHaveProperty('allowServiceWorkers');
    serveAppProtocol('/srv/renderer');
    expect(handle).toHaveBeenCalledWith('app', expect.any(Function));
  });
});
