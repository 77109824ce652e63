import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore, DEFAULT_SETTINGS } from './settings-store';
import { readMachinePolicy } from './policy-readers';

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'settings-'));
  file = path.join(dir, 'settings.json');
});

describe('settings store', () => {
  it('starts from defaults when no file exists', async () => {
    expect(await createSettingsStore(file).load()).toEqual({ settings: DEFAULT_SETTINGS, problem: null });
  });

  it('saves a patch and loads it back', async () => {
    const store = createSettingsStore(file);
    const saved = await store.save(DEFAULT_SETTINGS, { pollIntervalSeconds: 120, theme: 'dark' });
    expect(saved).toMatchObject({ pollIntervalSeconds: 120, theme: 'dark', notifications: true });
    expect((await store.load()).settings).toEqual(saved);
  });

  it('refuses an invalid patch and leaves the file as it was', async () => {
    const store = createSettingsStore(file);
    await store.save(DEFAULT_SETTINGS, { pollIntervalSeconds: 90 });
    await expect(store.save(DEFAULT_SETTINGS, { pollIntervalSeconds: 1 })).rejects.toThrow();
    expect((await store.load()).settings.pollIntervalSeconds).toBe(90);
  });

  it('fills fields a newer version added with defaults', async () => {
    const { theme: _theme, ...older } = DEFAULT_SETTINGS;
    await writeFile(file, JSON.stringify({ ...older, pollIntervalSeconds: 300 }));
    const loaded = await createSettingsStore(file).load();
    expect(loaded.problem).toBeNull();
    expect(loaded.settings).toMatchObject({ pollIntervalSeconds: 300, theme: 'system' });
  });

  it('gives a settings file from before the at-the-desk interval its 15 s default, keeping its own interval for away', async () => {
    const { activePollIntervalSeconds: _active, ...older } = DEFAULT_SETTINGS;
    await writeFile(file, JSON.stringify({ ...older, pollIntervalSeconds: 120 }));
    const loaded = await createSettingsStore(file).load();
    expect(loaded).toMatchObject({ problem: null, settings: { pollIntervalSeconds: 120, activePollIntervalSeconds: 15 } });
    await expect(createSettingsStore(file).save(loaded.settings, { activePollIntervalSeconds: 10 })).rejects.toThrow();
  });

  it.each([
    ['malformed JSON', '{"pollIntervalSeconds": 6'],
    ['a wrong type', JSON.stringify({ ...DEFAULT_SETTINGS, notifications: 'yes' })],
    ['an unknown enum value', JSON.stringify({ ...DEFAULT_SETTINGS, theme: 'sepia' })],
  ])('keeps a file with %s aside and uses defaults with a clear problem', async (_what, content) => {
    await writeFile(file, content);
    const loaded = await createSettingsStore(file, () => 42).load();
    expect(loaded.settings).toEqual(DEFAULT_SETTINGS);
    expect(loaded.problem).toMatch(/defaults are in use/);
    expect(await readdir(dir)).toContain('settings.json.damaged-42');
    expect(await readFile(path.join(dir, 'settings.json.damaged-42'), 'utf8')).toBe(content);
  });
});

describe('settings store under a machine policy (the Linux policy file)', () => {
  const CLIENT = '1b730954-1685-4b74-9bfd-dac224a7b894';
  let policyFile: string;
  let warnings: string[];
  const store = () => createSettingsStore(file, Date.now, { policy: () => readMachinePolicy({ platform: 'linux', linuxFile: policyFile }), warn: (m) => warnings.push(m) });
  beforeEach(() => {
    policyFile = path.join(dir, 'policy.json');
    warnings = [];
  });

  it("lays the policy over the user's settings, lists the managed keys, and warns about a bad one", async () => {
    await writeFile(file, JSON.stringify({ ...DEFAULT_SETTINGS, pollIntervalSeconds: 300, theme: 'dark', account: { tenant: 'mine.example', cloud: 'public', clientId: '' } }));
    await writeFile(policyFile, JSON.stringify({ clientId: CLIENT, pollIntervalSeconds: 120, notifications: 'yes' }));
    const loaded = await store().load();
    expect(loaded.problem).toBeNull();
    expect(loaded.settings).toMatchObject({ pollIntervalSeconds: 120, theme: 'dark', notifications: true, account: { tenant: 'mine.example', cloud: 'public', clientId: CLIENT }, managed: ['clientId', 'pollIntervalSeconds'] });
    expect(warnings).toEqual([`Managed setting "notifications" in ${policyFile} is ignored: it must be true or false (1 or 0 in the registry).`]);
  });

  it('refuses a change to a managed key as set by your organisation, and writes nothing', async () => {
    await writeFile(policyFile, JSON.stringify({ clientId: CLIENT, pollIntervalSeconds: 120 }));
    const s = store();
    const { settings } = await s.load();
    await expect(s.save(settings, { pollIntervalSeconds: 600 })).rejects.toThrow('pollIntervalSeconds is set by your organisation');
    await expect(s.save(settings, { account: { ...settings.account, clientId: '00000000-0000-0000-0000-000000000000' } })).rejects.toThrow('clientId is set by your organisation');
    expect(await readdir(dir)).not.toContain('settings.json');
  });

  it("saves other changes (a form may send a managed field unchanged), keeps the user's own values in the file, and they come back when the policy goes", async () => {
    await writeFile(file, JSON.stringify({ ...DEFAULT_SETTINGS, pollIntervalSeconds: 300 }));
    await writeFile(policyFile, JSON.stringify({ clientId: CLIENT, pollIntervalSeconds: 120 }));
    const s = store();
    const { settings } = await s.load();
    const saved = await s.save(settings, { theme: 'light', account: { ...settings.account, tenant: 'pinned.example' } });
    expect(saved).toMatchObject({ theme: 'light', pollIntervalSeconds: 120, account: { tenant: 'pinned.example', clientId: CLIENT }, managed: ['clientId', 'pollIntervalSeconds'] });
    const onDisk = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
    expect(onDisk).toMatchObject({ theme: 'light', pollIntervalSeconds: 300, account: { tenant: 'pinned.example', clientId: '' } });
    expect(onDisk).not.toHaveProperty('managed');

    await rm(policyFile);
    const after = await store().load();
    expect(after.settings).toMatchObject({ theme: 'light', pollIntervalSeconds: 300, account: { tenant: 'pinned.example', clientId: '' } });
    expect(after.settings).not.toHaveProperty('managed');
  });
});
