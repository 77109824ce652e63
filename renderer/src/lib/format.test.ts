import { describe, expect, it } from 'vitest';
import { durationMs, humanizeDuration, isUrgent, requestName, requestNameParts, requestTypeLabel, scopeKind, scopeLabel, timeLeft } from './format';

const now = Date.parse('2026-11-23T12:00:00Z');
const at = (min: number) => new Date(now + min * 60_000).toISOString();

describe('timeLeft', () => {
  it('counts down in hours and minutes', () => {
    expect(timeLeft(at(192), now)).toBe('3 h 12 min left');
    expect(timeLeft(at(59), now)).toBe('59 min left');
    expect(timeLeft(at(0.5), now)).toBe('under 1 min left');
    expect(timeLeft(at(-1), now)).toBe('expired');
    expect(timeLeft('not a date', now)).toBe('unknown');
  });
  it('is urgent under one hour', () => {
    expect(isUrgent(at(59), now)).toBe(true);
    expect(isUrgent(at(61), now)).toBe(false);
  });
});

describe('scopes', () => {
  it('reads the many spellings of a scope type', () => {
    expect(scopeKind('subscription')).toBe('subscription');
    expect(scopeKind('Microsoft.Resources/subscriptions')).toBe('subscription');
    expect(scopeKind('resourcegroup')).toBe('resource group');
    expect(scopeKind('managementgroup')).toBe('management group');
    expect(scopeKind('SomethingNew')).toBe('other');
  });
  it('names a request as role on scope', () => {
    expect(requestName({ role: { displayName: 'Owner' }, scope: { displayName: 'Prod-Payments', type: 'subscription' } })).toBe('Owner on Prod-Payments (subscription)');
    expect(requestName({ kind: 'azureResource', role: { displayName: 'Owner' }, scope: { displayName: '', type: 'subscription' } })).toBe('Owner');
    expect(scopeLabel({ displayName: 'x', type: 'SomethingNew' })).toBe('x (SomethingNew)');
  });
  it('names Entra ID roles and groups as the tray and notifications do', () => {
    const directory = { id: '/', displayName: 'Directory', type: 'directory' };
    expect(requestName({ kind: 'entraRole', role: { displayName: 'Global Administrator' }, scope: directory })).toBe('Global Administrator (Entra ID)');
    const finance = { id: 'g', displayName: 'Finance Admins', type: 'group' };
    expect(requestName({ kind: 'group', access: 'member', role: finance, scope: finance })).toBe('Member of Finance Admins (group)');
    expect(scopeKind('directory')).toBe('directory');
    expect(scopeKind('group')).toBe('group');
    expect(scopeLabel(directory)).toBe('Directory (Entra ID)');
    expect(scopeLabel(finance)).toBe('Finance Admins (group)');
  });
  it('gives each tenant name its own piece, for <bdi>', () => {
    expect(requestNameParts({ role: { displayName: 'Owner' }, scope: { displayName: 'Prod', type: 'subscription' } })).toEqual([
      { text: 'Owner', tenant: true },
      { text: ' on ', tenant: false },
      { text: 'Prod (subscription)', tenant: true },
    ]);
  });
});

describe('durations', () => {
  it('humanizes ISO 8601 durations', () => {
    expect(humanizeDuration('PT8H')).toBe('8 h');
    expect(humanizeDuration('PT1H30M')).toBe('1 h 30 min');
    expect(humanizeDuration('P1D')).toBe('1 day');
    expect(humanizeDuration('P2DT4H')).toBe('2 days 4 h');
    expect(humanizeDuration('PT45M')).toBe('45 min');
    expect(humanizeDuration('P1W')).toBe('7 days');
    expect(humanizeDuration(null)).toBe('not set');
  });
  it('shows unreadable durations raw', () => {
    expect(humanizeDuration('eight hours')).toBe('eight hours');
    expect(humanizeDuration('P')).toBe('P');
    expect(humanizeDuration('PT')).toBe('PT');
    expect(durationMs('P1DT')).toBeNull();
    expect(durationMs('PT8H')).toBe(8 * 3600_000);
  });
});

describe('request types', () => {
  it('names the known ones and keeps the unknown raw', () => {
    expect(requestTypeLabel('SelfActivate')).toBe('Activation');
    expect(requestTypeLabel('SelfRenew')).toBe('Renewal');
    expect(requestTypeLabel('SelfTeleport')).toBe('SelfTeleport');
    expect(requestTypeLabel('constructor')).toBe('constructor');
  });
});
