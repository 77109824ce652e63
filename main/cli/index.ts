/**
 * The `pim-approvals` CLI entry: parses arguments (node:util parseArgs), picks the cloud
 * or endpoint and the token source, and runs one command from the table. Runs itself when
 * executed directly. Owns exit codes and output routing; never prints a token or a
 * justification.
 */
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../core/clock';
import { createArmClient } from '../core/arm/client';
import { checkArmEndpoint, checkGraphEndpoint, clouds, graphScope, isCloud } from '../core/net/clouds';
import { createGraphClient } from '../core/graph/client';
import { kindPermission } from '../core/model/item-labels';
import type { Cloud } from '../core/arm/types';
import { objectIdFromToken, tokenClaims } from '../core/net/token-identity';
import { accountKey } from '../core/outbox/stage-key';
import { armProbe } from '../core/outbox/online';
import type { FetchLike } from '../core/net/http';
import { commands } from './commands';
import type { ArmAccess, CliDeps, CliIo, CommandContext, OptionValues } from './context';
import { exitCodes } from './exit-codes';
import { inertText } from './inert-text';
import { fromAzureCli, fromSessionAccount, isRefused, resolveGraphToken, resolveToken } from './resolve-token';
import { commandHelp, usageText } from './usage';
import { chooseOutput } from './output';
import { defaultDataDir } from './data-dir';
import { accountLine, accountRun, tokenAccount } from './run-account';
import { mergeAccounts, type KnownAccount } from './account-choice';
import { managedSignIn, policyConflict } from './managed-sign-in';

export type { CliIo, CliDeps, CommandContext, Command, ArmAccess } from './context';
export { resolveToken, tokenSources, type TokenSource } from './resolve-token';
export { commands } from './commands';
export { exitCodes } from './exit-codes';

