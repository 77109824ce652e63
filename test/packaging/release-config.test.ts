/**
 * The parts of electron-builder.yml that only show on a user's machine, checked by reading:
 * the Windows shortcut that carries the AUMID toasts need, per-user NSIS, the Linux desktop
 * entry and icon sizes, macOS notarization that switches itself off without credentials,
 * tray template icons macOS can tint (black + alpha, with @2x), and the GitHub publish
 * config electron-updater reads. Installers themselves are built by release.yml.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { APP_ID, APP_NAME } from '../../main/core/app-id';
import { readPng } from './png';

const root = path.resolve(import.meta.dirname, '..', '..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
const trayDir = path.join(root, 'build', 'icons', 'tray');
const TRAY_STATES = ['idle', 'pending', 'offline', 'signed-out', 'error'];

describe('identity', () => {
  it('appId and productName are the ones the code uses (AUMID, notifications, autostart)', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe(APP_NAME);
    // Declared once: no platform section overrides them.
    for (const section of [config.mac, config.win, config.linux, config.nsis] as Array<Record<string, unknown> | undefined | null>) {
      expect(section ?? {}).not.toHaveProperty('appId');
      expect(section ?? {}).not.toHaveProperty('productName');
    }
  });
});

describe('Windows', () => {
  it('installs per user, without elevation, with a Start-menu shortcut', () => {
    expect(config.nsis).toMatchObject({ oneClick: true, perMachine: false, allowElevation: false, createStartMenuShortcut: true, shortcutName: APP_NAME });
    expect(readFileSync(path.join(root, config.win?.icon as string)).subarray(0, 4)).toEqual(Buffer.from([0, 0, 1, 0])); // an .ico
  });

  it("the installer stamps that shortcut with the appId as AUMID (electron-builder's template)", () => {
    const installer = readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'templates', 'nsis', 'include', 'installer.nsh'), 'utf8');
    expect(installer).toMatch(/CreateShortCut "\$newStartMenuLink"[\s\S]{0,200}WinShell::SetLnkAUMI "\$newStartMenuLink" "\$\{APP_ID\}"/);
    const target = readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'out', 'targets', 'nsis', 'NsisTarget.js'), 'utf8');
    expect(target).toContain('APP_ID: appInfo.id');
  });
});

describe('macOS', () => {
  it('dmg + zip (the zip is what electron-updater installs), hardened runtime, entitlements', () => {
    expect(config.mac).toMatchObject({ target: [{ target: 'dmg', arch: 'universal' }, { target: 'zip', arch: 'universal' }], hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', entitlementsInherit: 'build/entitlements.mac.plist' });
  });

  it('notarizes only when credentials are in the environment', () => {
    expect(config.mac?.notarize).toBe(true);
    // electron-builder 26 skips (with a warning) when no APPLE_* credentials are present.
    const helper = readdirSync(path.join(root, 'node_modules', 'app-builder-lib', 'out', 'mac'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => readFileSync(path.join(root, 'node_modules', 'app-builder-lib', 'out', 'mac', f), 'utf8'))
      .find((text) => text.includes('notarizeIfProvided'));
    expect(helper).toMatch(/unable to be generated[\s\S]{0,80}skipped macOS notarization/);
  });

  it.each(TRAY_STATES)('tray template icon "%s" is black with alpha, at 1x and @2x', (state) => {
    const one = readPng(path.join(trayDir, `tray-${state}Template.png`));
    const two = readPng(path.join(trayDir, `tray-${state}Template@2x.png`));
    expect([two.width, two.height]).toEqual([one.width * 2, one.height * 2]);
    for (const icon of [one, two]) {
      let visible = 0;
      let partial = 0;
      for (let i = 0; i < icon.pixels.length; i += 4) {
        const [r, g, b, a] = [icon.pixels[i], icon.pixels[i + 1], icon.pixels[i + 2], icon.pixels[i + 3]] as number[];
        if (a === 0) continue;
        visible++;
        if (a! < 255) partial++;
        expect([r, g, b]).toEqual([0, 0, 0]); // macOS tints templates: colour must live in alpha only
      }
      expect(visible).toBeGreaterThan(icon.width); // not blank
      expect(visible).toBeLessThan(icon.width * icon.height); // not a filled square
      expect(partial).toBeGreaterThan(0); // anti-aliased edges
    }
  });

  it('Windows and Linux tray icons exist for every state, with @2x', () => {
    for (const state of TRAY_STATES) for (const size of [16, 32]) for (const suffix of ['', '@2x']) expect(existsSync(path.join(trayDir, `tray-${state}-${size}${suffix}.png`)), `${state}-${size}${suffix}`).toBe(true);
  });
});

describe('Linux', () => {
  it('AppImage + deb with a desktop entry in a menu category', () => {
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Utility', executableName: 'pim-approvals' });
    const entry = (config.linux?.desktop as { entry: Record<string, string> }).entry;
    expect(entry).toMatchObject({ Name: APP_NAME, Categories: expect.stringMatching(/^Utility;/) });
  });

  it('ships the icon sizes desktops ask for', () => {
    const sizes = readdirSync(path.join(root, config.linux?.icon as string)).map((f) => Number(/^(\d+)x\1\.png$/.exec(f)?.[1]));
    expect(sizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256, 512]));
  });
});

describe('updates', () => {
  it('publishes to a draft GitHub release (a maintainer publishes; updaters only see published ones)', () => {
    expect(config.publish).toEqual([{ provider: 'github', releaseType: 'draft' }]);
  });

  it('electron-updater is a runtime dependency, loaded only by main/electron/updater.ts', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies).toHaveProperty('electron-updater');
  });
});
