/**
 * Electron's security checklist (electronjs.org/docs/latest/tutorial/security), the items
 * not already proven beside their module: every secure webPreference, the window refusing
 * any entry URL but app://, every navigation hook and popup refused, every permission kind
 * denied — and, by reading the sources, that nothing in the main process or preload goes
 * around them (no second BrowserWindow, no ipcMain.on, no loadFile/file://, no
 * executeJavaScript, no insecure option anywhere, openExternal only behind the allowlist,
 * a current Electron). SECURITY.md maps each checklist item to its test.
 */
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

class FakeSession {
  request: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void) | null = null;
  check: ((contents: unknown, permission: string) => boolean) | null = null;
  device: ((details: unknown) => boolean) | null = null;
  setPermissionRequestHandler(h: FakeSession['request']) { this.request = h; }
  setPermissionCheckHandler(h: FakeSession['check']) { this.check = h; }
  setDevicePermissionHandler(h: FakeSession['device']) { this.device = h; }
}
class FakeWebContents extends EventEmitter {
  session = new FakeSession();
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: FakeWebContents['openHandler']) { this.openHandler = h; }
}
class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  webContents = new FakeWebContents();
  loaded: string[] = [];
  constructor(public readonly options: { webPreferences: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.created.push(this);
  }
  loadURL(url: string) { this.loaded.push(url); return Promise.resolve(); }
  override once() { return this; }
}
vi.mock('electron', () => ({ BrowserWindow: FakeBrowserWindow }));

const { createMainWindow, denyAllPermissions, hardenWebContents, secureWebPreferences } = await import('../../main/electron/window');
const { APP_ENTRY_URL } = await import('../../main/electron/protocol');

const root = path.resolve(import.meta.dirname, '..', '..');
const windowOptions = (entryUrl: string) => ({ preloadPath: '/p/index.cjs', entryUrl, showOnStart: false, isQuitting: () => false });

describe('BrowserWindow webPreferences', () => {
  it('sandbox, contextIsolation, no Node anywhere, no webview, web security on, nothing experimental', () => {
    expect(secureWebPreferences('/p/index.cjs')).toEqual({
      preload: '/p/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
    });
  });

  it('the created window uses exactly those preferences and loads app:// only', () => {
    createMainWindow(windowOptions(APP_ENTRY_URL));
    const window = FakeBrowserWindow.created.at(-1)!;
    expect(window.options.webPreferences).toEqual(secureWebPreferences('/p/index.cjs'));
    expect(window.loaded).toEqual(['app://renderer/index.html']);
  });

  it.each(['https://portal.azure.com/', 'http://127.0.0.1:5173/', 'file:///app/out/renderer/index.html', 'app://other/index.html', 'app://renderer.evil/index.html', 'data:text/html,<h1>x</h1>', 'about:blank'])(
    'refuses to load remote or local content: %s',
    (url) => {
      const before = FakeBrowserWindow.created.length;
      expect(() => createMainWindow(windowOptions(url))).toThrow(/only app:\/\//);
      expect(FakeBrowserWindow.created.length).toBe(before);
    },
  );
});

describe('navigation, popups, webviews', () => {
  const contents = new FakeWebContents();
  hardenWebContents(contents as never);

  it.each(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview'])('%s is prevented', (name) => {
    const event = { preventDefault: vi.fn() };
    contents.emit(name, event, { url: 'https://evil.example/' });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it.each(['https://evil.example/', 'https://portal.azure.com/', 'app://renderer/index.html', 'javascript:alert(1)', 'about:blank'])('window.open(%s) is denied (links go through link:open)', (url) => {
    expect(contents.openHandler?.({ url })).toEqual({ action: 'deny' });
  });
});

describe('permissions', () => {
  const session = new FakeSession();
  denyAllPermissions(session as never);
  const kinds = ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'display-capture', 'fullscreen', 'pointerLock', 'openExternal', 'midi', 'midiSysex', 'hid', 'serial', 'usb', 'idle-detection', 'window-management', 'storage-access', 'unknown'];

  it.each(kinds)('"%s" is refused on request and on check', (permission) => {
    const callback = vi.fn();
    session.request?.({}, permission, callback, { requestingUrl: 'app://renderer/index.html' });
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.check?.({}, permission)).toBe(false);
  });

  it('device access is refused', () => {
    expect(session.device?.({ deviceType: 'usb', origin: 'app://renderer' })).toBe(false);
  });
});

