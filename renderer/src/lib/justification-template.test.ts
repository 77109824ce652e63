import { describe, expect, it } from 'vitest';
import { fillTemplate, justificationProblem, lackingInBulk, missingHint, placeholdersIn, templateFrom, type TemplateSource } from './justification-template';

const item = (over: Partial<TemplateSource> = {}): TemplateSource => ({
  kind: 'azureResource',
  role: { id: 'r', displayName: 'Owner' },
  scope: { id: '/subscriptions/1', displayName: 'Prod-Payments', type: 'subscription' },
  requester: { id: 'u', displayName: 'Ada Lovelace', upn: 'ada@contoso.example' },
  ticket: { number: 'CHG0031337', system: 'ServiceNow' },
  ...over,
});

describe('filling the default template from one request', () => {
  it('fills every placeholder from that request', () => {
    expect(fillTemplate('Approved for {ticket}', item())).toEqual({ text: 'Approved for CHG0031337', missing: [] });
    expect(fillTemplate('{requester} asked for {role} on {scope}: {request}', item()).text).toBe('Ada Lovelace asked for Owner on Prod-Payments: Owner on Prod-Payments (subscription)');
  });
  it('leaves a placeholder the request has no value for, and names it', () => {
    expect(fillTemplate('Approved for {ticket} ({requester})', item({ ticket: { number: null, system: null } }))).toEqual({ text: 'Approved for {ticket} (Ada Lovelace)', missing: ['ticket'] });
    expect(fillTemplate('For {ticket}', item({ ticket: { number: '  ', system: null } })).missing).toEqual(['ticket']);
  });
  it('fills in one pass: tenant text that looks like a placeholder is not filled again', () => {
    const hostile = item({ requester: { id: 'u', displayName: '{ticket}', upn: null } });
    expect(fillTemplate('{requester} / {ticket}', hostile).text).toBe('{ticket} / CHG0031337');
  });
  it('leaves other braces and a template without placeholders as they are', () => {
    expect(fillTemplate('Per {policy} and {Ticket}', item()).text).toBe('Per {policy} and {Ticket}');
    expect(fillTemplate('Standard change, pre-approved', item()).text).toBe('Standard change, pre-approved');
  });
  it('finds placeholders still in a text', () => {
    expect(placeholdersIn('For {ticket} by {requester} {ticket}')).toEqual(['ticket', 'requester']);
    expect(placeholdersIn('For CHG1')).toEqual([]);
  });
});

describe('"Remember as default" keeps a template, not this request', () => {
  it("turns this request's values back into placeholders", () => {
    expect(templateFrom('Approved for CHG0031337', item())).toBe('Approved for {ticket}');
    expect(templateFrom('Ada Lovelace may have Owner on Prod-Payments (subscription) for CHG0031337', item())).toBe('{requester} may have {request} for {ticket}');
  });
  it('only whole words, and never values too short to be safe', () => {
    expect(templateFrom('Owners approve; Owner ok', item())).toBe('Owners approve; {role} ok');
    expect(templateFrom('CoOwner and Owner', item())).toBe('CoOwner and {role}');
    expect(templateFrom('OK by QA', item({ role: { id: 'r', displayName: 'QA' } }))).toBe('OK by QA');
  });
  it('round-trips: the saved template filled for the next request carries none of this one', () => {
    const saved = templateFrom('Approved for CHG0031337, asked by Ada Lovelace', item());
    const next = item({ requester: { id: 'v', displayName: 'Grace Hopper', upn: null }, ticket: { number: 'INC0077001', system: null } });
    expect(fillTemplate(saved, next).text).toBe('Approved for INC0077001, asked by Grace Hopper');
  });
});

describe('what may be sent', () => {
  it('refuses an empty text and one with a placeholder left in', () => {
    expect(justificationProblem('  ')).toMatch(/Azure requires one/);
    expect(justificationProblem('Approved for {ticket}')).toBe('Replace {ticket} first: it would be sent to Azure as written.');
    expect(justificationProblem('Approved for CHG1')).toBeNull();
  });
  it('names what this request lacks', () => {
    expect(missingHint(['ticket'])).toBe('This request has no ticket number: replace {ticket}.');
    expect(missingHint([])).toBeNull();
    expect(lackingInBulk(2, ['ticket'])).toBe('2 of these requests have no ticket number for {ticket}: write the text without it, or decide them one by one.');
  });
});
