import { describe, expect, it } from 'vitest';
import { queueItem } from '../../../test/kit/item-fixture';
import { clockTime, humanizeDuration } from './format';
import { endsAt, excerpt, isolatedText, rowSentence, ticketText, whenShort, whenWords } from './row-words';

const at = (h: number, m = 0) => new Date(2026, 10, 23, h, m).getTime();

describe('row words', () => {
  it('cuts a reason at a word boundary, never inside a word', () => {
    const why = 'Rotate the payment gateway signing key before the quarterly audit';
    expect(excerpt(why, 200)).toBe(why);
    expect(excerpt(why, 30)).toBe('Rotate the payment gateway…');
    expect(excerpt('line one\nline two', 80)).toBe('line one line two');
    expect(excerpt('x'.repeat(50), 20)).toBe(`${'x'.repeat(19)}…`);
    expect(excerpt(null)).toBe('');
  });
  it('isolates tenant text for attributes and drops its own bidi controls', () => {
    expect(isolatedText('Invoice \u202Egnp.exe')).toBe('\u2068Invoice gnp.exe\u2069');
    // A stray pop-isolate cannot close ours early.
    expect(isolatedText('a\u2069\u202Eb')).toBe('\u2068ab\u2069');
  });
  it('says when the access would run: a scheduled start and its end, or on approval', () => {
    const now = at(10);
    const t = (ms: number) => clockTime(new Date(ms).toISOString()); // the machine's clock format
    expect(whenWords({ startsAt: new Date(at(14, 5)).toISOString(), duration: 'PT4H' }, now, humanizeDuration)).toBe(`Starts ${t(at(14, 5))}, until ${t(at(18, 5))}`);
    expect(whenShort({ startsAt: new Date(at(14, 5)).toISOString(), duration: 'PT4H' }, now, humanizeDuration)).toBe(`${t(at(14, 5))} – ${t(at(18, 5))}`);
    expect(whenWords({ startsAt: null, duration: 'PT2H' }, now, humanizeDuration)).toBe('On approval, for 2 h');
    expect(whenShort({ startsAt: null, duration: 'PT2H' }, now, humanizeDuration)).toBe('On approval, for 2 h');
    expect(whenWords({ startsAt: new Date(at(9)).toISOString(), duration: null }, now, humanizeDuration)).toBe('On approval');
    expect(endsAt({ startsAt: new Date(at(14)).toISOString(), duration: 'PT1H' }, now)).toBe(at(15));
    expect(endsAt({ startsAt: null, duration: null }, now)).toBeNull();
  });
  it('names the ticket only when there is one', () => {
    expect(ticketText({ number: ' CHG0031337 ', system: 'ServiceNow' })).toBe('CHG0031337');
    expect(ticketText({ number: null, system: null })).toBe('');
  });
  it('puts everything in the accessible name, the reason and scope in full', () => {
    const item = queueItem(1, { justification: 'A very long reason '.repeat(10).trim(), ticket: { number: 'CHG1', system: null } });
    const text = rowSentence(item, Date.now(), [{ label: 'High privilege' }], true, humanizeDuration);
    expect(text).toContain(item.justification);
    expect(text).toContain(item.scope.displayName);
    expect(text).toContain('ticket \u2068CHG1\u2069');
    expect(text).toContain('High privilege');
    expect(text).toContain('Azure resource');
    expect(rowSentence(item, Date.now(), [], false, humanizeDuration)).not.toContain('Azure resource');
  });
  it('starts with the tenant, isolated, only when tenants are named', () => {
    const item = { ...queueItem(2), tenant: { id: 't-f', name: 'Fabrikam \u202Eevil' } };
    const named = rowSentence(item, Date.now(), [], false, humanizeDuration, true);
    expect(named.split(' · ').slice(0, 2)).toEqual(['\u2068Fabrikam evil\u2069', '\u2068Owner on Prod-Payments (subscription)\u2069']);
    expect(rowSentence(item, Date.now(), [], false, humanizeDuration)).not.toContain('Fabrikam');
  });
});
