/**
 * Turns ARM JSON into the app's shapes (types.ts) with zod. Owns tolerance rules: unknown
 * enum values stay as strings, missing optional fields become null, wrong types become a
 * 'parse' error naming the field. Pure; never throws and never does I/O.
 */
import { z } from 'zod';
import type { Approval, ApprovalStage, NamedResource, Principal, ScheduleRequest } from './types';
import { parseError, type Parsed } from '../net/parse-result';

export { parseError, type Parsed };

const str = z.string().nullish();

const NamedJson = z.object({ id: str, displayName: str, type: str });
const PrincipalJson = NamedJson.extend({ email: str });
const ActorJson = z.object({ principalId: str, principalName: str, principalType: str, userPrincipalName: str });

const ScheduleRequestJson = z.object({
  id: z.string(),
  name: str,
  properties: z.object({
    status: z.string(),
    requestType: str,
    approvalId: str,
    requestorId: str,
    principalId: str,
    principalType: str,
    roleDefinitionId: str,
    scope: str,
    justification: str,
    createdOn: str,
    scheduleInfo: z
      .object({
        startDateTime: str,
        expiration: z.object({ type: str, duration: str, endDateTime: str }).nullish(),
      })
      .nullish(),
    ticketInfo: z.object({ ticketNumber: str, ticketSystem: str }).nullish(),
    expandedProperties: z
      .object({ principal: PrincipalJson.nullish(), roleDefinition: NamedJson.nullish(), scope: NamedJson.nullish() })
      .nullish(),
  }),
});

const StageJson = z.object({
  id: z.string(),
  name: str,
  properties: z
    .object({
      displayName: str,
      status: str,
      reviewResult: str,
      assignedToMe: z.boolean().nullish(),
      reviewedBy: ActorJson.nullish(),
      reviewedDateTime: str,
      justification: str,
    })
    .nullish(),
});

const ApprovalJson = z.object({
  id: z.string(),
  name: str,
  properties: z.object({ stages: z.array(z.unknown()).nullish() }).nullish(),
});

const PageJson = z.object({ value: z.array(z.unknown()), nextLink: str });


export function parseScheduleRequest(json: unknown): Parsed<ScheduleRequest> {
  const parsed = ScheduleRequestJson.safeParse(json);
  if (!parsed.success) return parseError('schedule request', parsed.error);
  const { id, name, properties: p } = parsed.data;
  const expanded = p.expandedProperties;
  return {
    ok: true,
    value: {
      id,
      name: name ?? lastSegment(id),
      status: p.status,
      requestType: p.requestType ?? '',
      approvalId: p.approvalId ?? null,
      requestorId: p.requestorId ?? null,
      principal: expanded?.principal
        ? { ...named(expanded.principal, p.principalId), email: expanded.principal.email ?? null }
        : p.principalId
          ? { id: p.principalId, displayName: '', type: p.principalType ?? '', email: null }
          : null,
      roleDefinition: expanded?.roleDefinition ? named(expanded.roleDefinition, p.roleDefinitionId) : null,
      scope: expanded?.scope ? named(expanded.scope, p.scope) : null,
      justification: p.justification ?? null,
      ticketNumber: p.ticketInfo?.ticketNumber ?? null,
      ticketSystem: p.ticketInfo?.ticketSystem ?? null,
      createdOn: p.createdOn ?? null,
      startDateTime: p.scheduleInfo?.startDateTime ?? null,
      duration: p.scheduleInfo?.expiration?.duration ?? null,
      expirationType: p.scheduleInfo?.expiration?.type ?? null,
    },
  };
}

export function parseStage(json: unknown): Parsed<ApprovalStage> {
  const parsed = StageJson.safeParse(json);
  if (!parsed.success) return parseError('approval stage', parsed.error);
  const { id, name, properties: p } = parsed.data;
  const actor = p?.reviewedBy;
  const reviewedBy: Principal | null =
    actor && (actor.principalId || actor.principalName)
      ? { id: actor.principalId ?? '', displayName: actor.principalName ?? '', type: actor.principalType ?? '', email: actor.userPrincipalName ?? null }
      : null;
  return {
    ok: true,
    value: {
      id,
      name: name ?? lastSegment(id),
      displayName: p?.displayName ?? null,
      // A stage without a status or result is shown raw and is never actionable.
      status: p?.status ?? 'Unknown',
      reviewResult: p?.reviewResult ?? 'Unknown',
      assignedToMe: p?.assignedToMe ?? false,
      reviewedBy,
      reviewedDateTime: p?.reviewedDateTime ?? null,
      justification: p?.justification ?? null,
    },
  };
}

export function parseApproval(json: unknown): Parsed<Approval> {
  const parsed = ApprovalJson.safeParse(json);
  if (!parsed.success) return parseError('approval', parsed.error);
  const stages: ApprovalStage[] = [];
  for (const [index, raw] of (parsed.data.properties?.stages ?? []).entries()) {
    const stage = parseStage(raw);
    if (!stage.ok) return { ok: false, error: { ...stage.error, message: `${stage.error.message} (stage ${index})` } };
    stages.push(stage.value);
  }
  return { ok: true, value: { id: parsed.data.id, name: parsed.data.name ?? lastSegment(parsed.data.id), stages } };
}

/** One page of an ARM list: its raw items (parsed by the caller) and the next link. */
export function parsePage(json: unknown): Parsed<{ items: unknown[]; nextLink: string | null }> {
  const parsed = PageJson.safeParse(json);
  if (!parsed.success) return parseError('list page', parsed.error);
  return { ok: true, value: { items: parsed.data.value, nextLink: parsed.data.nextLink ?? null } };
}

function named(json: z.infer<typeof NamedJson>, fallbackId: string | null | undefined): NamedResource {
  return { id: json.id ?? fallbackId ?? '', displayName: json.displayName ?? '', type: json.type ?? '' };
}

function lastSegment(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? id;
}
