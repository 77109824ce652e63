/**
 * `npm run sim -- --port N --scenario NAME …`: runs the simulator as a standalone process
 * for manual testing and for harnesses in another process. Prints the ARM and Graph URLs,
 * the demo tokens of both and the control secret (all simulator-only, worthless against Azure, so printing them is
 * the point), refuses non-loopback hosts and stops cleanly on SIGINT/SIGTERM. With --world,
 * the two-tenant demo world: the same block per tenant, Contoso first.
 */
import { parseArgs } from 'node:util';
import { knobsFromArgs, num, USAGE } from './cli-args';
import { startDemoWorld, startSimulator, type RunningSimulator } from './simulator';

/** Scenario names can be hostile: keep control and bidi characters from reaching the terminal. */
function printable(text: string): string {
  // Matching control characters is the point of this expression.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'graph-port': { type: 'string' },
      host: { type: 'string' },
      scenario: { type: 'string' },
      seed: { type: 'string' },
      secret: { type: 'string' },
      latency: { type: 'string' },
      'error-rate': { type: 'string' },
      'page-size': { type: 'string' },
      'read-burst': { type: 'string' },
      'read-rate': { type: 'string' },
      'write-burst': { type: 'string' },
      'write-rate': { type: 'string' },
      'patch-answers': { type: 'string' },
      'late-status': { type: 'string' },
      'flat-body-only': { type: 'boolean' },
      'require-claims': { type: 'boolean' },
      'graph-burst': { type: 'string' },
      'graph-rate': { type: 'string' },
      'no-entra-consent': { type: 'boolean' },
      'no-group-consent': { type: 'boolean' },
      'next-link-origin': { type: 'string' },
      world: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const seed = num(values.seed, 'seed') ?? 1;
  const knobs = knobsFromArgs(values);
  const host = values.host ?? '127.0.0.1';
  let tenants: readonly RunningSimulator[];
  let scenario: string;
  if (values.world) {
    if (values.port !== undefined || values['graph-port'] !== undefined) throw new Error('--port and --graph-port apply to one simulator; the world picks free ports.');
    scenario = values.scenario ?? 'mixed';
    tenants = (await startDemoWorld({ host, scenario, seed, knobs, ...(values.secret ? { controlSecret: values.secret } : {}) })).tenants;
  } else {
    scenario = values.scenario ?? 'quiet';
    const running = await startSimulator({
      port: num(values.port, 'port') ?? 0,
      graphPort: num(values['graph-port'], 'graph-port') ?? 0,
      host,
      scenario,
      seed,
      ...(values.secret ? { controlSecret: values.secret } : {}),
      knobs,
    });
    tenants = [running];
  }
  const lines = tenants.flatMap((running, i) => describe(running, i === 0 ? `${scenario} (seed ${seed})` : `fabrikam (seed ${seed + i})`, tenants.length > 1));
  console.log(lines.join('\n'));
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping the simulator`);
    void Promise.all(tenants.map((t) => t.close())).then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** One tenant's block: where it listens, its control secret and its tokens. */
function describe(running: RunningSimulator, scenario: string, several: boolean): string[] {
  const who = (key: string) => {
    const p = running.principals[key.replace(/Mfa$/, '')];
    return p ? `${printable(p.displayName)} <${printable(p.upn)}>` : '';
  };
  return [
    ...(several ? [`== tenant ${printable(running.tenant.displayName)} ${running.tenantId}`] : []),
    `PIM simulator listening on ${running.url}`,
    `Microsoft Graph listening on ${running.graphUrl}`,
    `scenario: ${scenario}`,
    `control secret: ${running.controlSecret}   (header x-sim-secret, endpoints under ${running.url}/_sim/${several ? '; a "tenant" field reaches the other tenant' : ''})`,
    'ARM tokens (Authorization: Bearer <token>):',
    ...Object.entries(running.tokens).map(([key, token]) => `  ${key.padEnd(14)} ${token}   ${who(key)}`),
    'Graph tokens (Authorization: Bearer <token> on the Graph URL):',
    ...Object.entries(running.graphTokens).map(([key, token]) => `  ${key.padEnd(14)} ${token}   ${who(key)}`),
  ];
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  console.error(USAGE);
  process.exit(2);
});
