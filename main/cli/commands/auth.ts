/**
 * `login [--device-code]`, `logout`, `whoami`: the sign-in handlers of ../auth-commands,
 * loaded lazily so MSAL and the keychain are touched only by commands that need them.
 * Adapts the CLI context to theirs; owns no sign-in logic and never prints a token.
 */
import type { Command, CommandContext } from '../context';
import { exitCodes } from '../exit-codes';

type AuthModule = typeof import('../auth-commands');
type AuthCliContext = import('../auth-commands').AuthCliContext;

async function withAuth(ctx: CommandContext, run: (m: AuthModule, auth: AuthCliContext) => Promise<number>): Promise<number> {
  const m = await import('../auth-commands');
  const flags = {
    ...(ctx.signIn.cloud ? { cloud: ctx.signIn.cloud } : {}),
    ...(ctx.signIn.tenant !== null ? { tenant: ctx.signIn.tenant } : {}),
    ...(ctx.signIn.clientId !== null ? { clientId: ctx.signIn.clientId } : {}),
  };
  // Their handlers write whole lines without a newline; ours end every line with one.
  const line = (write: (s: string) => void) => (s: string) => write(s.endsWith('\n') ? s : `${s}\n`);
  const io = { out: line(ctx.io.out), err: line(ctx.io.err) };
  return run(m, {
    io,
    env: ctx.env,
    output: ctx.output,
    auth: () => m.createCliAuth({ settings: m.cliAuthSettings(flags, ctx.env), dataDir: m.defaultDataDir(ctx.env), io }),
    remember: m.rememberSignedIn(m.defaultDataDir(ctx.env), m.cliAuthSettings(flags, ctx.env).cloud),
  });
}

export const loginCommand: Command = {
  summary: 'Sign in (system browser, or --device-code); the session is shared with the app.',
  usage: 'login [--device-code] [--tenant ID] [--client-id ID]',
  options: { 'device-code': { type: 'boolean' } },
  optionHelp: [['--device-code', 'sign in with a code on another device (used anyway where no browser can open)']],
  examples: ['pim-approvals login', 'pim-approvals login --device-code --tenant contoso.onmicrosoft.com'],
  run: (ctx) => {
    if (ctx.accounts.wanted !== null) {
      // login adds whoever signs in; --account chooses among accounts already signed in.
      ctx.io.err('pim-approvals: login signs in whoever you sign in as; --account chooses among accounts already signed in. Use --tenant ID to sign in to a tenant.\n');
      return Promise.resolve(exitCodes.usage);
    }
    return withAuth(ctx, (m, auth) => m.login({ deviceCode: ctx.options['device-code'] === true }, auth));
  },
};

export const logoutCommand: Command = {
  summary: 'Sign out and forget the cached session.',
  usage: 'logout',
  examples: ['pim-approvals logout'],
  run: (ctx) => {
    if (ctx.accounts.wanted !== null) {
      // The session signs out as a whole: taking --account as "only this one" would sign out the others too.
      ctx.io.err('pim-approvals: logout signs out every account of this session; --account cannot narrow it. To remove one account, use the app (Settings › Accounts).\n');
      return Promise.resolve(exitCodes.usage);
    }
    return withAuth(ctx, (m, auth) => m.logout(auth));
  },
};

export const whoamiCommand: Command = {
  summary: 'Show who the CLI acts as: name, object id, tenant, account id and token source.',
  usage: 'whoami [-o FORMAT]',
  details:
    'From ARM_ACCESS_TOKEN\'s claims (read, not verified: Azure verifies it), else the account commands act as\n' +
    '(--account, the only one, the default) as its token names it, else the signed-in session.\n' +
    '-o tsv: account id, object id, tenant id, user name, name, token source.',
  examples: ['pim-approvals whoami', 'pim-approvals whoami -o tsv | cut -f1'],
  run: async (ctx) => {
    const viaVariable = !!ctx.env.ARM_ACCESS_TOKEN?.trim();
    if (ctx.accounts.wanted !== null || (!viaVariable && (await ctx.accounts.remembered()).length > 0)) {
      // The account commands act as (--account, the only one, the default), as its own token names it:
      // not whichever account the session cache holds first.
      const access = await ctx.arm();
      if (!access.ok) return access.exitCode;
      if (!viaVariable) {
        const [objectId, tenantId] = access.accountId?.split('.') ?? [];
        return withAuth(ctx, async (m, auth) => {
          m.reportIdentity(auth, { source: access.tokenSource, username: access.names?.username ?? null, name: access.names?.name ?? null, objectId: objectId ?? access.principalId, tenantId: tenantId ?? null, accountId: access.accountId });
          return exitCodes.ok;
        });
      }
    }
    return withAuth(ctx, (m, auth) => m.whoami(auth));
  },
};
