/**
 * Child process for the cross-process test (run with `node --import tsx`, NODE_EXTRA_CA_CERTS
 * set to the fake's cert): the CLI's `whoami` on the data dir the "app" signed in with, using
 * MSAL's own Node networking and the real keychain. Env: TEST_AUTHORITY, PIM_CLIENT_ID,
 * PIM_DATA_DIR, TEST_KEY_ACCOUNT. Exits with whoami's exit code.
 */
import { createCliAuth, defaultDataDir, whoami, type CliIo } from '../../../main/cli/auth-commands';
import { keytarSecretStore } from '../../../main/core/auth/secret-store';

const io: CliIo = { out: (t) => void process.stdout.write(`${t}\n`), err: (t) => void process.stderr.write(`${t}\n`) };
const code = await whoami({
  io,
  env: process.env,
  json: true,
  auth: () =>
    createCliAuth({
      settings: { cloud: 'public', clientId: process.env.PIM_CLIENT_ID ?? null, authorityOrigin: process.env.TEST_AUTHORITY ?? null },
      dataDir: defaultDataDir(process.env),
      secrets: keytarSecretStore(),
      keyAccount: process.env.TEST_KEY_ACCOUNT ?? '',
      io,
    }),
});
process.exitCode = code;
