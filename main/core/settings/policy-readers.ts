/**
 * Where each OS keeps the machine policy, and how it is read (managed-policy.ts checks what
 * is found). A missing policy is the normal case and says nothing; a policy that cannot be
 * read gives one warning and no managed settings, never a crash.
 *
 * - Linux: /etc/pim-approvals/policy.json, one JSON object.
 * - Windows: the values of HKLM\Software\Policies\PIM Approvals (Group Policy's place for
 *   an application's policies), read with `reg query`. Its output is the key's path, then one
 *   line per value: four spaces, name, four spaces, type, four spaces, data; DWORDs as 0x…
 *   hex (wine programs/reg/query.c output_value, which mirrors Windows' reg.exe). A missing
 *   key makes reg exit 1 ("unable to find the specified registry key").
 * - macOS: /Library/Managed Preferences/<appId>.plist, written by the MDM profile's
 *   com.apple.ManagedClient.preferences payload, converted with
 *   `plutil -convert json -o - <file>` (plist → JSON on stdout).
 * The commands take fixed arguments and no shell; the runner is injected so each reader is
 * tested with recorded output.
 */
import { execFile } from 'node:child_process';
import { access, readFile } from 'node:fs/promises';
import { APP_ID } from '../app-id';
import { NO_POLICY, parsePolicy, type ParsedPolicy } from './managed-policy';

export type CommandOutcome = { code: number | null; stdout: string; stderr: string } | { missing: true };
export type CommandRunner = (file: string, args: readonly string[]) => Promise<CommandOutcome>;

export const LINUX_POLICY_FILE = '/etc/pim-approvals/policy.json';
export const WINDOWS_POLICY_KEY = 'HKLM\\Software\\Policies\\PIM Approvals';
export const MACOS_POLICY_FILE = `/Library/Managed Preferences/${APP_ID}.plist`;

const unreadable = (where: string, why: string): ParsedPolicy => ({ policy: {}, warnings: [`The managed settings in ${where} could not be read (${why}); none apply.`] });

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export async function readLinuxPolicy(file = LINUX_POLICY_FILE): Promise<ParsedPolicy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return NO_POLICY;
    return unreadable(file, code ?? 'unknown error');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return unreadable(file, 'it is not valid JSON');
  }
  if (!isPlainObject(raw)) return unreadable(file, 'it is not a JSON object');
  return parsePolicy(raw, file);
}

/** One value line of `reg query`: name, type, data (absent for an empty value). */
const REG_LINE = /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;

/** `reg query` output → the values, typed: strings as strings, DWORD/QWORD as numbers. */
export function parseRegQuery(stdout: string, where = WINDOWS_POLICY_KEY): ParsedPolicy {
  const raw: Record<string, unknown> = {};
  const warnings: string[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const m = REG_LINE.exec(line);
    if (!m) continue; // the key's own path, sub-keys and blank lines
    const [, name = '', type, data = ''] = m;
    if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') raw[name] = data;
    else if ((type === 'REG_DWORD' || type === 'REG_QWORD') && /^0x[0-9a-f]+$/i.test(data)) raw[name] = Number.parseInt(data, 16);
    else warnings.push(`Managed setting "${name}" in ${where} is ignored: its type ${type ?? ''} is not REG_SZ or REG_DWORD.`);
  }
  const parsed = parsePolicy(raw, where);
  return { policy: parsed.policy, warnings: [...warnings, ...parsed.warnings] };
}

export async function readWindowsPolicy(run: CommandRunner): Promise<ParsedPolicy> {
  const out = await run('reg', ['query', WINDOWS_POLICY_KEY]);
  if ('missing' in out) return unreadable(WINDOWS_POLICY_KEY, 'reg.exe was not found');
  // Exit 1 is reg's answer for a key that does not exist: no policy, the normal case.
  if (out.code === 1 && /unable to find/i.test(out.stderr)) return NO_POLICY;
  if (out.code !== 0) return unreadable(WINDOWS_POLICY_KEY, `reg query exited with ${out.code ?? 'a signal'}`);
  return parseRegQuery(out.stdout);
}

export async function readMacPolicy(run: CommandRunner, file = MACOS_POLICY_FILE, exists: (file: string) => Promise<boolean> = fileExists): Promise<ParsedPolicy> {
  if (!(await exists(file))) return NO_POLICY;
  const out = await run('plutil', ['-convert', 'json', '-o', '-', file]);
  if ('missing' in out) return unreadable(file, 'plutil was not found');
  if (out.code !== 0) return unreadable(file, `plutil exited with ${out.code ?? 'a signal'}: ${out.stderr.split('\n')[0]?.trim() ?? ''}`);
  let raw: unknown;
  try {
    raw = JSON.parse(out.stdout);
  } catch {
    return unreadable(file, 'plutil did not give JSON');
  }
  if (!isPlainObject(raw)) return unreadable(file, 'it is not a dictionary');
  return parsePolicy(raw, file);
}

async function fileExists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

/** Runs a command without a shell; 10 s at most (reg and plutil answer at once). */
export const execFileRunner: CommandRunner = (file, args) =>
  new Promise((resolve) => {
    execFile(file, [...args], { encoding: 'utf8', timeout: 10_000, windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && error.code === 'ENOENT') return resolve({ missing: true });
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });

export interface MachinePolicyOptions {
  platform?: NodeJS.Platform;
  run?: CommandRunner;
  /** Linux: another policy file (tests, the preview). */
  linuxFile?: string;
}

/** This machine's policy: the reader for this OS (none elsewhere). */
export function readMachinePolicy(options: MachinePolicyOptions = {}): Promise<ParsedPolicy> {
  const platform = options.platform ?? process.platform;
  const run = options.run ?? execFileRunner;
  if (platform === 'win32') return readWindowsPolicy(run);
  if (platform === 'darwin') return readMacPolicy(run);
  if (platform === 'linux') return readLinuxPolicy(options.linuxFile);
  return Promise.resolve(NO_POLICY);
}
