import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSettingsStore, DEFAULT_SETTINGS } from './settings-store';

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
