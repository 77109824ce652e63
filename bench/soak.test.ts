/**
 * The soak reads the outbox crash harness's summary line; this pins the wording it
 * understands, so a change there shows here instead of as an unreadable soak figure.
 */
import { describe, expect, it } from 'vitest';
import { parseCrashLine } from './soak';

describe('parseCrashLine', () => {
  it('reads the crash harness summary', () => {
    const line =
      'crash test: seed 53428041, 10 kill cycles (8 landed mid-flight, 8 of them after the write reached the simulator; 2 at random times), ' +
      '30 decisions checked (10 azureResource, 10 entraRole, 10 group), 0 duplicates, 0 lost, 30 writes sent (0 re-sends refused or faulted), 17.8 s';
    expect(parseCrashLine(`noise\n${line}\nmore`)).toEqual({ cycles: 10, midFlight: 8, afterWrite: 8, decisions: 30, duplicates: 0, lost: 0, writes: 30, seconds: 17.8 });
    // The wording before the decisions carried kinds still reads.
    expect(parseCrashLine(line.replace(' (10 azureResource, 10 entraRole, 10 group)', ''))?.decisions).toBe(30);
  });

  it('gives null when the line is missing', () => {
    expect(parseCrashLine('Tests 1 failed')).toBeNull();
  });
});
