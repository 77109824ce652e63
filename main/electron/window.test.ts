import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

type Listener = (...args: unknown[]) => void;

/** Just enough of BrowserWindow/WebContents/Session to watch what window.ts wires up. */
class FakeSession {
  requestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  checkHandler: (() => boolean) | null = null;
  deviceHandler: (() => boolean) | null = null;
  setPermissionRequestHandler(h: FakeSession['requestHandler']) { this.requestHandler = h; }
  setPermissionCheckHandler(h: FakeSession['checkHandler']) { this.checkHandler = h; }
  setDevicePermissionHandler(h: FakeSession['deviceHandler']) { this.deviceHandler = h; }
}
class FakeWebContents extends EventEmitter {
  session = new FakeSession();
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(h: FakeWebContents['openHandler']) { this.openHandler = h; }
}
class FakeBrowserWindow extends EventEmitter {
  static last: FakeBrowserWindow | null = null;
  webContents = new FakeWebContents();
  visible = false;
  loaded: string | null = null;
  constructor(public readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.last = this;
  }
  loadURL(url: string) { this.loaded = url; return Promise.resolve(); }
  show() { this.visible = true; }
  hide() { this.visible = false; }
  focus() {}
  restore() {}
  isMinimized() { return false; }
  isDestroyed() { return false; }
}
const focusApp = vi.fn();
vi.mock('electron', () => ({ BrowserWindow: FakeBrowserWindow, app: { focus: (options: unknown) => focusApp(options) } }));

const { createMainWindow, hardenWebContents, showWindow, WINDOW_SIZE } = await import('./window');

function preventable() {
  return { preventDefault: vi.fn() };
}

describe('createMainWindow', () => {
  let quitting = false;
  let window: FakeBrowserWindow;
  beforeEach(() => {
    quitting = false;
    createMainWindow({ preloadPath: '/app/out/preload/index.cjs', entryUrl: 'app://renderer/index.html', showOnStart: false, isQuitting: () => quitting });
    window = FakeBrowserWindow.last!;
  });

  it('is sandboxed and isolated, with only a preload', () => {
    expect(window.options).toMatchObject({ ...WINDOW_SIZE, show: false });
    expect(window.options.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
      webSecurity: true,
    });
    expect(window.loaded).toBe('app://renderer/index.html');
  });

  it('refuses navigation, redirects and webviews', () => {
    for (const name of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const event = preventable();
      window.webContents.emit(name, event, 'https://evil.example/');
      expect(event.preventDefault, name).toHaveBeenCalled();
    }
  });

  it('denies window.open', () => {
    expect(window.webContents.openHandler?.({ url: 'https://portal.azure.com/' })).toEqual({ action: 'deny' });
  });

  it('denies every permission request and check', () => {
    const granted = vi.fn();
    window.webContents.session.requestHandler?.({}, 'notifications', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(window.webContents.session.checkHandler?.()).toBe(false);
    expect(window.webContents.session.deviceHandler?.()).toBe(false);
  });

  it('hides to the tray on close, and really closes when quitting', () => {
    window.visible = true;
    const event = preventable();
    window.emit('close', event);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(window.visible).toBe(false);

    quitting = true;
    const quitEvent = preventable();
    window.emit('close', quitEvent);
    expect(quitEvent.preventDefault).not.toHaveBeenCalled();
  });

  it('waits for Open unless asked to show at once', () => {
    window.emit('ready-to-show');
    expect(window.visible).toBe(false);
    showWindow(window as never);
    expect(window.visible).toBe(true);

    createMainWindow({ preloadPath: '/p', entryUrl: 'app://renderer/index.html', showOnStart: true, isQuitting: () => false });
    const shown = FakeBrowserWindow.last!;
    shown.emit('ready-to-show');
    expect(shown.visible).toBe(true);
  });
});

describe('showWindow', () => {
  it('makes a menu-bar app active on macOS before showing, and only there', () => {
    focusApp.mockClear();
    createMainWindow({ preloadPath: '/p', entryUrl: 'app://renderer/index.html', showOnStart: false, isQuitting: () => false });
    const window = FakeBrowserWindow.last!;
    showWindow(window as never, 'linux');
    showWindow(window as never, 'win32');
    expect(focusApp).not.toHaveBeenCalled();
    showWindow(window as never, 'darwin');
    expect(focusApp).toHaveBeenCalledWith({ steal: true });
    expect(window.visible).toBe(true);
  });
});

describe('hardenWebContents', () => {
  it('applies to any web contents', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents as never);
    const event = preventable();
    contents.emit('will-navigate', event as unknown as Listener);
    expect(event.preventDefault).toHaveBeenCalled();
    expect(contents.openHandler?.({ url: 'app://renderer/x' })).toEqual({ action: 'deny' });
  });
});
