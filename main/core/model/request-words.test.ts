import { describe, expect, it } from 'vitest';
import { durationMs, humanizeDuration, isExtendOrRenew, requestStatusLabel, requestTypeLabel, stageStatusLabel } from './request-words';

describe('request words', () => {
  it('says ISO durations as the window does', () => {
    expect(humanizeDuration('PT2H')).toBe('2 h');
    expect(humanizeDuration('PT1H30M')).toBe('1 h 30 min');
    expect(humanizeDuration('P1D')).toBe('1 day');
    expect(humanizeDuration('P2DT4H')).toBe('2 days 4 h');
    expect(humanizeDuration('P1W')).toBe('7 days');
    expect(humanizeDuration('PT20S')).toBe('under 1 min');
    expect(humanizeDuration(null)).toBe('not set');
  });

  it('shows an unreadable duration raw', () => {
    expect(humanizeDuration('eight hours')).toBe('eight hours');
    expect(humanizeDuration('P')).toBe('P');
    expect(humanizeDuration('PT')).toBe('PT');
    expect(durationMs('P1DT')).toBeNull();
    expect(durationMs('pt8h')).toBe(8 * 3600_000);
  });

  it('names request types, stage and request statuses; unknown values raw, never a prototype key', () => {
    expect(requestTypeLabel('SelfActivate')).toBe('Activation');
    expect(requestTypeLabel('SelfTeleport')).toBe('SelfTeleport');
    expect(requestTypeLabel('constructor')).toBe('constructor');
    expect(requestTypeLabel('')).toBe('Unknown type');
    expect(stageStatusLabel('InProgress')).toBe('In progress');
    expect(stageStatusLabel('toString')).toBe('toString');
    expect(requestStatusLabel('PendingApproval')).toBe('Waiting for approval');
    expect(requestStatusLabel('Canceled')).toBe('Cancelled');
    expect(requestStatusLabel('Frozen')).toBe('Frozen');
    expect(isExtendOrRenew('SelfRenew')).toBe(true);
    expect(isExtendOrRenew('SelfActivate')).toBe(false);
  });
});
