/**
 * What a queue row says beyond its name, as ux.md's questions ask it: who wants it and why
 * (a one-line excerpt of the reason, the ticket), until when (start and end), and the whole
 * of it as one sentence for the row's accessible name and hover. Pure: the clock is passed in.
 * Tenant text in attribute strings cannot sit in a <bdi>, so it is flattened and isolated here.
 */
import type { QueueItemDto } from '../../../preload/api';
import { kindLabel, tenantName } from '../../../preload/item-labels';
import { durationMs, exactTime, requestName, requestTypeLabel, timeLeft } from './format';

// Bidi embeddings, overrides, isolates and the implicit marks: a name may not carry its own.
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
// eslint-disable-next-line no-control-regex -- flattening control characters is the point
const LINE_BREAKS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;

/**
 * Tenant text for an attribute (title, aria-label), where no <bdi> can hold it: its own bidi
 * controls removed (a stray U+2069 would close our isolate early) and the rest wrapped in a
 * first-strong isolate, so a right-to-left name cannot reorder the words after it.
 */
export function isolatedText(text: string): string {
  return `\u2068${text.replace(BIDI_CONTROLS, '').replace(LINE_BREAKS, ' ')}\u2069`;
}

/**
 * The first `max` characters of a reason on one line, cut at a word boundary with "…", never
 * inside a word (a single word longer than `max` is the exception: it is cut with "…").
 */
export function excerpt(text: string | null, max = 90): string {
  if (!text) return '';
  const flat = text.replace(LINE_BREAKS, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  const cut = space > max / 3 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s,.;:–—-]+$/u, '')}…`;
}

/** "CHG0031337" when the request names a ticket, '' when not. */
export function ticketText(ticket: QueueItemDto['ticket']): string {
  return ticket.number?.trim() ?? '';
}

/** When the access would end: the requested start (or now, when it starts on approval) plus the duration. */
export function endsAt(item: Pick<QueueItemDto, 'startsAt' | 'duration'>, now: number): number | null {
  const ms = durationMs(item.duration);
  if (ms === null) return null;
  const start = item.startsAt ? Date.parse(item.startsAt) : now;
  return Number.isFinite(start) ? Math.max(start, now) + ms : null;
}

/**
 * "Starts 14:05, until 18:05" for a scheduled start; "On approval, for 4 h" when it starts once
 * approved (the end then moves with the approval); "Until not set" without a duration.
 */
export function whenWords(item: Pick<QueueItemDto, 'startsAt' | 'duration'>, now: number, humanize: (iso: string | null) => string): string {
  const start = item.startsAt ? Date.parse(item.startsAt) : NaN;
  const scheduled = Number.isFinite(start) && start > now;
  if (!scheduled) return item.duration ? `On approval, for ${humanize(item.duration)}` : 'On approval';
  const end = endsAt(item, now);
  const startWords = `Starts ${dayAndTime(start, now)}`;
  return end === null ? startWords : `${startWords}, until ${dayAndTime(end, start)}`;
}

/**
 * The same on a row's one line: "Fri 21:00 – Sat 01:00", "On approval, for 4 h" (the words
 * above are its hover and part of the accessible name).
 */
export function whenShort(item: Pick<QueueItemDto, 'startsAt' | 'duration'>, now: number, humanize: (iso: string | null) => string): string {
  const start = item.startsAt ? Date.parse(item.startsAt) : NaN;
  if (!(Number.isFinite(start) && start > now)) return whenWords(item, now, humanize);
  const end = endsAt(item, now);
  const from = dayAndTime(start, now);
  return end === null ? `From ${from}` : `${from} – ${dayAndTime(end, start)}`;
}

// Shared formatters: building one per call would cost every rendered row on every keystroke.
const timeFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const weekdayFormat = new Intl.DateTimeFormat([], { weekday: 'short' });

/** "14:05" on the same day as `ref`, "Tue 14:05" on another (the clock as clockTime writes it). */
function dayAndTime(ms: number, ref: number): string {
  const d = new Date(ms);
  const time = timeFormat.format(d);
  return d.toDateString() === new Date(ref).toDateString() ? time : `${weekdayFormat.format(d)} ${time}`;
}

/**
 * The row as one sentence, for its accessible name and hover: everything the row shows, and
 * in full what it shortens (the reason, the scope). Tenant text is isolated. With several
 * accounts (`showTenant`) it starts, as the row does, with the request's tenant.
 */
export function rowSentence(item: QueueItemDto, now: number, cues: readonly { label: string }[], showKind: boolean, humanize: (iso: string | null) => string, showTenant = false): string {
  const tenant = showTenant ? tenantName(item) : '';
  const parts = tenant ? [isolatedText(tenant), isolatedText(requestName(item))] : [isolatedText(requestName(item))];
  if (showKind) parts.push(kindLabel(item.kind));
  parts.push(`requested by ${isolatedText(item.requester.displayName || item.requester.upn || 'someone')}`);
  parts.push(requestTypeLabel(item.requestType));
  const ticket = ticketText(item.ticket);
  if (ticket) parts.push(`ticket ${isolatedText(ticket)}`);
  parts.push(item.justification ? `reason: ${isolatedText(item.justification)}` : 'no reason given');
  parts.push(whenWords(item, now, humanize));
  parts.push(`${timeLeft(item.expiresAt, now)} (expires ${exactTime(item.expiresAt)})`);
  if (cues.length > 0) parts.push(cues.map((c) => c.label).join(', '));
  if (!item.actionable) parts.push(item.readOnly === 'own-request' ? 'your own request' : 'read-only');
  return parts.join(' · ');
}
