/**
 * Assembles the preview: a simulated tenant (unless --signed-out), the real ARM client and
 * AppCore on it, and the preview server. Shared by `npm run preview` and the Playwright
 * fixtures, which read the simulator's URL and control secret from the lines it prints.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DecisionOutcome } from '../../preload/api';
import { createArmClient } from '../core/arm/client';
import { createArmSource } from '../core/app/arm-source';
import { createAppCore } from '../core/app/create-app-core';
import { systemClock } from '../core/clock';
import { startSimulator, type RunningSimulator } from '../demo/simulator';
import { bundleBridge } from './bridge-bundle';
import { startPreview } from './server';

export interface PreviewAppOptions {
  host: string;
  port: number;
  scenario: string;
  signedOut: boolean;
  rendererDir: string;
}

export async function startPreviewApp(options: PreviewAppOptions) {
  if (!existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${options.rendererDir}: run "npm run build:renderer" first.`);
  }
  const sim: RunningSimulator | null = options.signedOut ? null : await startSimulator({ scenario: options.scenario });
  const opened: string[] = [];
  const source = sim ? demoSource(sim) : null;
  const core = createAppCore({
    mode: 'demo',
    source,
    // The preview has no OS shell: it records what the app asked to open.
    openExternal: async (url) => {
      opened.push(url);
      return true;
    },
  });
  const preview = await startPreview({ core, rendererDir: options.rendererDir, bridgeScript: await bundleBridge(), host: options.host, port: options.port });
  await core.start();
  return {
    preview,
    core,
    opened,
    describe: () => [
      `PIM Approvals preview: ${preview.url}`,
      ...(sim ? [`Simulator: ${sim.url} control-secret: ${sim.controlSecret}`] : []),
    ],
    async close() {
      await core.stop();
      await preview.close();
      await sim?.close();
    },
  };
}

function demoSource(sim: RunningSimulator) {
  const me = sim.principals.me;
  const api = createArmClient({ endpoint: sim.url, getToken: async () => sim.tokens.me, clock: systemClock });
  return createArmSource({
    api,
    clock: systemClock,
    principalId: me?.id ?? null,
    account: { id: me?.id ?? 'me', name: me?.displayName ?? 'Demo approver', username: me?.upn ?? 'me@demo' },
    async decide(item, result, justification): Promise<DecisionOutcome> {
      const sent = await api.decide(item.id, result, justification);
      if (!sent.ok) return { itemId: item.id, outcome: 'failed', message: `Azure refused the decision: ${sent.error.message}` };
      const done = sent.value;
      if (done.outcome === 'done') return { itemId: item.id, outcome: 'done', message: result === 'Approve' ? 'Approved' : 'Denied' };
      if (done.outcome === 'conflict') {
        const by = done.stage.reviewedBy?.displayName ?? 'another approver';
        const verb = done.stage.reviewResult === 'Deny' ? 'denied' : 'approved';
        return { itemId: item.id, outcome: 'conflict', message: `Already ${verb} by ${by}` };
      }
      return { itemId: item.id, outcome: 'expired', message: 'Expired before it could be sent' };
    },
  });
}
