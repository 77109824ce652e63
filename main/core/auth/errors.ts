/**
 * Turns whatever MSAL (or our cache plugin) throws into an AuthError value with a kind the
 * state machine acts on. Knows MSAL's error codes; never rethrows, never includes tokens.
 */
import { AuthError as MsalAuthError, InteractionRequiredAuthError } from '@azure/msal-node';
import { aadstsNumber, consentMessage, consentRefusal, type ConsentContext } from './consent';
import { LockTimeoutError } from '../fs/file-lock';
import { redact } from './redact';
import { KeychainUnavailableError } from './secret-store';
import type { AuthError } from './types';

/** Our own reason for a sign-in that ended without tokens because the user or a timer stopped it. */
export class SignInStoppedError extends Error {
  constructor(readonly reason: 'cancelled' | 'timeout') {
    super(reason === 'cancelled' ? 'Sign-in was cancelled.' : 'Sign-in timed out.');
    this.name = 'SignInStoppedError';
  }
}

// The session is gone: only an interactive sign-in can get tokens again. (consent_required
// is not here: it is about one permission, see consent.ts, and is checked first.)
const SESSION_ENDED = new Set([
  'interaction_required',
  'login_required',
  'invalid_grant',
  'bad_token',
  'no_tokens_found',
  'refresh_token_expired',
  'no_account_in_silent_request',
  'native_account_unavailable',
]);
// The identity provider could not be reached (or its metadata could not be fetched).
const UNREACHABLE = new Set(['network_error', 'openid_config_error', 'endpoints_resolution_error', 'no_network_connectivity']);
const STOPPED = new Set(['user_timeout_reached', 'device_code_polling_cancelled', 'device_code_expired', 'user_canceled', 'access_denied']);

/** `context` names the scopes asked for, so a consent refusal can say which permission. */
export function classifyAuthError(e: unknown, context: ConsentContext = {}): AuthError {
  if (e instanceof SignInStoppedError) {
    return { kind: 'cancelled', code: e.reason, message: e.reason === 'cancelled' ? 'Sign-in was cancelled.' : 'Sign-in timed out; nothing was completed in the browser in time.' };
  }
  if (e instanceof KeychainUnavailableError) {
    return { kind: 'keychain-unavailable', code: 'keychain_unavailable', message: keychainMessage() };
  }
  if (e instanceof LockTimeoutError) {
    return { kind: 'error', code: 'cache_locked', message: e.message };
  }
  if (e instanceof MsalAuthError) {
    const code = e.errorCode;
    // Before "signed-out": a missing consent arrives as invalid_grant + consent_required, an
    // InteractionRequiredAuthError, yet the session is fine (consent.ts has MSAL's fields).
    const refusal = consentRefusal(e);
    if (refusal) {
      const aadsts = aadstsNumber(e);
      const entraCode = aadsts ? `AADSTS${aadsts}` : code;
      return { kind: 'consent-required', code: entraCode, message: consentMessage(refusal, context, entraCode) };
    }
    if (e instanceof InteractionRequiredAuthError || SESSION_ENDED.has(code)) {
      return { kind: 'signed-out', code, message: 'Your session has ended; sign in again.' };
    }
    if (UNREACHABLE.has(code)) {
      return { kind: 'offline', code, message: 'Cannot reach Microsoft Entra ID; will retry when the network is back.' };
    }
    if (STOPPED.has(code)) {
      return { kind: 'cancelled', code, message: code === 'device_code_expired' || code === 'user_timeout_reached' ? 'Sign-in timed out.' : 'Sign-in was cancelled.' };
    }
    return { kind: 'error', code, message: `Sign-in failed (${code}): ${redact(firstLine(e.errorMessage))}` };
  }
  const text = e instanceof Error ? e.message : String(e);
  return { kind: 'error', message: `Sign-in failed: ${redact(firstLine(text))}` };
}

export function keychainMessage(): string {
  return (
    'The OS keychain is not available, so the sign-in cannot be remembered safely on disk. ' +
    'Unlock or install a keychain (on Linux: a Secret Service such as GNOME Keyring or KWallet), ' +
    'or choose to keep the session in memory only until the app quits.'
  );
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 300);
}