/** Code only: a rule named in a comment (like auth.ts's usage example) is not a use. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Production sources of the main process and preload (tests and fixtures excluded). */
function sources(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (/\.(ts|mjs|cjs|js)$/.test(name) && !/\.test\.|\.spec\./.test(name)) out.push([path.relative(root, file), withoutComments(readFileSync(file, 'utf8'))]);
    }
  };
  walk(path.join(root, 'main'));
  walk(path.join(root, 'preload'));
  return out;
}

describe('nothing goes around the rules (read from the sources)', () => {
  const files = sources();
  const using = (pattern: RegExp) => files.filter(([, text]) => pattern.test(text)).map(([file]) => file).sort();

  it('no insecure webPreference anywhere', () => {
    expect(using(/nodeIntegration\s*:\s*true|contextIsolation\s*:\s*false|sandbox\s*:\s*false|webSecurity\s*:\s*false|allowRunningInsecureContent\s*:\s*true|experimentalFeatures\s*:\s*true|enableBlinkFeatures|webviewTag\s*:\s*true/)).toEqual([]);
  });

  it('one BrowserWindow, made by window.ts; no BrowserView/WebContentsView/webview', () => {
    expect(using(/new BrowserWindow\(/)).toEqual(['main/electron/window.ts']);
    expect(using(/\bBrowserView\b|\bWebContentsView\b|<webview/)).toEqual([]);
  });

  it('no file:// loading and no page scripting from main', () => {
    expect(using(/\.loadFile\(|['"`]file:\/\//)).toEqual([]);
    expect(using(/executeJavaScript|insertCSS\(|\.setWindowOpenHandler\(\s*\(\)\s*=>\s*\(\{\s*action:\s*'allow'/)).toEqual([]);
  });

  it('IPC only through ipc.ts (ipcMain.handle with the sender check), never ipcMain.on', () => {
    expect(using(/\bipcMain\.(on|once|handleOnce|addListener)\(/)).toEqual([]);
    expect(using(/\bipcMain\.handle\(/)).toEqual(['main/electron/ipc.ts']);
    // The preload exposes the typed API, never ipcRenderer itself.
    const preload = readFileSync(path.join(root, 'preload', 'index.ts'), 'utf8');
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
    expect(preload).toMatch(/exposeInMainWorld\('pim', createPimApi\(/);
  });

  it('shell.openExternal is called only behind an allowlist', () => {
    // Links: the portal/Learn allowlist. Sign-in: the configured cloud's https authority only.
    expect(using(/\bshell\.openExternal\(/)).toEqual(['main/electron/azure-sign-in.ts', 'main/electron/external-links.ts']);
    const signIn = readFileSync(path.join(root, 'main', 'electron', 'azure-sign-in.ts'), 'utf8');
    expect(signIn).toMatch(/if \(!isSignInUrl\(url, cloud\)\) throw [^\n]*\n\s*await shell\.openExternal\(url\)/);
    const links = readFileSync(path.join(root, 'main', 'electron', 'external-links.ts'), 'utf8');
    expect(links).toMatch(/const url = allowedExternalUrl\(raw\);\s*if \(url === null\) return false;\s*await shell\.openExternal\(url/);
    // Its one other call opens a constant of ours (macOS notification settings), never a caller's string.
    expect(links.match(/shell\.openExternal\(/g)).toHaveLength(2);
    expect(links).toMatch(/export async function openNotificationSettings\(\): Promise<void> \{\s*await shell\.openExternal\(NOTIFICATION_SETTINGS_URL\);/);
    expect(using(/\bshell\.openPath\(|\bshell\.openItem\(/)).toEqual([]);
  });

  it('no @electron/remote, no Node in the renderer bundle', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect({ ...pkg.dependencies, ...pkg.devDependencies }).not.toHaveProperty('@electron/remote');
    expect(using(/@electron\/remote|enableRemoteModule/)).toEqual([]);
  });

  it('a current Electron (45 or later: supported, with will-frame-navigate and fuses)', () => {
    const installed = JSON.parse(readFileSync(path.join(root, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string };
    expect(Number(installed.version.split('.')[0])).toBeGreaterThanOrEqual(45);
  });

  it('the composition root hardens every web contents and takes the single-instance lock', () => {
    const index = readFileSync(path.join(root, 'main', 'index.ts'), 'utf8');
    expect(index).toMatch(/app\.on\('web-contents-created',[^\n]*hardenWebContents\(contents\)\)/);
    expect(index).toContain('app.requestSingleInstanceLock()');
    expect(index).toContain('denyAllPermissions(session.defaultSession)');
  });
});
