import { InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, test } from 'vitest';
import { consentMessage } from './consent';
import { classifyAuthError } from './errors';

// MSAL's real error classes, built the way MSAL builds them from Entra's token-endpoint JSON
// (msal-common 16.17.0 dist/response/ResponseHandler.mjs:46-80): the body is parsed JSON, so
// error_codes are numbers even though MSAL's types say string. MSAL throws the interaction-
// required class when the suberror (consent_required, basic_action, …) or the error is in its
// lists (error/InteractionRequiredAuthError.mjs:15-32), a ServerError otherwise; each case
// below says which. auth.consent.test.ts checks the same against what real MSAL throws.
interface TokenErrorBody {
  error?: string;
  error_description?: string;
  error_codes?: string[];
  suberror?: string;
  timestamp?: string;
  trace_id?: string;
  correlation_id?: string;
}

/** ResponseHandler.mjs:76-77. */
function interactionRequired(json: string): InteractionRequiredAuthError {
  const body = JSON.parse(json) as TokenErrorBody;
  return new InteractionRequiredAuthError(body.error ?? '', body.correlation_id ?? '', body.error_description, body.suberror, body.timestamp ?? '', body.trace_id ?? '', '', body.error_codes?.[0]);
}

/** ResponseHandler.mjs:51-55. */
function serverError(json: string): ServerError {
  const body = JSON.parse(json) as TokenErrorBody;
  const errString = `Error(s): ${body.error_codes ?? 'Not Available'} - Timestamp: ${body.timestamp ?? 'Not Available'} - Description: ${body.error_description ?? 'Not Available'} - Correlation ID: ${body.correlation_id ?? 'Not Available'} - Trace ID: ${body.trace_id ?? 'Not Available'}`;
  return new ServerError(body.error ?? '', body.correlation_id ?? '', errString, body.suberror, body.error_codes?.[0]);
}

