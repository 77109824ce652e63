/**
 * build/installer.nsh stamps the toast activator CLSID on the Start-menu shortcut and
 * registers it (Windows routes Action Center clicks of a stopped app by it). NSIS cannot run
 * here; this keeps it honest by reading: included by the config, the same CLSID as the app
 * sets at start-up, and the property key Windows reads (propkey.h).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TOAST_ACTIVATOR_CLSID } from '../../main/core/app-id';

const root = path.resolve(import.meta.dirname, '..', '..');
const nsh = readFileSync(path.join(root, 'build', 'installer.nsh'), 'utf8');
const config = parse(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as { nsis: { include?: string } };

describe('build/installer.nsh', () => {
  it('is the NSIS include of electron-builder.yml', () => {
    expect(config.nsis.include).toBe('build/installer.nsh');
  });

  it('stamps and registers the same CLSID the app sets with setToastActivatorCLSID', () => {
    expect(nsh).toContain(`!define TOAST_CLSID "${TOAST_ACTIVATOR_CLSID}"`);
    expect(nsh).toContain('WriteRegStr HKCU "Software\\Classes\\CLSID\\${TOAST_CLSID}\\LocalServer32" "" "$appExe"');
    expect(nsh).toContain('DeleteRegKey HKCU "Software\\Classes\\CLSID\\${TOAST_CLSID}"');
  });

  it('writes System.AppUserModel.ToastActivatorCLSID as a VT_CLSID on the Start-menu shortcut', () => {
    expect(nsh).toContain('!define PKEY_TOAST_FMTID "{9F4C2855-9F79-4B39-A8D0-E1D42DE1D5F3}"');
    expect(nsh).toContain('!define PKEY_TOAST_PID 26');
    expect(nsh).toContain('!define VT_CLSID 72');
    expect(nsh).toMatch(/\$2->5\(w '\$newStartMenuLink', i 2\)/); // IPersistFile::Load, STGM_READWRITE
    expect(nsh).toMatch(/\$3->6\(p r4, p r5\)/); // IPropertyStore::SetValue
    expect(nsh).toMatch(/\$3->7\(\)/); // IPropertyStore::Commit
  });
});
