/**
 * Recognises Entra's "this app may not use that permission" answers — consent missing or
 * declined, a permission the app registration does not list, a scope it refuses — and words
 * them so an administrator knows what to click. Such a refusal is about one permission, not
 * the session: it must never be mistaken for "signed out". Pure: no I/O.
 */
import { InteractionRequiredAuthError, ServerError, type AuthError as MsalAuthError } from '@azure/msal-node';

export type ConsentRefusal = 'not-consented' | 'declined' | 'not-listed' | 'invalid-scope';

/** What the classifier knows about the request that failed, to name the permission. */
export interface ConsentContext {
  scopes?: readonly string[];
  clientId?: string;
}

/*
 * Where MSAL puts the token endpoint's error JSON (msal-common 16.17.0, bundled with
 * msal-node 7.2.3; dist/response/ResponseHandler.mjs:46-80, validateTokenResponse):
 * - `error_codes[0]` → `errorNo` (:52-54). It is the JSON number as sent (65001), although
 *   types/error/ServerError.d.ts:9 and InteractionRequiredAuthError.d.ts:34 say `string`;
 *   hence the String() below.
 * - When `suberror` is one of InteractionRequiredAuthSubErrorMessage, which includes
 *   "consent_required" (error/InteractionRequiredAuthError.mjs:23-32, :53-64), MSAL throws
 *   `InteractionRequiredAuthError(error, correlation_id, error_description, suberror, …,
 *   errorNo)` (:76-77): errorCode "invalid_grant", subError "consent_required", errorMessage
 *   the raw "AADSTS65001: …" description.
 * - Otherwise a `ServerError(error, correlation_id, errString, suberror, errorNo, status)`
 *   (:51-55, :79) whose errorMessage is "Error(s): 650057 - Timestamp: … - Description:
 *   AADSTS650057: … - Correlation ID: … - Trace ID: …".
 * - An error on the browser redirect (e.g. access_denied, "AADSTS65004: User declined…")
 *   becomes `ServerError(error, correlationId, error_description, suberror)` with no errorNo
 *   (msal-node 7.2.3, dist/client/PublicClientApplication.mjs:158-159): hence the fallback
 *   to the "AADSTSnnnn" in errorMessage.
 * - AuthError (error/AuthError.mjs:13-25) keeps errorCode, errorMessage and subError as ""
 *   when absent. acquireTokenSilent rethrows these unchanged (msal-node 7.2.3,
 *   dist/client/ClientApplication.mjs:158-186; RefreshTokenClient.mjs:148-157 only drops the
 *   refresh token on suberror "bad_token", so the session survives a consent refusal).
 */
const BY_AADSTS: ReadonlyMap<string, ConsentRefusal> = new Map([
  ['65001', 'not-consented'], // the user or administrator has not consented
  ['65004', 'declined'], // the user declined consent
  ['650057', 'not-listed'], // invalid resource: not in the app registration's permissions (error invalid_client)
  ['65005', 'not-listed'], // the older wording of the same
  ['70011', 'invalid-scope'], // the scope is invalid for this app
]);

/** The kind of consent refusal `e` is, or null when it is something else. */
export function consentRefusal(e: MsalAuthError): ConsentRefusal | null {
  const byNumber = BY_AADSTS.get(aadstsNumber(e));
  if (byNumber) return byNumber;
  if (e.subError === 'consent_required' || e.errorCode === 'consent_required') return 'not-consented';
  if (e.errorCode === 'invalid_scope') return 'invalid-scope';
  return null;
}

/** Entra's AADSTS number: MSAL's errorNo, else the first "AADSTSnnnn" in the message. */
export function aadstsNumber(e: MsalAuthError): string {
  const errorNo: unknown = e instanceof InteractionRequiredAuthError || e instanceof ServerError ? e.errorNo : undefined;
  if ((typeof errorNo === 'number' || typeof errorNo === 'string') && String(errorNo) !== '') return String(errorNo);
  return /\bAADSTS(\d+)\b/.exec(e.errorMessage)?.[1] ?? '';
}

const LEADS: Readonly<Record<ConsentRefusal, (what: string) => string>> = {
  'not-consented': (what) => `PIM Approvals has no consent to use ${what}`,
  declined: (what) => `Consent to ${what} was declined`,
  'not-listed': (what) => `The app registration does not list ${what}`,
  'invalid-scope': (what) => `Microsoft Entra ID refused ${what} for this app`,
};

/**
 * A message an administrator can act on; names the API and the permission(s) asked for, and
 * Entra's code (e.g. AADSTS65001) when known, so it can be looked up.
 */
export function consentMessage(refusal: ConsentRefusal, context: ConsentContext = {}, code?: string): string {
  const wanted = (context.scopes ?? []).map(describeScope).filter((p): p is Permission => p !== null);
  const api = wanted[0]?.api ?? 'the API';
  const names = wanted.map((p) => p.permission).join(', ');
  const what = wanted.length ? `the ${api} permission${wanted.length > 1 ? 's' : ''} ${names}` : 'the requested permission';
  const registration = context.clientId ? `the app registration (client id ${context.clientId})` : 'the app registration';
  const steps = `API permissions → Add a permission → ${api} → Delegated permissions → ${names || 'the permission'} (if not listed yet) → Grant admin consent`;
  return `${LEADS[refusal](what)}${code ? ` (${code})` : ''}. An administrator must grant consent for it in ${registration}: ${steps}.`;
}

interface Permission {
  api: string;
  permission: string;
}

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/** "https://graph.microsoft.com/RoleAssignmentSchedule.ReadWrite.Directory" → Microsoft Graph + the name. */
function describeScope(scope: string): Permission | null {
  if (OIDC_SCOPES.has(scope.toLowerCase())) return null;
  let url: URL;
  try {
    url = new URL(scope);
  } catch {
    return { api: 'Microsoft Graph', permission: scope }; // Entra reads a bare scope as Graph's
  }
  const permission = url.pathname.replace(/^\/+/, '');
  // graph.microsoft.com, graph.microsoft.us, dod-graph.microsoft.us, microsoftgraph.chinacloudapi.cn
  if (/graph/i.test(url.hostname)) return { api: 'Microsoft Graph', permission };
  // ARM has one delegated permission; its `.default` scope stands for it.
  if (/^management\./i.test(url.hostname)) return { api: 'Azure Service Management', permission: permission === '.default' ? 'user_impersonation' : permission };
  return { api: url.origin, permission };
}
