/**
 * Vitest setup for test/platform-faked.sh: when PIM_FAKE_PLATFORM is win32 or darwin, every
 * test file of the run sees that process.platform, so code paths and guards that branch on
 * the OS (the D-Bus tests' dbus-daemon guard, per-OS notifiers, login items, the window)
 * are exercised as on the Windows and macOS CI jobs. Does nothing without the variable.
 */
import { tmpdir } from 'node:os';

const fake = process.env.PIM_FAKE_PLATFORM;
if (fake) {
  if (fake !== 'win32' && fake !== 'darwin' && fake !== 'linux') throw new Error(`PIM_FAKE_PLATFORM: unknown platform ${fake}`);
  // os.tmpdir() asks process.platform on every call; on "win32" it reads TEMP: keep the real one.
  process.env.TEMP = tmpdir();
  Object.defineProperty(process, 'platform', { value: fake, configurable: true });
}
