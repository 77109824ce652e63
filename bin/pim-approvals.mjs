#!/usr/bin/env node
// Launcher for the `pim-approvals` CLI: loads the bundle the build writes to
// ../out/cli/index.mjs and runs it. Holds no logic; says what to do when the build is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = fileURLToPath(new URL('../out/cli/index.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write(`pim-approvals: the CLI is not built (missing ${bundle}).\nRun "npm run build" in the project first.\n`);
  process.exit(1);
}
const { main } = await import(pathToFileURL(bundle).href);
const io = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s) };
process.exitCode = await main(process.argv.slice(2), process.env, io);
