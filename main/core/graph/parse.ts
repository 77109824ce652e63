/**
 * Turns Microsoft Graph JSON into the app's shapes with zod, with the ARM parser's
 * tolerance rules: unknown enum values stay strings, missing optional fields become null,
 * wrong types become a 'parse' error naming the field. Reads only what real Graph
 * guarantees: expanded names (principal, roleDefinition, group) and a reviewer's UPN may be
 * absent, and a PIM for Groups approval is the request's own id. Pure; never throws.
 */
import { z } from 'zod';
import type { Approval, ApprovalStage, NamedResource, Principal } from '../net/types';
import { parseError, type Parsed } from '../net/parse-result';
import type { GraphKind, GraphRequest } from './types';
import { stagePath } from './urls';

const SERVICE = 'Microsoft Graph';
const str = z.string().nullish();

const IdentityJson = z.object({ id: str, displayName: str, userPrincipalName: str, mail: str, '@odata.type': str });
const NamedJson = z.object({ id: str, displayName: str });

const RequestJson = z.object({
  id: z.string().min(1),
  status: z.string(),
  action: str,
  approvalId: str,
  principalId: str,
  justification: str,
  createdDateTime: str,
  // identitySet: a person who asked is `user`; a service principal is `application`.
  createdBy: z.object({ user: IdentityJson.nullish(), application: IdentityJson.nullish() }).nullish(),
  scheduleInfo: z
    .object({ startDateTime: str, expiration: z.object({ type: str, duration: str, endDateTime: str }).nullish() })
    .nullish(),
  ticketInfo: z.object({ ticketNumber: str, ticketSystem: str }).nullish(),
  principal: IdentityJson.nullish(),
  // Entra ID roles
  roleDefinitionId: str,
  directoryScopeId: str,
  roleDefinition: NamedJson.nullish(),
  // PIM for Groups
  groupId: str,
  accessId: str,
  // isAssignableToRole: the group can hold Entra ID roles, so its members are privileged.
  group: NamedJson.extend({ isAssignableToRole: z.boolean().nullish() }).nullish(),
});

const StageJson = z.object({
  id: z.string().min(1),
  displayName: str,
  status: str,
  reviewResult: str,
  assignedToMe: z.boolean().nullish(),
  reviewedBy: IdentityJson.nullish(),
  reviewedDateTime: str,
  justification: str,
});

const ApprovalJson = z.object({ id: z.string().min(1), steps: z.array(z.unknown()).nullish(), stages: z.array(z.unknown()).nullish() });

const PageJson = z.object({ value: z.array(z.unknown()), '@odata.nextLink': str });

export function parseGraphRequest(kind: GraphKind, json: unknown): Parsed<GraphRequest> {
  const parsed = RequestJson.safeParse(json);
  if (!parsed.success) return parseError(kind === 'entraRole' ? 'role assignment request' : 'group assignment request', parsed.error, SERVICE);
  const r = parsed.data;
  const asker = r.createdBy?.user ?? r.createdBy?.application ?? null;
  const group: NamedResource = { ...named(r.group, r.groupId, 'group'), ...(r.group?.isAssignableToRole === true ? { roleAssignable: true } : {}) };
  return {
    ok: true,
    value: {
      kind,
      id: r.id,
      status: r.status,
      action: r.action ?? '',
      approvalId: r.approvalId ?? (kind === 'group' && r.status === 'PendingApproval' ? r.id : null),
      principal: principalOf(r.principal, r.principalId, asker),
      createdById: asker?.id ?? null,
      role: kind === 'entraRole' ? named(r.roleDefinition, r.roleDefinitionId, 'directoryRole') : group,
      scope: kind === 'entraRole' ? directoryScope(r.directoryScopeId) : group,
      access: kind === 'group' && (r.accessId === 'member' || r.accessId === 'owner') ? r.accessId : null,
      justification: r.justification ?? null,
      ticketNumber: r.ticketInfo?.ticketNumber ?? null,
      ticketSystem: r.ticketInfo?.ticketSystem ?? null,
      createdDateTime: r.createdDateTime ?? null,
      startDateTime: r.scheduleInfo?.startDateTime ?? null,
      duration: r.scheduleInfo?.expiration?.duration ?? null,
    },
  };
}

