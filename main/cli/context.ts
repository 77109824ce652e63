/**
 * What every CLI command receives, and the shape of a command in the table. Commands
 * write through `io` only (tests capture it) and get the ARM client lazily, so `--help`
 * and usage errors never need a token. Never holds a token beyond the client it builds.
 */
import type { ParseArgsOptionsConfig } from 'node:util';
import type { Clock } from '../core/clock';
import type { ArmClient } from '../core/arm/client';
import type { GraphClient } from '../core/graph/client';
import type { FetchLike } from '../core/net/http';
import type { Cloud } from '../core/arm/types';
import type { Probe } from '../core/outbox/online';
import type { OutputFormat } from './output';
import type { AccountRun } from './run-account';
import type { KnownAccount } from './account-choice';
import type { ParsedPolicy } from '../core/settings/managed-policy';

export interface CliIo {
  /** Writes text to stdout as given (commands end their lines with "\n"). */
  out(s: string): void;
  /** Writes text to stderr as given. */
  err(s: string): void;
  /** True when stdout is a terminal that takes colour (`-o jsonc` colours only then). */
  colour?: boolean;
}

/** Seams for tests (a virtual clock, a fetch, a policy reader); the real CLI passes none. */
export interface CliDeps {
  clock?: Clock;
  fetch?: FetchLike;
  /** Reads the machine policy; absent: this OS's (readMachinePolicy). Tests read a policy file in a temp dir. */
  policy?: () => Promise<ParsedPolicy>;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface CommandContext {
  /** Positionals after the command name. */
  args: string[];
  options: OptionValues;
  /** -o/--output (or --json): how results go to stdout. */
  output: OutputFormat;
  env: NodeJS.ProcessEnv;
  io: CliIo;
  clock: Clock;
  /** The selected cloud, or null for a custom --arm-endpoint. */
  cloud: Cloud | null;
  endpoint: string;
  /**
   * The sign-in settings this run uses: the machine policy's where it sets them, else the
   * flags; null: the environment's (PIM_CLOUD, PIM_TENANT, PIM_CLIENT_ID).
   */
  signIn: { cloud: Cloud | null; tenant: string | null; clientId: string | null };
  /** The account this run acts as (--account, the only one, the default) and the known accounts. */
  accounts: AccountRun;
  /** Builds the ARM client with a token; on failure it has printed why and returns the exit code. */
  arm(): Promise<ArmAccess | { ok: false; exitCode: number }>;
  /** The same as `account` (sync of several accounts); on failure it has printed why. */
  armAs(account: KnownAccount): Promise<ArmAccess | { ok: false; exitCode: number }>;
  /**
   * The Graph client for Entra ID roles and groups, or why there is none (no Graph endpoint
   * for a custom ARM endpoint, no token). Never prints: callers say what it means for them.
   */
  graph(): Promise<{ ok: true; client: GraphClient } | { ok: false; reason: string }>;
}

/** The ARM client and whose token it carries. */
export interface ArmAccess {
  ok: true;
  client: ArmClient;
  tokenSource: string;
  principalId: string | null;
  /**
   * The account the token belongs to (`{oid}.{tid}`, the app's MSAL home account id), or
   * null when the token does not say: then it may read but never decide or sync.
   */
  accountId: string | null;
  /** Who the token names (its upn and name claims; read, not verified), for `whoami`. */
  names?: { username: string | null; name: string | null };
  /**
   * Is ARM reachable, asked over the same fetch as the client's calls (so the same proxy and
   * CA settings, e.g. NODE_EXTRA_CA_CERTS): a probe over another HTTP layer could call Azure
   * unreachable while the calls themselves go through. Absent: Node's fetch.
   */
  probe?: Probe;
}

export interface Command {
  summary: string;
  /** e.g. "approve ID --justification TEXT" */
  usage: string;
  /** More for `COMMAND --help`, in prose. */
  details?: string;
  /** Each of its own options and what it does, for `COMMAND --help`: ["--kind KIND", "…"]. */
  optionHelp?: readonly (readonly [string, string])[];
  /** One-line examples for `COMMAND --help` (each a whole command line). */
  examples: readonly string[];
  options?: ParseArgsOptionsConfig;
  /** The -o formats it gives (default json, jsonc, table, tsv, none). */
  outputs?: readonly OutputFormat[];
  run(ctx: CommandContext): Promise<number>;
}
