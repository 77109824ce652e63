/**
 * The demo world: two simulated tenants, Contoso (the 'mixed' scenario by default) and
 * Fabrikam (scenarios/fabrikam.json), with one approver, "me" (Alex Rivera), in both: a member
 * of Contoso and a guest in Fabrikam with its own object id there. Used by `npm run demo`, the
 * preview and the multi-account tests.
 *
 * Why two simulator instances rather than one simulator holding two tenants: on Azure each
 * tenant is its own authority with its own token issuer, and the same ARM and Graph hosts
 * answer by the token's tenant. Two instances give each tenant its own listeners, token
 * registry, state, buckets and call log with no tenant switch threaded through every route, so
 * a token of one tenant is refused by the other (401) exactly as a foreign token is, and a test
 * reads "what reached Fabrikam" from Fabrikam's own call log. The cost is that the tenants have
 * different origins where Azure has one; clients are configured per account anyway.
 *
 * What ties the two together: GET /tenants on either lists both for "me" (and only its own for
 * everyone else), both run on one clock (advancing one advances both), and one control channel
 * secret reaches both (a `tenant` field picks one; see control.ts).
 */
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../core/clock';
import { resolveDirectoryTenant, type DirectoryTenant } from './directory-tenant';
import { loadScenario } from './scenario-loader';
import { startSimulator, type KnobPatch, type RunningSimulator, type Scenario } from './simulator';

/** The one person present in both tenants (its principal key in each). */
export const DEMO_GUEST_KEY = 'me';

export interface DemoWorldOptions {
  /** Default systemClock; pass a VirtualClock for tests. Both tenants share it. */
  clock?: Clock;
  /** Loopback host for every listener (default 127.0.0.1). */
  host?: string;
  /** Contoso's scenario (default 'mixed'). Fabrikam's is always 'fabrikam'. */
  scenario?: string | Scenario;
  /** Contoso's seed (default 1, so Contoso's tenant id is the lone simulator's); Fabrikam uses seed + 1. */
  seed?: number;
  /** One secret for both tenants' control channels (default random). */
  controlSecret?: string;
  /** Knobs applied to both tenants at start (each tenant's own setKnobs changes it alone). */
  knobs?: KnobPatch;
  /** Another name or domains for a tenant, e.g. a hostile display name for the window's tests. */
  directories?: { contoso?: Partial<Omit<DirectoryTenant, 'id'>>; fabrikam?: Partial<Omit<DirectoryTenant, 'id'>> };
}

export interface DemoWorld {
  contoso: RunningSimulator;
  fabrikam: RunningSimulator;
  /** In sign-in order: Contoso first, then Fabrikam. */
  tenants: readonly RunningSimulator[];
  controlSecret: string;
  /** A tenant by id or display name (any case), or undefined. */
  tenant(idOrName: string): RunningSimulator | undefined;
  close(): Promise<void>;
}

export async function startDemoWorld(options: DemoWorldOptions = {}): Promise<DemoWorld> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const controlSecret = options.controlSecret ?? randomBytes(24).toString('base64url');
  const contosoScenario = typeof options.scenario === 'object' ? options.scenario : loadScenario(options.scenario ?? 'mixed');
  const fabrikamScenario = loadScenario('fabrikam');
  // Each tenant's GET /tenants names the other for the guest; the directories are known before either starts.
  const contosoDir = resolveDirectoryTenant(seed, options.directories?.contoso, contosoScenario.tenant);
  const fabrikamDir = resolveDirectoryTenant(seed + 1, options.directories?.fabrikam, fabrikamScenario.tenant);
  const timeShift = { ms: 0 };
  let tenants: RunningSimulator[] = [];
  const shared = {
    clock,
    controlSecret,
    timeShift,
    world: () => tenants,
    ...(options.host ? { host: options.host } : {}),
    ...(options.knobs ? { knobs: options.knobs } : {}),
  };
  const contoso = await startSimulator({ ...shared, scenario: contosoScenario, seed, tenant: contosoDir, otherTenants: { [DEMO_GUEST_KEY]: [fabrikamDir] } });
  let fabrikam: RunningSimulator;
  try {
    fabrikam = await startSimulator({ ...shared, scenario: fabrikamScenario, seed: seed + 1, tenant: fabrikamDir, otherTenants: { [DEMO_GUEST_KEY]: [contosoDir] } });
  } catch (err) {
    await contoso.close();
    throw err;
  }
  tenants = [contoso, fabrikam];
  return {
    contoso,
    fabrikam,
    tenants,
    controlSecret,
    tenant(idOrName) {
      const wanted = idOrName.toLowerCase();
      return tenants.find((t) => t.tenantId.toLowerCase() === wanted || t.tenant.displayName.toLowerCase() === wanted);
    },
    close: async () => void (await Promise.all(tenants.map((t) => t.close()))),
  };
}
