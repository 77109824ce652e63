/**
 * Assembles the preview: a simulated tenant (when not signed out), the real AppCore on it,
 * and the preview server. Shared by `npm run preview` and the Playwright fixtures.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createAppCore } from '../core/app/create-app-core';
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
  const opened: string[] = [];
  const core = createAppCore({
    mode: 'demo',
    source: null,
    // The preview has no OS shell: it records what the app asked to open (tests read it).
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
    describe: () => [`PIM Approvals preview: ${preview.url}`],
    async close() {
      await core.stop();
      await preview.close();
    },
  };
}
