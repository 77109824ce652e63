/**
 * Assembles the preview: the simulated demo world (Contoso, and Fabrikam for a second account;
 * unless --signed-out), the real ARM client and
 * AppCore on it, the preview server, and the notification desk (the real notification center
 * on an in-memory surface). Shared by `npm run preview` and the Playwright fixtures, which
 * read the simulator's and the desk's URLs and secrets, the URLs handed to the external
 * opener, and where a history export was saved, from the lines it prints.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppCore } from '../core/app/create-app-core';
import { createDirectDecisions } from '../core/app/direct-decisions';
import { openAppOutbox } from '../core/app/outbox-decisions';
import type { AccountSession, DecisionRoutes } from '../core/app/app-core';
import { accountStore } from '../core/accounts/account-store';
import { systemClock } from '../core/clock';
import { writeFileAtomic } from '../core/fs/atomic-file';
import { addDemoAccount, demoSession } from '../demo/demo-session';
import { startNetworkGate } from '../demo/network-gate';
import { keytarSecretStore } from '../core/auth/secret-store';
import { persistedQueueStore } from '../core/queue/persisted-queue';
import { readMachinePolicy } from '../core/settings/policy-readers';
import { createSettingsStore } from '../core/settings/settings-store';
import { keychainQueueKey } from '../core/queue/queue-key';
import { startDemoWorld, type DemoWorld, type RunningSimulator } from '../demo/simulator';
import { bundleBridge } from './bridge-bundle';
import { startNotificationDesk } from './notification-desk';
import { startPreview } from './server';

export interface PreviewAppOptions {
  host: string;
  port: number;
  scenario: string;
  signedOut: boolean;
  rendererDir: string;
  /** Send decisions through the durable outbox (in a temp dir) instead of at once. */
  outbox?: { undoMs: number } | null;
  /**
   * Keep the outbox and the last known queue in this folder across runs, the queue's key in
   * the OS keychain under the preview's own service: a second run is the app restarted.
   */
  dataDir?: string | null;
  /** Start with the demo world unreachable (closed network gates); the control action `reach` opens them. */
  unreachable?: boolean;
  /**
   * A machine policy in the Linux format (/etc/pim-approvals/policy.json's), laid over settings
   * kept in a file (in dataDir, else a temp folder), as the app does with the OS's policy.
   */
  policyFile?: string | null;
}

