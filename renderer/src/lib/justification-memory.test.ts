import { describe, expect, it } from 'vitest';
import { createDraftStore, eraseLegacyMemory, startingJustification, templateStart } from './justification-memory';
import type { TemplateSource } from './justification-template';

const request = (id: string, ticket: string | null): TemplateSource & { id: string } => ({
  id,
  kind: 'azureResource',
  role: { id: 'r', displayName: 'Owner' },
  scope: { id: '/subscriptions/1', displayName: 'Prod', type: 'subscription' },
  requester: { id: 'u', displayName: 'Ada Lovelace', upn: null },
  ticket: { number: ticket, system: null },
});

describe('where a justification starts', () => {
  it('empty without a template; the template filled from this request with one', () => {
    const drafts = createDraftStore();
    expect(startingJustification(request('A', 'CHG1'), '', drafts)).toBe('');
    expect(startingJustification(request('A', 'CHG1'), '   ', drafts)).toBe('');
    expect(startingJustification(request('A', 'CHG1'), 'For {ticket}', drafts)).toBe('For CHG1');
    expect(templateStart(request('B', null), 'For {ticket}')).toEqual({ text: 'For {ticket}', missing: ['ticket'] });
  });
  it("never from text typed for another request: a draft stays with its own", () => {
    const drafts = createDraftStore();
    drafts.set('A', 'DENIED: no change ticket', '');
    expect(startingJustification(request('B', null), '', drafts)).toBe('');
    expect(startingJustification(request('B', 'CHG2'), 'For {ticket}', drafts)).toBe('For CHG2');
    expect(startingJustification(request('A', null), 'For {ticket}', drafts)).toBe('DENIED: no change ticket');
  });
  it('an untouched or emptied draft is no draft, and a decided one is forgotten', () => {
    const drafts = createDraftStore();
    drafts.set('A', 'For CHG1', 'For CHG1');
    drafts.set('B', '  ', '');
    expect(drafts.size).toBe(0);
    drafts.set('A', 'typed', '');
    drafts.forget('A');
    expect(drafts.get('A')).toBeUndefined();
  });
  it('keeps at most its limit, dropping the oldest', () => {
    const drafts = createDraftStore(2);
    for (const id of ['A', 'B', 'C']) drafts.set(id, `text ${id}`, '');
    expect([drafts.get('A'), drafts.get('B'), drafts.get('C')]).toEqual([undefined, 'text B', 'text C']);
  });
});

describe('the last-typed justification an earlier version stored', () => {
  it('is erased, and a broken storage is harmless', () => {
    const map = new Map([['pim.lastJustification', 'DENIED: no change ticket']]);
    eraseLegacyMemory({ removeItem: (k: string) => void map.delete(k) });
    expect(map.size).toBe(0);
    expect(() => eraseLegacyMemory({ removeItem: () => { throw new Error('denied'); } })).not.toThrow();
  });
});
