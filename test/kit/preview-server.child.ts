/**
 * The preview server alone in its own process, for tests that must prove a hostile client
 * cannot kill it (an in-process test would only see vitest's "unhandled error"). A signed-out
 * demo core and a one-page renderer: no simulator, nothing to decide.
 *
 *   PREVIEW_SECRET=<secret> node --import tsx test/kit/preview-server.child.ts
 *
 * The secret comes from the parent so it is never printed. Prints one JSON line,
 * `{"origin": "http://127.0.0.1:<port>"}`, once it listens; exits when stdin closes, so a
 * crashed test run never leaves it behind.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppCore } from '../../main/core/app/create-app-core';
import { noDecisions } from '../fakes/no-decisions';
import { systemClock } from '../../main/core/clock';
import { startPreview } from '../../main/preview/server';

const secret = process.env['PREVIEW_SECRET'];
if (!secret) {
  process.stderr.write('preview-server.child: set PREVIEW_SECRET\n');
  process.exit(2);
}

const rendererDir = await mkdtemp(path.join(tmpdir(), 'preview-child-'));
await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
const core = createAppCore({ mode: 'demo', clock: systemClock, session: null, decisions: noDecisions, openExternal: async () => false });
const preview = await startPreview({ core, rendererDir, bridgeScript: '', secret });
process.stdout.write(`${JSON.stringify({ origin: preview.origin })}\n`);

process.stdin.resume();
process.stdin.on('end', () => {
  void preview
    .close()
    .then(() => rm(rendererDir, { recursive: true, force: true }))
    .then(() => process.exit(0));
});
