import { describe, expect, it } from 'vitest';
import { routeAction } from './route-action';

const item = { id: 'stage-1', actionable: true, kind: 'azureResource' as const, role: { id: 'kv', displayName: 'Key Vault Administrator' }, scope: { id: 'rg', displayName: 'rg-payments', type: 'resourcegroup' } };
const owner = { ...item, id: 'stage-3', role: { id: 'o', displayName: 'Owner' }, scope: { id: 's', displayName: 'Prod-Payments', type: 'subscription' } };
const globalAdmin = { ...item, id: 'stage-4', kind: 'entraRole' as const, role: { id: 'ga', displayName: 'Global Administrator' }, scope: { id: '/', displayName: 'Directory', type: 'directory' } };
const off = { oneClick: false, defaultJustification: '' };
const oneClick = { oneClick: true, defaultJustification: 'Routine, ticket checked' };

describe('routeAction', () => {
  it('decides with the reply as justification where the OS has a reply', () => {
    expect(routeAction('approve', '  Looks right ', item, off)).toEqual({ decide: { itemId: 'stage-1', result: 'Approve', justification: 'Looks right' } });
    expect(routeAction('deny', 'No ticket', item, oneClick)).toEqual({ decide: { itemId: 'stage-1', result: 'Deny', justification: 'No ticket' } });
  });

  it('uses the default justification when one-click decisions are on', () => {
    expect(routeAction('approve', undefined, item, oneClick)).toEqual({ decide: { itemId: 'stage-1', result: 'Approve', justification: 'Routine, ticket checked' } });
    expect(routeAction('deny', '   ', item, oneClick)).toEqual({ decide: { itemId: 'stage-1', result: 'Deny', justification: 'Routine, ticket checked' } });
  });

  it('never decides a High-privilege request from a notification: the dialog opens on it, a reply pre-filled', () => {
    for (const high of [owner, globalAdmin]) {
      expect(routeAction('approve', undefined, high, oneClick)).toEqual({ openWindow: { itemId: high.id, decision: 'Approve', focusJustification: true } });
      expect(routeAction('deny', 'Typed reply', high, oneClick)).toEqual({ openWindow: { itemId: high.id, decision: 'Deny', focusJustification: true, justification: 'Typed reply' } });
    }
  });

  it('a template with placeholders is filled in the window, not sent as written', () => {
    expect(routeAction('approve', undefined, item, { oneClick: true, defaultJustification: 'Approved for {ticket}' })).toEqual({
      openWindow: { itemId: 'stage-1', decision: 'Approve', focusJustification: true },
    });
  });

  it('otherwise opens the window on the request with the decision chosen', () => {
    const open = { openWindow: { itemId: 'stage-1', decision: 'Approve', focusJustification: true } };
    expect(routeAction('approve', undefined, item, off)).toEqual(open);
    expect(routeAction('approve', undefined, item, { oneClick: false, defaultJustification: 'set but off' })).toEqual(open);
    expect(routeAction('approve', undefined, item, { oneClick: true, defaultJustification: '  ' })).toEqual(open);
    expect(routeAction('deny', '', item, off)).toEqual({ openWindow: { itemId: 'stage-1', decision: 'Deny', focusJustification: true } });
  });

  it('opens the request on a click, pre-filling a reply typed without a decision', () => {
    expect(routeAction('open', undefined, item, oneClick)).toEqual({ openWindow: { itemId: 'stage-1', decision: null, focusJustification: false } });
    expect(routeAction('open', 'typed', item, off)).toEqual({ openWindow: { itemId: 'stage-1', decision: null, focusJustification: true, justification: 'typed' } });
  });

  it('never decides a request that cannot be decided here or is gone', () => {
    const portal = { ...item, id: 'stage-2', actionable: false };
    expect(routeAction('approve', 'text', portal, oneClick)).toEqual({ openWindow: { itemId: 'stage-2', decision: null, focusJustification: false } });
    expect(routeAction('approve', 'text', null, oneClick)).toEqual({ openWindow: { itemId: null, decision: null, focusJustification: false } });
    expect(routeAction('open', undefined, null, off)).toEqual({ openWindow: { itemId: null, decision: null, focusJustification: false } });
  });

  it('keeps a justification within the contract bounds', () => {
    const long = '😀'.repeat(1500); // 3000 UTF-16 units
    const routed = routeAction('approve', long, item, off);
    expect('decide' in routed && routed.decide.justification.length).toBe(2000);
  });
});
