import { describe, expect, it } from 'vitest';
import type { OutboxEntryDto } from '../../../preload/api';
import { accountStanding, cloudLabel, removeConsequences, sourceLabel, tenantTitle, waitingDecisions } from './account-words';

const entry = (id: string, accountId: string | undefined, state: OutboxEntryDto['state']): OutboxEntryDto => ({
  id,
  itemId: `stage-${id}`,
  kind: 'azureResource',
  requestId: null,
  result: 'Approve',
  state,
  message: null,
  attempts: 0,
  sendAt: null,
  undoable: false,
  undoBlocked: null,
  summary: { role: 'Owner', scope: 'Prod-Payments', requester: 'Ada Lovelace' },
  createdAt: '2026-01-05T12:00:00.000Z',
  updatedAt: '2026-01-05T12:00:00.000Z',
  ...(accountId === undefined ? {} : { accountId }),
});

describe('account words', () => {
  it('names each source and cloud', () => {
    expect([sourceLabel('app'), sourceLabel('azure-cli'), sourceLabel('demo')]).toEqual(['Signed in with this app', 'Azure CLI sign-in', 'Demo tenant']);
    expect([cloudLabel('public'), cloudLabel('usgov'), cloudLabel('china')]).toEqual(['Azure', 'Azure US Government', 'Azure China']);
  });
  it('says how an account stands in words, offline and problems included', () => {
    expect(accountStanding({ status: 'signed-in', connection: 'online' })).toEqual({ words: 'Signed in', tone: 'ok' });
    expect(accountStanding({ status: 'signed-in', connection: 'offline' })).toEqual({ words: 'Signed in · offline', tone: 'off' });
    expect(accountStanding({ status: 'signed-in', connection: 'error' }).tone).toBe('problem');
    expect(accountStanding({ status: 'signed-out', connection: 'signed-out' })).toEqual({ words: 'Signed out', tone: 'off' });
    expect(accountStanding({ status: 'error', connection: 'error' }).words).toBe('Problem');
  });
  it('heads an account by its tenant name, else the tenant id', () => {
    expect(tenantTitle({ tenant: { id: 't-1', name: 'Fabrikam' } })).toBe('Fabrikam');
    expect(tenantTitle({ tenant: { id: 't-1', name: '' } })).toBe('t-1');
  });
  it('counts only this account’s decisions still to send', () => {
    const decisions = [entry('1', 'a', 'queued'), entry('2', 'a', 'sending'), entry('3', 'a', 'done'), entry('4', 'b', 'queued'), entry('5', undefined, 'queued')];
    expect(waitingDecisions('a', decisions)).toBe(2);
    expect(waitingDecisions('c', decisions)).toBe(0);
    expect(waitingDecisions('a', undefined)).toBe(0);
  });
  it('says before removing what stays and what goes', () => {
    const fabrikam = { tenant: { id: 't-f', name: 'Fabrikam' }, source: 'app' as const };
    const words = removeConsequences(fabrikam, 2);
    expect(words.stays).toBe('2 decisions not yet sent stay in Outbox & history and are sent after you add Fabrikam again and sign in. Nothing changes in Azure.');
    expect(words.goes).toBe('Its requests leave the queue, the copy kept for offline use is deleted, and its sign-in on this computer (tokens) is deleted.');
    expect(removeConsequences(fabrikam, 1).stays).toMatch(/^1 decision not yet sent stays in Outbox & history and is sent after/);
    expect(removeConsequences({ ...fabrikam, source: 'azure-cli' }, 0).goes).toContain('your az login stays');
  });
});
