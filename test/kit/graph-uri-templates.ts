/**
 * Microsoft's Graph SDK URI templates for the PIM calls we make or simulate, per API
 * version, and the check that a request fits one of them. Test data for the Graph
 * conformance test; the app never imports it.
 *
 * Why a copy: the v1.0 and beta SDKs on npm ship only their models; the request builders
 * that hold these templates (the roleManagement and identityGovernance packages of
 * microsoftgraph/msgraph-sdk-typescript and msgraph-beta-sdk-typescript) are not published.
 * Each entry is the template string as generated there (Kiota's RFC 6570 form), its
 * methods, and the model of the entity at that address, named as in the npm models.
 */

export type SdkVersion = 'v1.0' | 'beta';
export type SdkMethod = 'GET' | 'PATCH' | 'DELETE';

export interface SdkUriTemplate {
  version: SdkVersion;
  template: string;
  methods: readonly SdkMethod[];
  /** The model at this address (for a collection, of each item under `value`). */
  model: string;
  collection: boolean;
  /** Where the template is generated: repository path of its request builder. */
  source: string;
}

const LIST_QUERY = '{?%24count,%24expand,%24filter,%24orderby,%24search,%24select,%24skip,%24top}';
const ITEM_QUERY = '{?%24expand,%24select}';
const V1 = 'microsoftgraph/msgraph-sdk-typescript packages/msgraph-sdk-';
const BETA = 'microsoftgraph/msgraph-beta-sdk-typescript packages/msgraph-beta-sdk-';

export const SDK_URI_TEMPLATES: readonly SdkUriTemplate[] = [
  {
    version: 'v1.0',
    template: `{+baseurl}/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='{on}')${LIST_QUERY}`,
    methods: ['GET'],
    model: 'UnifiedRoleAssignmentScheduleRequest',
    collection: true,
    source: `${V1}roleManagement/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUserWithOn/index.ts`,
  },
  {
    version: 'v1.0',
    template: `{+baseurl}/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='{on}')${LIST_QUERY}`,
    methods: ['GET'],
    model: 'PrivilegedAccessGroupAssignmentScheduleRequest',
    collection: true,
    source: `${V1}identityGovernance/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUserWithOn/index.ts`,
  },
  {
    version: 'v1.0',
    template: `{+baseurl}/identityGovernance/privilegedAccess/group/assignmentApprovals/{approval%2Did}${ITEM_QUERY}`,
    methods: ['GET', 'PATCH', 'DELETE'],
    model: 'Approval',
    collection: false,
    source: `${V1}identityGovernance/identityGovernance/privilegedAccess/group/assignmentApprovals/item/index.ts`,
  },
  {
    version: 'v1.0',
    template: `{+baseurl}/identityGovernance/privilegedAccess/group/assignmentApprovals/{approval%2Did}/stages/{approvalStage%2Did}${ITEM_QUERY}`,
    methods: ['GET', 'PATCH', 'DELETE'],
    model: 'ApprovalStage',
    collection: false,
    source: `${V1}identityGovernance/identityGovernance/privilegedAccess/group/assignmentApprovals/item/stages/item/index.ts`,
  },
  {
    version: 'beta',
    template: `{+baseurl}/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='{on}')${LIST_QUERY}`,
    methods: ['GET'],
    model: 'UnifiedRoleAssignmentScheduleRequest',
    collection: true,
    source: `${BETA}roleManagement/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUserWithOn/index.ts`,
  },
  {
    version: 'beta',
    template: `{+baseurl}/roleManagement/directory/roleAssignmentApprovals/{approval%2Did}${ITEM_QUERY}`,
    methods: ['GET', 'PATCH', 'DELETE'],
    model: 'Approval',
    collection: false,
    source: `${BETA}roleManagement/roleManagement/directory/roleAssignmentApprovals/item/index.ts`,
  },
  {
    version: 'beta',
    template: `{+baseurl}/roleManagement/directory/roleAssignmentApprovals/{approval%2Did}/steps/{approvalStep%2Did}${ITEM_QUERY}`,
    methods: ['GET', 'PATCH', 'DELETE'],
    model: 'ApprovalStep',
    collection: false,
    source: `${BETA}roleManagement/roleManagement/directory/roleAssignmentApprovals/item/steps/item/index.ts`,
  },
  {
    version: 'beta',
    template: `{+baseurl}/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='{on}')${LIST_QUERY}`,
    methods: ['GET'],
    model: 'PrivilegedAccessGroupAssignmentScheduleRequest',
    collection: true,
    source: `${BETA}identityGovernance/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUserWithOn/index.ts`,
  },
  {
    version: 'beta',
    template: `{+baseurl}/identityGovernance/privilegedAccess/group/assignmentApprovals/{approval%2Did}${ITEM_QUERY}`,
    methods: ['GET', 'PATCH', 'DELETE'],
    model: 'Approval',
    collection: false,
    source: `${BETA}identityGovernance/identityGovernance/privilegedAccess/group/assignmentApprovals/item/index.ts`,
  },
  {
    version: 'beta',
    template: `{+baseurl}/identityGovernance/privilegedAccess/group/assignmentApprovals/{approval%2Did}/steps/{approvalStep%2Did}${ITEM_QUERY}`,
    methods: ['GET', 'PATCH', 'DELETE'],
    model: 'ApprovalStep',
    collection: false,
    source: `${BETA}identityGovernance/identityGovernance/privilegedAccess/group/assignmentApprovals/item/steps/item/index.ts`,
  },
];