export async function startPreviewApp(options: PreviewAppOptions) {
  if (!existsSync(path.join(options.rendererDir, 'index.html'))) {
    throw new Error(`No built renderer in ${options.rendererDir}: run "npm run build:renderer" first.`);
  }
  const clock = systemClock;
  // --signed-out starts on the first-run screen; "Try the demo" then starts the world. Its first
  // tenant (Contoso, --scenario) is the session; Fabrikam waits for "Add the demo's second tenant".
  let world: DemoWorld | null = options.signedOut ? null : await startDemoWorld({ scenario: options.scenario, clock });
  // Azure that can go and come back for real: each tenant's session talks to it through gates.
  const gated = new Map<RunningSimulator, { arm: string; graph: string }>();
  const gates: Array<Awaited<ReturnType<typeof startNetworkGate>>> = [];
  if (world && options.unreachable) {
    for (const tenant of world.tenants) {
      const [arm, graph] = [await startNetworkGate(tenant.url), await startNetworkGate(tenant.graphUrl)];
      gates.push(arm, graph);
      gated.set(tenant, { arm: arm.url, graph: graph.url });
    }
  }
  /** How a tenant's session reaches it: through its gates with --unreachable, else directly. */
  const demoVia = (tenant: RunningSimulator) => gated.get(tenant);
  const { outbox } = options;
  const opened: string[] = [];
  let outboxDir: string | null = options.dataDir ? path.join(options.dataDir, 'outbox') : null;
  let exportDir: string | null = null;
  const policyFile = options.policyFile ?? null;
  const settingsDir = policyFile ? (options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'pim-preview-settings-')))) : null;
  const core = createAppCore({
    mode: 'demo',
    clock,
    session: world ? demoSession(world.contoso, clock, 'me', demoVia(world.contoso)) : null,
    ...(policyFile && settingsDir
      ? {
          settingsStore: createSettingsStore(path.join(settingsDir, 'settings.json'), Date.now, {
            policy: () => readMachinePolicy({ platform: 'linux', linuxFile: policyFile }),
            warn: (message) => console.warn(`preview: ${message}`),
          }),
        }
      : {}),
    ...(options.dataDir
      ? {
          keptQueue: {
            store: persistedQueueStore({ dataDir: options.dataDir, key: keychainQueueKey(keytarSecretStore({ service: 'pim-approvals-preview' })) }),
            warn: (message: string) => console.warn(`preview: ${message}`),
          },
        }
      : {}),
    ...(outbox
      ? {
          // One outbox for every account (in a temp dir unless --data-dir keeps it).
          outbox: async (routes: DecisionRoutes) => {
            outboxDir ??= await mkdtemp(path.join(tmpdir(), 'pim-preview-outbox-'));
            return openAppOutbox({ dir: outboxDir, clock, undoMs: outbox.undoMs, routes });
          },
        }
      : { decisions: (session: AccountSession) => createDirectDecisions(session, clock) }),
    ...(options.dataDir ? { accounts: accountStore(options.dataDir) } : {}),
    async signIn(demo) {
      if (!demo) return { problem: 'The preview has no Azure sign-in; try the demo tenant.' };
      world ??= await startDemoWorld({ scenario: options.scenario, clock });
      return demoSession(world.contoso, clock);
    },
    // "Add the demo's second tenant", or the guest tenant accounts:discover offered.
    async addAccount(request) {
      world ??= await startDemoWorld({ scenario: options.scenario, clock });
      const present = (core.state().accounts ?? []).filter((a) => a.status !== 'signed-out').map((a) => a.id);
      return addDemoAccount(world, clock, request, present, demoVia);
    },
    async signInAgain(record) {
      const tenant = world?.tenant(record.tenantId);
      return tenant ? demoSession(tenant, clock, 'me', demoVia(tenant)) : { problem: 'That demo tenant is not running in this preview.' };
    },
    // The preview has no save dialog: an export goes into a temp folder of this run, and the
    // path is printed so a test in another process can read the file the window saved.
    saveFile: async ({ defaultName, content }) => {
      exportDir ??= await mkdtemp(path.join(tmpdir(), 'pim-preview-export-'));
      const target = path.join(exportDir, path.basename(defaultName));
      await writeFileAtomic(target, Buffer.from(content, 'utf8'));
      console.log(`Saved export to ${target}`);
      return { saved: true, fileName: path.basename(target) };
    },
    // The preview has no OS shell: it records what the app asked to open, and says so on
    // stdout so a test in another process can check the exact URL handed to the opener.
    openExternal: async (url) => {
      opened.push(url);
      console.log(`Opened externally: ${url}`);
      return true;
    },
  });
  const reach = gates.length > 0 ? async (reachable: boolean) => void (await Promise.all(gates.map((g) => (reachable ? g.open() : g.close())))) : undefined;
  const preview = await startPreview({ core, rendererDir: options.rendererDir, bridgeScript: await bundleBridge(), host: options.host, port: options.port, ...(reach ? { reach } : {}) });
  // Notifications as the app wires them, on an in-memory surface a test can read and press.
  const desk = await startNotificationDesk(core);
  await core.start();
  return {
    preview,
    core,
    opened,
    describe: () => [
      `PIM Approvals preview: ${preview.url}`,
      // Contoso's control channel reaches Fabrikam too: a `tenant` field picks it (demo/control.ts).
      ...(world ? [`Simulator: ${world.contoso.url} control-secret: ${world.controlSecret}`] : []),
      ...(world ? [`Demo tenants: ${world.tenants.map((t) => `${t.tenant.displayName} ${t.tenantId} ${t.url}`).join(', ')}`] : []),
      `Notifications: ${desk.url} desk-secret: ${desk.secret}`,
    ],
    async close() {
      await desk.close();
      await core.stop();
      await preview.close();
      for (const gate of gates) await gate.close();
      await world?.close();
      if (outboxDir && !options.dataDir) await rm(outboxDir, { recursive: true, force: true });
      if (exportDir) await rm(exportDir, { recursive: true, force: true });
      if (settingsDir && !options.dataDir) await rm(settingsDir, { recursive: true, force: true });
    },
  };
}
