/**
 * The shape of a scenario file (scenarios/*.json): extra principals, roles, scopes,
 * directory roles and groups, literal requests of any PIM kind and an optional generator
 * for bulk data. Schema and types only.
 */
import { z } from 'zod';

const NamedRefSchema = z.object({ id: z.string(), displayName: z.string(), type: z.string() });
/** Directory roles and groups: a bare GUID and a display name. */
const GraphRefSchema = z.object({ id: z.string(), displayName: z.string() });

const PrincipalSchema = z.object({
  id: z.string().optional(),
  displayName: z.string(),
  upn: z.string(),
  type: z.string().optional(),
});

const StageSchema = z.object({
  id: z.string().optional(),
  /** Name when embedded in the approval; random (≠ id) by default, like the examples. */
  name: z.string().optional(),
  displayName: z.string().optional(),
  approvers: z.array(z.string()).optional(),
  status: z.string().optional(),
  reviewResult: z.string().optional(),
  reviewedBy: z.string().optional(),
  reviewedMinutesAgo: z.number().optional(),
  justification: z.string().optional(),
});

export const RequestSpecSchema = z.object({
  name: z.string().optional(),
  /** Which API serves it (default azureResource, i.e. ARM); entraRole and group are served over Graph. */
  kind: z.enum(['azureResource', 'entraRole', 'group']).optional(),
  /** Group requests only: membership (default) or ownership. */
  access: z.enum(['member', 'owner']).optional(),
  /** Group requests only: group key or display name from the catalogue or the scenario's `groups`. */
  group: z.string().optional(),
  /** Principal keys. */
  requester: z.string().optional(),
  target: z.string().optional(),
  approvers: z.array(z.string()).optional(),
  /** A count of identical serial stages, or each stage spelled out. */
  stages: z.union([z.number().int().min(0), z.array(StageSchema)]).optional(),
  /** Role key/display name from the catalogue or the scenario's `roles` (entraRole: `directoryRoles`,
   * e.g. "Global Administrator"); unknown names become custom roles. */
  role: z.string().optional(),
  /** Scope key from the catalogue or the scenario's `scopes`, or a full scope id (azureResource only). */
  scope: z.string().optional(),
  justification: z.string().nullable().optional(),
  requestType: z.string().optional(),
  status: z.string().optional(),
  /** Relative to the clock when the scenario loads. */
  minutesAgo: z.number().optional(),
  createdOn: z.string().optional(),
  /** A scheduled start (ISO); by default the access starts when the request is made. */
  startOn: z.string().optional(),
  duration: z.string().nullable().optional(),
  expirationType: z.string().optional(),
  ticketNumber: z.string().nullable().optional(),
  ticketSystem: z.string().nullable().optional(),
  condition: z.string().nullable().optional(),
  conditionVersion: z.string().nullable().optional(),
  targetRoleAssignmentScheduleId: z.string().nullable().optional(),
  linkedRoleEligibilityScheduleId: z.string().nullable().optional(),
  /** Bare GUID; null for a request that needed no approval. */
  approvalId: z.string().nullable().optional(),
});

/** Compact description of many similar requests, expanded deterministically from the seed. */
const GeneratorSchema = z.object({
  count: z.number().int().min(0),
  requesters: z.array(z.string()).min(1),
  approvers: z.array(z.string()).min(1),
  roles: z.array(z.string()).min(1),
  scopes: z.array(z.string()).min(1),
  justifications: z.array(z.string()).min(1),
  requestTypes: z.array(z.string()).min(1).optional(),
  durations: z.array(z.string()).min(1).optional(),
  /** [min, max] minutes before load. */
  minutesAgo: z.tuple([z.number(), z.number()]),
  /** Every n-th generated request carries a ticket number (0 = never). */
  ticketEvery: z.number().int().min(0).optional(),
});

/** Who the tenant is as a directory (GET /tenants); absent: Contoso, its id derived from the seed. */
const TenantSchema = z.object({
  id: z.string().optional(),
  displayName: z.string(),
  defaultDomain: z.string(),
  domains: z.array(z.string()).optional(),
  countryCode: z.string().optional(),
});

export const ScenarioSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  tenant: TenantSchema.optional(),
  principals: z.record(z.string(), PrincipalSchema).optional(),
  roles: z.record(z.string(), NamedRefSchema).optional(),
  scopes: z.record(z.string(), NamedRefSchema).optional(),
  /** Extra Entra ID directory roles by key (built-ins are known by display name). */
  directoryRoles: z.record(z.string(), GraphRefSchema).optional(),
  /** Extra PIM-enabled groups by key. */
  groups: z.record(z.string(), GraphRefSchema).optional(),
  /** Approvers of requests created through PUT roleAssignmentScheduleRequests (default me + approver2). */
  defaultApprovers: z.array(z.string()).optional(),
  requests: z.array(RequestSpecSchema).optional(),
  generate: GeneratorSchema.optional(),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export type RequestSpec = z.infer<typeof RequestSpecSchema>;
export type StageSpec = z.infer<typeof StageSchema>;
