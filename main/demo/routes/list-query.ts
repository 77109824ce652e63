/**
 * The query side of ARM lists: $filter parsing for both collections, and paging (shared with
 * the Graph lists) with an absolute nextLink carrying an opaque skip token.
 */
import { armError, type ArmReply } from '../arm-errors';

export type RequestFilterTerm =
  | { kind: 'asApprover' | 'asRequestor' | 'asTarget' | 'atScope' }
  | { kind: 'principal'; id: string }
  | { kind: 'status'; value: string };

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: ArmReply };

const invalidFilter = (filter: string, supported: string): { ok: false; reply: ArmReply } => ({
  ok: false,
  reply: armError(400, 'InvalidFilter', `The filter '${filter}' is not supported. Supported filters: ${supported}.`),
});

const REQUEST_FILTERS = "asApprover(), asRequestor(), asTarget(), atScope(), assignedTo('{id}'), principalId eq '{id}', status eq '{status}'";

/** Filters of roleAssignmentScheduleRequests, joined with "and". asCreatedBy() belongs to approvals. */
export function parseRequestFilter(filter: string | undefined): Parsed<RequestFilterTerm[]> {
  if (filter === undefined || filter.trim() === '') return { ok: true, value: [] };
  const terms: RequestFilterTerm[] = [];
  for (const part of filter.trim().split(/\s+and\s+/i)) {
    const t = part.trim();
    const fn = /^(asApprover|asRequestor|asTarget|atScope)\(\)$/i.exec(t);
    const principal = /^assignedTo\('([^']+)'\)$/i.exec(t) ?? /^principalId\s+eq\s+'([^']+)'$/i.exec(t);
    const status = /^status\s+eq\s+'([^']+)'$/i.exec(t);
    if (fn?.[1]) {
      const name = fn[1].toLowerCase();
      terms.push({ kind: name === 'asapprover' ? 'asApprover' : name === 'asrequestor' ? 'asRequestor' : name === 'astarget' ? 'asTarget' : 'atScope' });
    } else if (principal?.[1]) terms.push({ kind: 'principal', id: principal[1] });
    else if (status?.[1]) terms.push({ kind: 'status', value: status[1] });
    else return invalidFilter(filter, REQUEST_FILTERS);
  }
  return { ok: true, value: terms };
}

export type ApprovalFilter = 'asApprover' | 'asCreatedBy' | 'asTarget' | null;

export function parseApprovalFilter(filter: string | undefined): Parsed<ApprovalFilter> {
  if (filter === undefined || filter.trim() === '') return { ok: true, value: null };
  const m = /^(asApprover|asCreatedBy|asTarget)\(\)$/i.exec(filter.trim());
  if (!m?.[1]) return invalidFilter(filter, 'asApprover(), asCreatedBy(), asTarget()');
  const name = m[1].toLowerCase();
  return { ok: true, value: name === 'asapprover' ? 'asApprover' : name === 'ascreatedby' ? 'asCreatedBy' : 'asTarget' };
}

const encodeSkip = (offset: number): string => Buffer.from(`skip:${offset}`).toString('base64url');

function decodeSkip(token: string): number | null {
  const m = /^skip:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  return m?.[1] ? Number(m[1]) : null;
}

/**
 * One page of `items` as {value, nextLink?}; nextLink is absolute on `origin` and keeps the
 * other query parameters. ARM names the token `$skipToken`, Graph `$skiptoken`.
 */
export function page<T>(items: readonly T[], query: Record<string, string>, origin: string, pathname: string, pageSize: number, tokenParam = '$skipToken'): Parsed<{ value: T[]; nextLink?: string }> {
  let offset = 0;
  const token = query[tokenParam];
  if (token !== undefined) {
    const decoded = decodeSkip(token);
    if (decoded === null) return { ok: false, reply: armError(400, 'InvalidSkipToken', `The ${tokenParam} is invalid.`) };
    offset = decoded;
  }
  const value = items.slice(offset, offset + pageSize);
  if (offset + pageSize >= items.length) return { ok: true, value: { value } };
  const params = Object.entries(query)
    .filter(([k]) => k !== tokenParam)
    .concat([[tokenParam, encodeSkip(offset + pageSize)]])
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return { ok: true, value: { value, nextLink: `${origin}${pathname}?${params}` } };
}
