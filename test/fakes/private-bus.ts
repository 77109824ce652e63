/**
 * A private D-Bus session bus for tests: spawns `dbus-daemon` with a throw-away config
 * (unix socket in a temp dir, everyone may own names) and hands back its address. Test
 * support only; the app uses the user's session bus.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface PrivateBus {
  address: string;
  close(): Promise<void>;
}

const config = (dir: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=${dir}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`;

export async function startPrivateBus(): Promise<PrivateBus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pim-dbus-'));
  const file = path.join(dir, 'bus.conf');
  await writeFile(file, config(dir));
  const child: ChildProcess = spawn('dbus-daemon', [`--config-file=${file}`, '--print-address=1', '--nofork'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`dbus-daemon did not start: ${err}`)), 10_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dbus-daemon exited with ${code}: ${err}`));
    });
  });
  return {
    address,
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Whether this machine can run the D-Bus tests: Linux with `dbus-daemon` on the PATH. The
 * Windows and macOS CI jobs (and `process.platform` faked as win32/darwin) have neither.
 */
export function canStartPrivateBus(): boolean {
  if (process.platform !== 'linux') return false;
  return spawnSync('dbus-daemon', ['--version'], { stdio: 'ignore' }).status === 0;
}
