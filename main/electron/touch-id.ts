/**
 * macOS Touch ID before a High-privilege approval (the core asks, through
 * AppCoreOptions.confirmHighPrivilege, only when the user turned the setting on). Elsewhere
 * there is no such check and the setting has no effect. A Mac without Touch ID, a cancelled
 * prompt or a failed finger all mean "not confirmed", with the reason in words: nothing is
 * sent then. Holds no policy of its own.
 */
import { systemPreferences } from 'electron';

export type HighPrivilegeCheck = (what: string) => Promise<{ ok: true } | { ok: false; reason: string }>;

export function touchIdCheck(platform: NodeJS.Platform = process.platform): HighPrivilegeCheck | undefined {
  if (platform !== 'darwin') return undefined;
  return async (what) => {
    if (!systemPreferences.canPromptTouchID()) {
      return { ok: false, reason: 'Touch ID is not available on this Mac; turn off "Ask for Touch ID" in Settings to approve without it' };
    }
    try {
      // macOS shows: "PIM Approvals is trying to approve a High-privilege request."
      await systemPreferences.promptTouchID(what);
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: err instanceof Error && err.message ? err.message : 'Touch ID was cancelled' };
    }
  };
}
