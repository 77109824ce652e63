/**
 * Test kit: a fake Entra ID plus everything needed to build a real-MSAL `Auth` against it
 * (CA-trusting network client, the fake "browser", a temp data dir, a capturing logger).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogLevel } from '@azure/msal-node';
import { clouds, graphScope } from '../../../main/core/net/clouds';
import { createAuth, type AuthHandle, type AuthOptions } from '../../../main/core/auth/auth';
import { fetchNetworkClient } from '../../../main/core/auth/network-client';
import { memorySecretStore } from '../../../main/core/auth/secret-store';
import type { Logger } from '../../../main/core/auth/types';
import { followAuthorize } from './browser';
import { startFakeEntra, type FakeEntra, type FakeEntraOptions } from './fake-entra';
import { httpsFetch } from './https-fetch';

export const TEST_CLIENT_ID = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
export const ARM_SCOPE = 'https://management.azure.com/.default';
/** The delegated Graph permissions of the Entra-role and group kinds, as the app asks for them. */
export const GRAPH_ENTRA_ROLE_SCOPE = graphScope(clouds.public.graphEndpoint, 'RoleAssignmentSchedule.ReadWrite.Directory');
export const GRAPH_GROUP_SCOPE = graphScope(clouds.public.graphEndpoint, 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup');

export interface CapturedLog {
  level: string;
  message: string;
  fields?: Record<string, unknown>;
}

export function capturingLogger(into: CapturedLog[]): Logger {
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void into.push({ level, message, ...(fields ? { fields } : {}) });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export interface EntraHarness {
  fake: FakeEntra;
  dataDir: string;
  logs: CapturedLog[];
  /** Authorize URLs the fake browser was sent to. */
  browserVisits: string[];
  /** What the loopback server showed the fake browser after each redirect. */
  browserPages: string[];
  fetch: ReturnType<typeof httpsFetch>;
  makeAuth(extra?: Partial<AuthOptions>): AuthHandle;
  /** Every log line and field, as one string to grep. */
  logText(): string;
  close(): Promise<void>;
}

export async function entraHarness(opts: Partial<FakeEntraOptions> = {}): Promise<EntraHarness> {
  const fake = await startFakeEntra({ clientId: TEST_CLIENT_ID, ...opts });
  const dataDir = await mkdtemp(join(tmpdir(), 'pim-auth-'));
  const logs: CapturedLog[] = [];
  const browserVisits: string[] = [];
  const browserPages: string[] = [];
  const fetchFn = httpsFetch(fake.ca);
  const secrets = memorySecretStore();
  return {
    fake,
    dataDir,
    logs,
    browserVisits,
    browserPages,
    fetch: fetchFn,
    makeAuth: (extra = {}) =>
      createAuth({
        settings: { cloud: 'public', clientId: TEST_CLIENT_ID, authorityOrigin: fake.origin },
        dataDir,
        secrets,
        networkClient: fetchNetworkClient(fetchFn),
        openBrowser: async (url) => {
          browserVisits.push(url);
          browserPages.push((await followAuthorize(url, fetchFn)).body);
        },
        logger: capturingLogger(logs),
        msalLogLevel: LogLevel.Trace,
        ...extra,
      }),
    logText: () => logs.map((l) => `${l.level} ${l.message} ${l.fields ? JSON.stringify(l.fields) : ''}`).join('\n'),
    close: async () => {
      await fake.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
