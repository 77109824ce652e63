/**
 * The user's default justification is a template: "Approved for {ticket}" becomes "Approved
 * for CHG0031337" for the one request it is filled for. Owns the placeholders, filling them
 * from a request, and turning a request's text back into a template for "Remember as
 * default". Pure; never reads another request than the one it is given.
 */
import type { QueueItemDto } from '../../../preload/api';
import { requestName } from './format';

export const PLACEHOLDERS = ['ticket', 'requester', 'role', 'scope', 'request'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What a placeholder stands for, in the words the window shows beside the field. */
export const PLACEHOLDER_MEANING: Record<Placeholder, string> = {
  ticket: 'its ticket number',
  requester: "the requester's name",
  role: 'the role',
  scope: 'the scope',
  request: 'role on scope',
};

export type TemplateSource = Pick<QueueItemDto, 'kind' | 'access' | 'role' | 'scope' | 'requester' | 'ticket'>;

const TOKEN = /\{(ticket|requester|role|scope|request)\}/g;

/** The request's value for each placeholder; null when the request has none (no ticket). */
export function placeholderValues(item: TemplateSource): Record<Placeholder, string | null> {
  const clean = (s: string | null | undefined) => (s?.trim() ? s.trim() : null);
  return {
    ticket: clean(item.ticket.number),
    requester: clean(item.requester.displayName),
    role: clean(item.role.displayName),
    scope: clean(item.scope.displayName),
    request: clean(requestName(item)),
  };
}

export interface Filled {
  text: string;
  /** Placeholders this request has no value for; they stay in the text, for the user to replace. */
  missing: Placeholder[];
}

/**
 * Fills every known placeholder from this request, in one pass (a value that itself looks like
 * a placeholder is never filled again). Unknown braces are left alone.
 */
export function fillTemplate(template: string, item: TemplateSource): Filled {
  const values = placeholderValues(item);
  const missing = new Set<Placeholder>();
  const text = template.replace(TOKEN, (whole, name: Placeholder) => {
    const value = values[name];
    if (value === null) {
      missing.add(name);
      return whole;
    }
    return value;
  });
  return { text, missing: PLACEHOLDERS.filter((p) => missing.has(p)) };
}

/** The placeholders still written in a text: such a text is a template, not a justification. */
export function placeholdersIn(text: string): Placeholder[] {
  const found = new Set<string>();
  for (const m of text.matchAll(TOKEN)) if (m[1]) found.add(m[1]);
  return PLACEHOLDERS.filter((p) => found.has(p));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * "Remember as default" keeps a template, never this request's details: its ticket number,
 * requester, role and scope, where they appear as whole words, become placeholders again, so
 * the next request is filled with its own. Longest values first ("Owner on Prod" before
 * "Owner"); values under 3 characters are too likely to be part of other words.
 */
export function templateFrom(text: string, item: TemplateSource): string {
  const values = placeholderValues(item);
  const pairs = PLACEHOLDERS.flatMap((name) => {
    const value = values[name];
    return value !== null && value.length >= 3 ? [{ name, value }] : [];
  }).sort((a, b) => b.value.length - a.value.length);
  if (pairs.length === 0) return text;
  // One alternation, one pass: a replaced placeholder is never matched again by a shorter value.
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${pairs.map((p) => escapeRegExp(p.value)).join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
  return text.replace(pattern, (found) => `{${pairs.find((p) => p.value === found)?.name ?? ''}}`);
}

const NONE: Record<Placeholder, string> = {
  ticket: 'no ticket number',
  requester: "no requester's name",
  role: 'no role name',
  scope: 'no scope name',
  request: 'no name',
};

/** "no ticket number and no scope name" */
export function lacking(missing: readonly Placeholder[]): string {
  return missing.map((p) => NONE[p]).join(' and ');
}

const tokens = (names: readonly Placeholder[]) => names.map((p) => `{${p}}`).join(' and ');

/** Beside a field filled from the template: "This request has no ticket number: replace {ticket}." */
export function missingHint(missing: readonly Placeholder[]): string | null {
  if (missing.length === 0) return null;
  return `This request has ${lacking(missing)}: replace ${tokens(missing)}.`;
}

/** A bulk text some of the chosen requests cannot fill: "2 of these requests have no ticket number for {ticket}: …". */
export function lackingInBulk(count: number, missing: readonly Placeholder[]): string {
  return `${count.toLocaleString('en-US')} of these requests ${count === 1 ? 'has' : 'have'} ${lacking(missing)} for ${tokens(missing)}: write the text without it, or decide them one by one.`;
}

/**
 * Why a justification for one request cannot be sent yet, or null when it can: it is empty, or
 * a placeholder is still in it (the text would reach Azure with "{ticket}" in it).
 */
export function justificationProblem(text: string): string | null {
  if (!text.trim()) return 'Write a justification first: Azure requires one.';
  const left = placeholdersIn(text);
  if (left.length > 0) return `Replace ${tokens(left)} first: it would be sent to Azure as written.`;
  return null;
}