/**
 * Who the request is for. `principal` is a relationship: real Graph returns it only when
 * expanded, and a service principal has no userPrincipalName. Without it, a request someone
 * made for themselves still has a name: the one createdBy gives.
 */
function principalOf(expanded: z.infer<typeof IdentityJson> | null | undefined, principalId: string | null | undefined, asker: z.infer<typeof IdentityJson> | null): Principal | null {
  const id = expanded?.id ?? principalId ?? null;
  if (!expanded && !id) return null;
  const askerName = asker?.id && id && asker.id.toLowerCase() === id.toLowerCase() ? (asker.displayName ?? '') : '';
  return {
    id: id ?? '',
    displayName: expanded?.displayName || askerName,
    type: principalType(expanded?.['@odata.type']),
    email: expanded?.userPrincipalName ?? expanded?.mail ?? null,
  };
}

/** A stage of approval `approvalId`; its id becomes the Graph path the decision goes to. */
export function parseGraphStage(kind: GraphKind, approvalId: string, json: unknown): Parsed<ApprovalStage> {
  const parsed = StageJson.safeParse(json);
  if (!parsed.success) return parseError('approval stage', parsed.error, SERVICE);
  const s = parsed.data;
  const reviewer = s.reviewedBy;
  // Graph reports "nobody yet" as an empty identity or the all-zero id, not as null.
  const reviewedBy: Principal | null =
    reviewer && reviewer.id && !/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(reviewer.id)
      ? { id: reviewer.id, displayName: reviewer.displayName ?? '', type: principalType(reviewer['@odata.type']), email: reviewer.userPrincipalName ?? null }
      : null;
  return {
    ok: true,
    value: {
      id: stagePath(kind, approvalId, s.id),
      name: s.id,
      displayName: s.displayName ?? null,
      status: s.status ?? 'Unknown',
      reviewResult: reviewResult(s.reviewResult),
      assignedToMe: s.assignedToMe ?? false,
      reviewedBy,
      reviewedDateTime: s.reviewedDateTime ?? null,
      justification: s.justification ?? null,
    },
  };
}

export function parseGraphApproval(kind: GraphKind, json: unknown): Parsed<Approval> {
  const parsed = ApprovalJson.safeParse(json);
  if (!parsed.success) return parseError('approval', parsed.error, SERVICE);
  const { id } = parsed.data;
  const raw = (kind === 'entraRole' ? parsed.data.steps : parsed.data.stages) ?? [];
  const stages: ApprovalStage[] = [];
  for (const [index, item] of raw.entries()) {
    const stage = parseGraphStage(kind, id, item);
    if (!stage.ok) return { ok: false, error: { ...stage.error, message: `${stage.error.message} (stage ${index})` } };
    stages.push(stage.value);
  }
  return { ok: true, value: { id, name: id, stages } };
}

export function parseGraphPage(json: unknown): Parsed<{ items: unknown[]; nextLink: string | null }> {
  const parsed = PageJson.safeParse(json);
  if (!parsed.success) return parseError('list page', parsed.error, SERVICE);
  return { ok: true, value: { items: parsed.data.value, nextLink: parsed.data['@odata.nextLink'] ?? null } };
}

/** Graph's docs spell results both "Approve" and "Approved"; the app speaks ARM's words. */
function reviewResult(value: string | null | undefined): string {
  if (value === 'Approved') return 'Approve';
  if (value === 'Denied') return 'Deny';
  return value ?? 'Unknown';
}

function named(json: z.infer<typeof NamedJson> | null | undefined, fallbackId: string | null | undefined, type: string): NamedResource {
  return { id: json?.id ?? fallbackId ?? '', displayName: json?.displayName ?? '', type };
}

function directoryScope(id: string | null | undefined): NamedResource {
  const scope = id ?? '/';
  return scope === '/' ? { id: '/', displayName: 'Directory', type: 'directory' } : { id: scope, displayName: scope, type: 'directory' };
}

function principalType(odataType: string | null | undefined): string {
  const bare = (odataType ?? '').replace(/^#?microsoft\.graph\./i, '');
  return bare === 'user' ? 'User' : bare === 'servicePrincipal' ? 'ServicePrincipal' : bare === 'group' ? 'Group' : bare;
}
