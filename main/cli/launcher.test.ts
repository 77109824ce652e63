import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const launcher = fileURLToPath(new URL('../../bin/pim-approvals.mjs', import.meta.url));

function withLayout(bundle: string | null, run: (bin: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), 'pim-bin-'));
  try {
    mkdirSync(join(root, 'bin'));
    copyFileSync(launcher, join(root, 'bin', 'pim-approvals.mjs'));
    if (bundle !== null) {
      mkdirSync(join(root, 'out', 'cli'), { recursive: true });
      writeFileSync(join(root, 'out', 'cli', 'index.mjs'), bundle);
    }
    run(join(root, 'bin', 'pim-approvals.mjs'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('bin/pim-approvals.mjs', () => {
  it('says how to build when the bundle is missing', () => {
    withLayout(null, (bin) => {
      const r = spawnSync(process.execPath, [bin, 'list'], { encoding: 'utf8' });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/not built.*\n.*npm run build/);
    });
  });

  it('runs the bundle\'s main with argv and env and uses its exit code', () => {
    const bundle = `export async function main(argv, env, io) { io.out(JSON.stringify(argv) + (env.X ?? '')); return 4; }`;
    withLayout(bundle, (bin) => {
      const r = spawnSync(process.execPath, [bin, 'show', 'abc'], { encoding: 'utf8', env: { ...process.env, X: '!' } });
      expect(r.stdout).toBe('["show","abc"]!');
      expect(r.status).toBe(4);
    });
  });
});
