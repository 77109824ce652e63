/**
 * `npm run preview`: the real core on the simulated demo world (Contoso signed in, Fabrikam
 * for "Add the demo's second tenant"), the built renderer, and the window.pim bridge over a
 * WebSocket, all on loopback. Prints the URL to open (it carries the per-run secret). Flags:
 * --host (loopback only), --port, --scenario (Contoso's), --signed-out,
 * --outbox [--undo-ms N], --data-dir DIR (outbox and last known queue kept across runs),
 * --unreachable (the simulator cannot be reached until the control action `reach` opens it),
 * --policy-file FILE (a machine policy in /etc/pim-approvals/policy.json's format).
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startPreviewApp } from './preview-app';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '0' },
    scenario: { type: 'string', default: 'quiet' },
    'signed-out': { type: 'boolean', default: false },
    outbox: { type: 'boolean', default: false },
    'undo-ms': { type: 'string', default: '5000' },
    'data-dir': { type: 'string' },
    unreachable: { type: 'boolean', default: false },
    'policy-file': { type: 'string' },
  },
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

try {
  const app = await startPreviewApp({
    host: values.host,
    port: Number(values.port),
    scenario: values.scenario,
    signedOut: values['signed-out'],
    outbox: values.outbox ? { undoMs: Number(values['undo-ms']) } : null,
    dataDir: values['data-dir'] ?? null,
    unreachable: values.unreachable,
    policyFile: values['policy-file'] ?? null,
    rendererDir: path.join(repoRoot, 'out', 'renderer'),
  });
  for (const line of app.describe()) console.log(line);
  const stop = () => void app.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (err) {
  console.error(`preview: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