/**
 * Query options a client may send beyond the template's: `$skiptoken` appears only in the
 * server's own @odata.nextLink, which SDKs follow as given rather than build from a template.
 */
const SERVER_PAGING_OPTIONS = ['$skiptoken'];

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The template's path as a regular expression over a decoded path (variables: one segment each). */
function pathPattern(template: string): RegExp {
  const path = template.replace(/^\{\+baseurl\}/, '').replace(/\{\?[^}]*\}$/, '');
  const parts = path.split(/(\{[^}]+\})/).map((part) => (/^\{[^}]+\}$/.test(part) ? "([^/']+)" : escapeRegExp(part)));
  return new RegExp(`^${parts.join('')}$`);
}

/** The query option names a template allows, decoded (%24 is $). */
function queryNames(template: string): string[] {
  const m = /\{\?([^}]*)\}$/.exec(template);
  return m?.[1] ? m[1].split(',').map((n) => decodeURIComponent(n)) : [];
}

export type TemplateFit = { ok: true; template: SdkUriTemplate } | { ok: false; reason: string };

/**
 * The SDK template a request fits: its path after the version segment (decoded, compared
 * with the SDK's casing), its method, and its query option names.
 */
export function fitSdkTemplate(method: string, url: URL): TemplateFit {
  const segments = url.pathname.split('/').filter((s) => s.length > 0);
  let decoded: string[];
  try {
    decoded = segments.map((s) => decodeURIComponent(s));
  } catch {
    return { ok: false, reason: `${url.pathname}: not a decodable path` };
  }
  const [version, ...rest] = decoded;
  const path = `/${rest.join('/')}`;
  const sameVersion = SDK_URI_TEMPLATES.filter((t) => t.version === version);
  if (sameVersion.length === 0) return { ok: false, reason: `${url.pathname}: no SDK templates for version '${version ?? ''}'` };
  const template = sameVersion.find((t) => pathPattern(t.template).test(path));
  if (!template) return { ok: false, reason: `${method} ${url.pathname}: no ${version ?? ''} SDK URI template has this path` };
  if (!(template.methods as readonly string[]).includes(method)) return { ok: false, reason: `${method} ${url.pathname}: the SDK offers only ${template.methods.join(', ')} here` };
  const allowed = [...queryNames(template.template), ...SERVER_PAGING_OPTIONS];
  const unknown = [...new Set(url.searchParams.keys())].filter((name) => !allowed.includes(name));
  if (unknown.length > 0) return { ok: false, reason: `${method} ${url.pathname}: query option(s) ${unknown.join(', ')} not in the SDK template` };
  return { ok: true, template };
}