const globalOptions: ParseArgsOptionsConfig = {
  'arm-endpoint': { type: 'string' },
  'graph-endpoint': { type: 'string' },
  cloud: { type: 'string' },
  tenant: { type: 'string' },
  'client-id': { type: 'string' },
  account: { type: 'string' },
  output: { type: 'string', short: 'o' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

export async function main(argv: string[], env: NodeJS.ProcessEnv, io: CliIo, deps: CliDeps = {}): Promise<number> {
  // First pass, lenient, with every known option so option values are not taken for the command name.
  const allOptions = Object.values(commands).reduce<ParseArgsOptionsConfig>((all, c) => ({ ...all, ...c.options }), { ...globalOptions });
  let name: string | undefined;
  try {
    name = parseArgs({ args: argv, options: allOptions, strict: false, allowPositionals: true }).positionals[0];
  } catch {
    name = undefined;
  }
  const command = name === undefined ? undefined : Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (name !== undefined && !command) {
    io.err(`pim-approvals: unknown command "${inertText(name)}". Run pim-approvals --help.\n`);
    return exitCodes.usage;
  }

  let values: OptionValues;
  let positionals: string[];
  try {
    const parsed = parseArgs({ args: argv, options: { ...globalOptions, ...command?.options }, strict: true, allowPositionals: true });
    values = parsed.values as OptionValues;
    positionals = parsed.positionals.slice(1);
  } catch (err) {
    io.err(`pim-approvals: ${inertText(err instanceof Error ? err.message : String(err))}\nRun pim-approvals --help.\n`);
    return exitCodes.usage;
  }
  if (values.help) {
    io.out(command ? commandHelp(command) : usageText(commands));
    return exitCodes.ok;
  }
  if (!command) {
    io.err(usageText(commands));
    return exitCodes.usage;
  }
  const output = chooseOutput(values, command.outputs);
  if (!output.ok) {
    io.err(`pim-approvals: ${output.error}\n`);
    return exitCodes.usage;
  }

  // The machine policy, read once and only by a command that runs (never for --help or a usage error).
  const { policy, warnings } = await (deps.policy ?? (async () => (await import('../core/settings/policy-readers')).readMachinePolicy()))();
  // A bad value is ignored (the rest apply) and said once; it never stops the command.
  for (const warning of warnings) io.err(`pim-approvals: warning: ${inertText(warning)}\n`);
  const flags = { cloud: str(values.cloud), tenant: str(values.tenant), clientId: str(values['client-id']) };
  const conflict = policyConflict(flags, policy);
  if (conflict) {
    io.err(conflict);
    return exitCodes.usage;
  }
  const managed = managedSignIn(flags, policy);
  const target = chooseEndpoint(values, managed.cloud);
  if (!target.ok) {
    io.err(`pim-approvals: ${inertText(target.error)}\n`);
    return exitCodes.usage;
  }
  const clock = deps.clock ?? systemClock;
  // Whose ARM token this run uses, once known: a Graph token of another person is not used beside it.
  let armAccount: string | null = null;
  // The account arm() chose (null: none known, or ARM_ACCESS_TOKEN): Graph tokens come from its sign-in too.
  let armChosen: KnownAccount | null = null;
  const tenantFlag = managed.tenant;
  const clientIdFlag = managed.clientId;
  // A custom --arm-endpoint has no cloud, but a managed cloud still is the sign-in's.
  const signIn = { cloud: target.cloud ?? managed.cloud, tenant: tenantFlag, clientId: clientIdFlag };
  const accounts = accountRun({
    env,
    io,
    dataDir: defaultDataDir(env),
    wanted: typeof values.account === 'string' ? values.account : null,
    session: signIn,
  });
  /** The ARM access of `chosen` (null: ARM_ACCESS_TOKEN, or no account known: the session as before). */
  const armWith = async (chosen: KnownAccount | null): Promise<ArmAccess | { ok: false; exitCode: number }> => {
    const fromVariable = !!env.ARM_ACCESS_TOKEN?.trim();
    const unusable = chosen ? noTokenSource(chosen) : null;
    if (unusable) {
      io.err(`pim-approvals: ${unusable}\n`);
      return { ok: false, exitCode: exitCodes.auth };
    }
    const request = { cloud: target.cloud, scope: target.cloud ? clouds[target.cloud].armScope : null, tenant: tenantFlag ?? chosen?.tenantId ?? null, clientId: clientIdFlag };
    const found = !chosen ? await resolveToken(env, request) : chosen.source === 'azure-cli' ? await fromAzureCli(env, request, chosen.tenantId) : await fromSessionAccount(env, request, chosen);
    armChosen = chosen;
    if (!found) {
      const whose = chosen ? ` for ${accountLine(chosen)}` : '';
      io.err(`pim-approvals: no access token${whose}. Run \`pim-approvals login\`, or set ARM_ACCESS_TOKEN to an ARM access token.\n`);
      return { ok: false, exitCode: exitCodes.auth };
    }
    if (isRefused(found)) {
      io.err(`pim-approvals: ${found.refused}\n`);
      return { ok: false, exitCode: exitCodes.auth };
    }
    if (fromVariable && accounts.wanted !== null) {
      // --account beside ARM_ACCESS_TOKEN must name the token's own account: a decision is never sent as someone else.
      const own = tokenAccount(found.token, found.accountId);
      const pick = accounts.pick(mergeAccounts(await accounts.remembered(), own ? [own] : []));
      if (!pick.ok) return pick;
      if (!own || !pick.account || accountKey(pick.account.id) !== accountKey(own.id)) {
        const named = pick.account ? accountLine(pick.account) : 'that account';
        io.err(`pim-approvals: ARM_ACCESS_TOKEN belongs to ${own ? accountLine(own) : 'an account it does not name'}, not to ${named}; it was not used. Unset ARM_ACCESS_TOKEN to act as ${named} with its own sign-in.\n`);
        return { ok: false, exitCode: exitCodes.usage };
      }
    }
    if (chosen && (!found.accountId || accountKey(found.accountId) !== accountKey(chosen.id))) {
      // The session holds someone else: never act as them in this account's name.
      io.err(
        `pim-approvals: the sign-in here is ${found.accountId ? inertText(found.accountId) : 'an account that cannot be told'}, not ${accountLine(chosen)}; nothing was done as it. ` +
          `Sign that account in (the app's Settings › Accounts, or \`pim-approvals login --tenant ${inertText(chosen.tenantId)}\`).\n`,
      );
      return { ok: false, exitCode: exitCodes.auth };
    }
    // One HTTP layer for the ARM calls and the reachability probe (issue 18, item 7).
    const armFetch: FetchLike = deps.fetch ?? ((input, init) => fetch(input, init));
    const client = createArmClient({ endpoint: target.endpoint, getToken: async () => found.token, clock, fetch: armFetch });
    armAccount = found.accountId;
    const probe = armProbe({ endpoint: client.origin, fetch: armFetch });
    const claims = tokenClaims(found.token) ?? {};
    const claim = (name: string) => (typeof claims[name] === 'string' && (claims[name] as string).trim() ? (claims[name] as string).trim() : null);
    const names = { username: claim('upn') ?? claim('preferred_username') ?? claim('unique_name') ?? claim('email'), name: claim('name') };
    return { ok: true, client, probe, tokenSource: found.source, principalId: objectIdFromToken(found.token), accountId: found.accountId, names };
  };
  const ctx: CommandContext = {
    args: positionals,
    options: values,
    output: output.format,
    env,
    io,
    clock,
    cloud: target.cloud,
    endpoint: target.endpoint,
    signIn,
    accounts,
    arm: async () => {
      // ARM_ACCESS_TOKEN wins (automation) and names its own account; else the chosen account's sign-in.
      if (env.ARM_ACCESS_TOKEN?.trim()) return armWith(null);
      const choice = await accounts.choose();
      return choice.ok ? armWith(choice.account) : choice;
    },
    armAs: (account) => armWith(account),
    graph: async () => {
      const graph = chooseGraphEndpoint(values, target.cloud);
      if (!graph.ok) return graph;
      if (!env.ARM_ACCESS_TOKEN?.trim() && !env.GRAPH_ACCESS_TOKEN?.trim()) {
        // An Azure CLI account has ARM tokens only (the app says the same in its kinds).
        const acting = armChosen ?? (await accounts.choose().then((c) => (c.ok ? c.account : null)));
        if (acting?.source === 'azure-cli') {
          const { NO_GRAPH_VIA_AZURE_CLI } = await import('../core/app/azure-cli-session');
          return { ok: false, reason: NO_GRAPH_VIA_AZURE_CLI.replace(/\.$/, '') };
        }
      }
      const tenant = tenantFlag;
      const clientId = clientIdFlag;
      const client = createGraphClient({
        endpoint: graph.endpoint,
        clock,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        async getToken(kind) {
          const graphRequest = { cloud: target.cloud, scope: target.cloud ? graphScope(graph.endpoint, kindPermission(kind) ?? '') : null, tenant, clientId };
          const found = armChosen && !env.GRAPH_ACCESS_TOKEN?.trim() ? await fromSessionAccount(env, graphRequest, armChosen) : await resolveGraphToken(env, graphRequest);
          if (!found) throw new Error('No Microsoft Graph token: run `pim-approvals login`, or set GRAPH_ACCESS_TOKEN.');
          if (isRefused(found)) throw new Error(found.refused);
          // One run acts as one person: Graph decisions must not go out as someone else than the ARM ones.
          if (armAccount && found.accountId && accountKey(found.accountId) !== accountKey(armAccount)) {
            throw new Error(`${found.source === 'GRAPH_ACCESS_TOKEN' ? 'GRAPH_ACCESS_TOKEN' : 'The Graph token'} belongs to another account than the ARM token; it was not used.`);
          }
          return found.token;
        },
      });
      return { ok: true, client };
    },
  };
  return command.run(ctx);
}

/** Why the CLI cannot get a token for `account` by itself, or null when its sign-in can. */
function noTokenSource(account: KnownAccount): string | null {
  if (account.source === 'demo') return `${accountLine(account)} is an account of the demo world, which lives in the app; the CLI acts as it only with ARM_ACCESS_TOKEN (a simulator token).`;
  return null;
}

const str = (value: string | boolean | undefined): string | null => (typeof value === 'string' ? value : null);

/** --arm-endpoint, else the cloud's ARM: --cloud, else the managed cloud, else public. */
function chooseEndpoint(values: OptionValues, managedCloud: Cloud | null): { ok: true; endpoint: string; cloud: Cloud | null } | { ok: false; error: string } {
  const custom = values['arm-endpoint'];
  const cloud = values.cloud;
  if (typeof custom === 'string' && typeof cloud === 'string') return { ok: false, error: 'use either --cloud or --arm-endpoint, not both.' };
  if (typeof custom === 'string') {
    const checked = checkArmEndpoint(custom);
    return checked.ok ? { ok: true, endpoint: checked.origin, cloud: null } : { ok: false, error: checked.error };
  }
  const name = typeof cloud === 'string' ? cloud : (managedCloud ?? 'public');
  if (!isCloud(name)) return { ok: false, error: `unknown cloud "${name}" (use public, usgov or china).` };
  return { ok: true, endpoint: clouds[name].armEndpoint, cloud: name };
}

/**
 * The Graph origin: --graph-endpoint, else the cloud's. A custom --arm-endpoint has no Graph
 * of its own unless one is given, so the Graph kinds are then not read — and callers say so.
 */
function chooseGraphEndpoint(values: OptionValues, cloud: Cloud | null): { ok: true; endpoint: string } | { ok: false; reason: string } {
  const custom = values['graph-endpoint'];
  if (typeof custom === 'string') {
    const checked = checkGraphEndpoint(custom);
    return checked.ok ? { ok: true, endpoint: checked.origin } : { ok: false, reason: checked.error };
  }
  if (!cloud) return { ok: false, reason: 'no --graph-endpoint was given with --arm-endpoint' };
  return { ok: true, endpoint: clouds[cloud].graphEndpoint };
}

/** True when this module is the process's entry script (not when bundled and imported by bin/). */
function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  // Colour (-o jsonc) only on a terminal, and never when the user asked for none (no-color.org).
  const colour = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const io: CliIo = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s), colour };
  main(process.argv.slice(2), process.env, io).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`pim-approvals: unexpected failure: ${inertText(err instanceof Error ? err.message : String(err))}\n`);
      process.exitCode = exitCodes.error;
    },
  );
}
