import { describe, expect, it } from 'vitest';
import { errorLine, roleOnScope, shortId, table, timeLeft } from './format';

describe('format', () => {
  const now = Date.parse('2026-01-05T12:00:00Z');
  it.each([
    ['2026-01-05T15:12:30Z', '3 h 12 min'],
    ['2026-01-05T12:45:00Z', '45 min'],
    ['2026-01-05T12:00:30Z', '0 min'],
    ['2026-01-05T12:00:00Z', 'time up'],
    ['2026-01-04T12:00:00Z', 'time up'],
    ['garbage', 'unknown'],
  ])('time left until %s is %s', (at, text) => {
    expect(timeLeft(at, now)).toBe(text);
  });

  it('pads columns except the last', () => {
    expect(table(['A', 'BB'], [['xxx', 'y']])).toBe('A    BB\nxxx  y\n');
  });

  it('short ids are the first 8 characters', () => {
    expect(shortId('0123456789abcdef')).toBe('01234567');
  });

  it('error lines are inert and carry code and client request id', () => {
    expect(errorLine({ kind: 'http', message: 'bad\u001b[31m thing\n', code: 'C', meta: { status: 400, clientRequestId: 'id-1', requestId: null, correlationId: null } })).toBe(
      'pim-approvals: bad thing  (code C; client request id id-1)\n',
    );
  });

  it('role on scope in the labels\' words per kind; an Azure scope without a name is named by its id, and inert', () => {
    const item = (kind: 'azureResource' | 'entraRole' | 'group', role: string, scope: { id: string; displayName: string }) => ({ kind, role: { id: 'r', displayName: role }, scope: { ...scope, type: '' } });
    expect(roleOnScope(item('azureResource', 'Owner', { id: '/subscriptions/s1', displayName: 'Prod' }))).toBe('Owner on Prod');
    expect(roleOnScope(item('azureResource', 'Owner', { id: '/subscriptions/s1', displayName: '' }))).toBe('Owner on /subscriptions/s1');
    expect(roleOnScope(item('azureResource', '\u001b[31m', { id: '', displayName: '\u202e' }))).toBe('(role) on (scope)');
    expect(roleOnScope(item('entraRole', 'Global Administrator', { id: '/', displayName: 'Directory' }))).toBe('Global Administrator (Entra ID)');
    expect(roleOnScope({ ...item('group', 'Member', { id: 'g1', displayName: 'Fin\u202eance' }), access: 'member' })).toBe('Member of Finance (group)');
  });
});
