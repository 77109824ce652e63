import { describe, expect, it } from 'vitest';
import type { QueueItemDto } from '../../../preload/api';
import { queueItem } from '../../../test/kit/item-fixture';
import { groupRequests } from './grouping';

const jordan = { id: 'p-jordan', displayName: 'Jordan Lee', upn: 'jordan@x' };
const priya = { id: 'p-priya', displayName: 'Priya Natarajan', upn: 'priya@x' };
const item = (n: number, ticket: string | null, requester = jordan): QueueItemDto => queueItem(n, { ticket: { number: ticket, system: null }, requester });

describe('groupRequests', () => {
  const shown = [item(1, 'CHG0031337'), item(2, null, priya), item(3, 'CHG0031337', priya), item(4, 'CHG0031337'), item(5, 'INC1')];
  it('groups by ticket in list order, naming who asked', () => {
    expect(groupRequests(shown, 'ticket').map((g) => [g.label, g.items.map((i) => i.id.slice(-3))])).toEqual([
      ['3 requests for CHG0031337 · Jordan Lee and 1 other', ['s-1', 's-3', 's-4']],
      ['1 request without a ticket · Priya Natarajan', ['s-2']],
      ['1 request for INC1 · Jordan Lee', ['s-5']],
    ]);
  });
  it('groups by requester', () => {
    expect(groupRequests(shown, 'requester').map((g) => [g.label, g.items.length])).toEqual([
      ['3 requests from Jordan Lee', 3],
      ['2 requests from Priya Natarajan', 2],
    ]);
  });
  it('holds exactly the items it was given, nothing hidden by a filter', () => {
    const groups = groupRequests(shown.slice(0, 2), 'ticket');
    expect(groups.flatMap((g) => g.items)).toEqual(shown.slice(0, 2));
    expect(groupRequests(shown, 'none')).toEqual([]);
  });
  it('never groups across tenants, and names the tenant first when tenants are named', () => {
    const contoso = { id: 't-c', name: 'Contoso' };
    const fabrikam = { id: 't-f', name: 'Fabrikam' };
    const both = [{ ...item(1, 'CHG7'), tenant: contoso }, { ...item(2, 'CHG7'), tenant: fabrikam }, { ...item(3, 'CHG7'), tenant: contoso }];
    expect(groupRequests(both, 'ticket', true).map((g) => [g.label, g.items.map((i) => i.id.slice(-3))])).toEqual([
      ['Contoso · 2 requests for CHG7 · Jordan Lee', ['s-1', 's-3']],
      ['Fabrikam · 1 request for CHG7 · Jordan Lee', ['s-2']],
    ]);
    expect(groupRequests(both, 'requester').map((g) => g.label)).toEqual(['2 requests from Jordan Lee', '1 request from Jordan Lee']);
  });
});
