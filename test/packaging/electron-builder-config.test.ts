/**
 * Guards electron-builder.yml without building anything: electron-builder's own schema
 * accepts it (unknown or mistyped keys fail), the security fuses and identity are what
 * design.md asks for, and every file it points at exists. Installers themselves are only
 * built on the GitHub matrix.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = path.resolve(import.meta.dirname, '..', '..');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as Configuration;
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { main: string };

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked by a schema that does reject mistakes', async () => {
    const broken = { ...structuredClone(config), electronFuses: { ...config.electronFuses, runAsNodee: false } } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/Invalid configuration object[\s\S]*electronFuses/);
  });

  it('names the app once', () => {
    expect(config.appId).toBe('io.github.pimapprovals.app');
    expect(config.productName).toBe('PIM Approvals');
  });

  it('flips the Electron fuses that harden a packaged app', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('ships only the build output, whose entry is package.json "main"', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(pkg.main).toBe('out/main/index.cjs');
  });

  it('targets per OS as planned', () => {
    expect(config.mac).toMatchObject({
      target: [
        { target: 'dmg', arch: 'universal' },
        { target: 'zip', arch: 'universal' },
      ],
      hardenedRuntime: true,
      entitlements: 'build/entitlements.mac.plist',
    });
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.nsis).toMatchObject({ perMachine: false, oneClick: true });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'], category: 'Utility' });
  });

  it('points only at files that exist', () => {
    const files = [config.mac?.entitlements, config.mac?.entitlementsInherit, config.mac?.icon, config.win?.icon, config.linux?.icon];
    for (const file of files) {
      expect(typeof file, String(file)).toBe('string');
      expect(existsSync(path.join(root, file as string)), String(file)).toBe(true);
    }
    // electron-builder reads a Linux icon folder by NxN.png names; it wants a 512 or larger.
    expect(existsSync(path.join(root, 'build', 'icons', 'app', '512x512.png'))).toBe(true);
  });

  it('keeps macOS exceptions to the hardened runtime minimal', () => {
    const plist = readFileSync(path.join(root, 'build', 'entitlements.mac.plist'), 'utf8');
    expect(plist).toContain('com.apple.security.cs.allow-jit');
    expect(plist).not.toContain('<key>com.apple.security.cs.disable-library-validation</key>');
    expect(plist).not.toContain('<key>com.apple.security.cs.allow-unsigned-executable-memory</key>');
  });
});
