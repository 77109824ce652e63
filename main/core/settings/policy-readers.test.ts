/**
 * One test per OS reader: the Linux policy file on disk, `reg query` output (written to the
 * format of reg.exe: wine programs/reg/query.c output_value, CRLF line ends) and
 * `plutil -convert json` output through an injected runner that records what was run.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MACOS_POLICY_FILE, parseRegQuery, readLinuxPolicy, readMacPolicy, readWindowsPolicy, type CommandOutcome, type CommandRunner } from './policy-readers';

const CLIENT = '1b730954-1685-4b74-9bfd-dac224a7b894';

function recordingRunner(answer: CommandOutcome): CommandRunner & { calls: Array<[string, readonly string[]]> } {
  const calls: Array<[string, readonly string[]]> = [];
  const run = async (file: string, args: readonly string[]) => {
    calls.push([file, args]);
    return answer;
  };
  return Object.assign(run, { calls });
}

const REG_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\PIM Approvals',
  `    ClientId    REG_SZ    ${CLIENT}`,
  '    Tenant    REG_SZ    contoso.onmicrosoft.com',
  '    Cloud    REG_SZ    usgov',
  '    PollIntervalSeconds    REG_DWORD    0x78',
  '    Notifications    REG_DWORD    0x0',
  '    OneClickDecisions    REG_DWORD    0x2',
  '    StartAtLogin    REG_BINARY    01',
  '    Default Justification    REG_SZ    per policy',
  '',
  'HKEY_LOCAL_MACHINE\\Software\\Policies\\PIM Approvals\\Extra',
  '',
].join('\r\n');

describe('Windows policy (reg query)', () => {
  it('reads strings and DWORDs, matching value names without regard to case, and warns per bad value', async () => {
    const run = recordingRunner({ code: 0, stdout: REG_OUTPUT, stderr: '' });
    const read = await readWindowsPolicy(run);
    expect(run.calls).toEqual([['reg', ['query', 'HKLM\\Software\\Policies\\PIM Approvals']]]);
    expect(read.policy).toEqual({ clientId: CLIENT, tenant: 'contoso.onmicrosoft.com', cloud: 'usgov', pollIntervalSeconds: 120, notifications: false });
    expect(read.warnings).toEqual([
      'Managed setting "StartAtLogin" in HKLM\\Software\\Policies\\PIM Approvals is ignored: its type REG_BINARY is not REG_SZ or REG_DWORD.',
      'Managed setting "oneClickDecisions" in HKLM\\Software\\Policies\\PIM Approvals is ignored: it must be true or false (1 or 0 in the registry).',
      'Managed setting "Default Justification" in HKLM\\Software\\Policies\\PIM Approvals is not one PIM Approvals knows; it is ignored.',
    ]);
  });

  it('finds no policy when the key does not exist', async () => {
    const run = recordingRunner({ code: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' });
    expect(await readWindowsPolicy(run)).toEqual({ policy: {}, warnings: [] });
  });

  it('says when reg itself fails', async () => {
    expect(await readWindowsPolicy(recordingRunner({ code: 5, stdout: '', stderr: 'ERROR: Access is denied.' }))).toEqual({
      policy: {},
      warnings: ['The managed settings in HKLM\\Software\\Policies\\PIM Approvals could not be read (reg query exited with 5); none apply.'],
    });
  });

  it('reads an empty REG_SZ as an empty string, which no key accepts', () => {
    expect(parseRegQuery('    Tenant    REG_SZ    \r\n    Cloud    REG_SZ\r\n').warnings).toEqual([
      'Managed setting "tenant" in HKLM\\Software\\Policies\\PIM Approvals is ignored: it must be a tenant id or domain name.',
      'Managed setting "cloud" in HKLM\\Software\\Policies\\PIM Approvals is ignored: it must be public, usgov or china.',
    ]);
  });
});

describe('macOS policy (managed preferences plist)', () => {
  it('converts the plist with plutil and reads its keys', async () => {
    const stdout = `{"clientId":"${CLIENT}","cloud":"china","activePollIntervalSeconds":30,"expiryReminder":false,"pollIntervalSeconds":5}\n`;
    const run = recordingRunner({ code: 0, stdout, stderr: '' });
    const read = await readMacPolicy(run, MACOS_POLICY_FILE, async () => true);
    expect(run.calls).toEqual([['plutil', ['-convert', 'json', '-o', '-', '/Library/Managed Preferences/io.github.pimapprovals.app.plist']]]);
    expect(read).toEqual({
      policy: { clientId: CLIENT, cloud: 'china', activePollIntervalSeconds: 30, expiryReminder: false },
      warnings: ['Managed setting "pollIntervalSeconds" in /Library/Managed Preferences/io.github.pimapprovals.app.plist is ignored: it must be a whole number of seconds from 15 to 3600.'],
    });
  });

  it('finds no policy without the plist, and runs nothing', async () => {
    const run = recordingRunner({ missing: true });
    expect(await readMacPolicy(run, MACOS_POLICY_FILE, async () => false)).toEqual({ policy: {}, warnings: [] });
    expect(run.calls).toEqual([]);
  });

  it('says when plutil cannot convert it', async () => {
    const read = await readMacPolicy(recordingRunner({ code: 1, stdout: '', stderr: 'invalid object in plist for destination format\n' }), '/tmp/x.plist', async () => true);
    expect(read.warnings).toEqual(['The managed settings in /tmp/x.plist could not be read (plutil exited with 1: invalid object in plist for destination format); none apply.']);
  });
});

describe('Linux policy (/etc/pim-approvals/policy.json)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'policy-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('reads the JSON object', async () => {
    const file = path.join(dir, 'policy.json');
    await writeFile(file, JSON.stringify({ clientId: CLIENT, tenant: 'fabrikam.example', oneClickDecisions: false, cloud: 'mars' }));
    expect(await readLinuxPolicy(file)).toEqual({
      policy: { clientId: CLIENT, tenant: 'fabrikam.example', oneClickDecisions: false },
      warnings: [`Managed setting "cloud" in ${file} is ignored: it must be public, usgov or china.`],
    });
  });

  it('finds no policy without the file', async () => {
    expect(await readLinuxPolicy(path.join(dir, 'none.json'))).toEqual({ policy: {}, warnings: [] });
  });

  it.each([
    ['malformed JSON', '{"clientId": ', 'it is not valid JSON'],
    ['an array', '[]', 'it is not a JSON object'],
  ])('ignores a file with %s, saying so', async (_what, text, why) => {
    const file = path.join(dir, 'policy.json');
    await writeFile(file, text);
    expect(await readLinuxPolicy(file)).toEqual({ policy: {}, warnings: [`The managed settings in ${file} could not be read (${why}); none apply.`] });
  });
});