const entraBody = (error: string, code: number, description: string, suberror?: string) =>
  JSON.stringify({
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: 0c1d Correlation ID: 9e8f Timestamp: 2026-11-23 10:00:00Z`,
    error_codes: [code],
    timestamp: '2026-11-23 10:00:00Z',
    trace_id: '0c1d',
    correlation_id: '9e8f',
    ...(suberror ? { suberror } : {}),
  });

const GRAPH_ROLES = 'https://graph.microsoft.com/RoleAssignmentSchedule.ReadWrite.Directory';
const context = { scopes: [GRAPH_ROLES], clientId: '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0' };

describe('classifyAuthError on what MSAL throws', () => {
  test('AADSTS65001 (invalid_grant + consent_required) is consent-required, not signed-out', () => {
    const e = interactionRequired(entraBody('invalid_grant', 65001, "The user or administrator has not consented to use the application with ID '0f1e' named 'PIM Approvals'.", 'consent_required'));
    expect(e).toMatchObject({ errorCode: 'invalid_grant', subError: 'consent_required', errorNo: 65001 });

    const error = classifyAuthError(e, context);

    expect(error).toMatchObject({ kind: 'consent-required', code: 'AADSTS65001' });
    expect(error.message).toContain('RoleAssignmentSchedule.ReadWrite.Directory');
    expect(error.message).toMatch(/administrator must grant consent/);
    expect(error.message).toContain('API permissions → Add a permission → Microsoft Graph → Delegated permissions → RoleAssignmentSchedule.ReadWrite.Directory');
    expect(error.message).toContain('Grant admin consent');
    expect(error.message).toContain(context.clientId);
  });

  test('the message reads as one piece of advice', () => {
    const e = interactionRequired(entraBody('invalid_grant', 65001, 'The user or administrator has not consented.', 'consent_required'));
    expect(classifyAuthError(e, context).message).toBe(
      'PIM Approvals has no consent to use the Microsoft Graph permission RoleAssignmentSchedule.ReadWrite.Directory (AADSTS65001). ' +
        `An administrator must grant consent for it in the app registration (client id ${context.clientId}): API permissions → Add a permission → Microsoft Graph → ` +
        'Delegated permissions → RoleAssignmentSchedule.ReadWrite.Directory (if not listed yet) → Grant admin consent.',
    );
  });

  test.each([
    ['AADSTS650057 (invalid_client: resource not in the app registration)', serverError, entraBody('invalid_client', 650057, 'Invalid resource. The client has requested access to a resource which is not listed in the requested permissions in the client\'s application registration.'), 'AADSTS650057', /does not list/],
    ['AADSTS70011 (invalid_scope)', serverError, entraBody('invalid_scope', 70011, 'The provided request must include a \'scope\' input parameter.'), 'AADSTS70011', /refused/],
    ['AADSTS65004 (declined) from the token endpoint', interactionRequired, entraBody('invalid_grant', 65004, 'User declined to consent to access the app.', 'consent_required'), 'AADSTS65004', /declined/],
  ])('%s is consent-required', (_name, thrown, json, code, lead) => {
    const error = classifyAuthError(thrown(json), context);
    expect(error).toMatchObject({ kind: 'consent-required', code });
    expect(error.message).toMatch(lead);
    expect(error.message).toContain('Grant admin consent');
  });

  test('a declined consent on the browser redirect (no errorNo, only the message) is consent-required', () => {
    // msal-node dist/client/PublicClientApplication.mjs:158-159
    const e = new ServerError('access_denied', 'corr', 'AADSTS65004: User declined to consent to access the app.', undefined);
    expect(classifyAuthError(e, context)).toMatchObject({ kind: 'consent-required', code: 'AADSTS65004' });
  });

  test('a bare consent_required error code is consent-required', () => {
    expect(classifyAuthError(new InteractionRequiredAuthError('consent_required', ''), context).kind).toBe('consent-required');
  });

  test.each([
    ['an expired refresh token (AADSTS700082)', serverError, entraBody('invalid_grant', 700082, 'The refresh token has expired due to inactivity.')],
    ['a revoked grant (AADSTS50173)', serverError, entraBody('invalid_grant', 50173, 'The provided grant has expired due to it being revoked.')],
    ['interaction_required (MFA, AADSTS50076)', interactionRequired, entraBody('interaction_required', 50076, 'Due to a configuration change made by your administrator, you must use multi-factor authentication.', 'basic_action')],
  ])('%s stays signed-out', (_name, thrown, json) => {
    expect(classifyAuthError(thrown(json), context).kind).toBe('signed-out');
  });

  test('a plain access_denied (the user closed the page) stays cancelled', () => {
    expect(classifyAuthError(new ServerError('access_denied', '', 'sign-in stopped by the app')).kind).toBe('cancelled');
  });
});

describe('consentMessage', () => {
  test('names each permission and the API', () => {
    const message = consentMessage('not-consented', { scopes: ['https://graph.microsoft.com/PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup', 'openid', 'offline_access'] }, 'AADSTS65001');
    expect(message).toMatch(/^PIM Approvals has no consent to use the Microsoft Graph permission PrivilegedAssignmentSchedule\.ReadWrite\.AzureADGroup \(AADSTS65001\)\./);
    expect(message).toContain('in the app registration: API permissions');
  });

  test('other clouds and ARM', () => {
    expect(consentMessage('not-consented', { scopes: ['https://microsoftgraph.chinacloudapi.cn/RoleAssignmentSchedule.ReadWrite.Directory'] })).toContain('Microsoft Graph permission RoleAssignmentSchedule');
    expect(consentMessage('not-consented', { scopes: ['https://management.core.usgovcloudapi.net//.default'] })).toContain('Azure Service Management permission user_impersonation');
  });

  test('without scopes it still says what to do', () => {
    expect(consentMessage('declined')).toMatch(/^Consent to the requested permission was declined.*Grant admin consent/);
  });
});
