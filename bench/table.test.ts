/**
 * The benchmark table: ratios, verdicts (a missed performance goal is reported, a failed
 * correctness figure fails the run), number formatting and the Markdown layout.
 */
import { describe, expect, it } from 'vitest';
import { failedCorrectness, formatNumber, formatTable, meetsGoal, ratioToGoal, toReport, verdict, type Figure } from './table';

const fig = (over: Partial<Figure>): Figure => ({ bench: 'b', name: 'n', value: 1, unit: 'ms', goal: { op: '<=', target: 2 }, ...over });

describe('ratio and verdict', () => {
  it('gives value / target and judges by the goal operator', () => {
    expect(ratioToGoal(fig({ value: 1, goal: { op: '<=', target: 4 } }))).toBe(0.25);
    expect(meetsGoal(fig({ value: 5, goal: { op: '<=', target: 4 } }))).toBe(false);
    expect(meetsGoal(fig({ value: 4, goal: { op: '<=', target: 4 } }))).toBe(true);
    expect(meetsGoal(fig({ value: 1, goal: { op: '=', target: 1 } }))).toBe(true);
    expect(meetsGoal(fig({ value: 1.5, goal: { op: '=', target: 1 } }))).toBe(false);
    expect(meetsGoal(fig({ value: 3, goal: { op: '>=', target: 2 } }))).toBe(true);
  });

  it('has no ratio for a zero target, a missing goal or a missing value', () => {
    expect(ratioToGoal(fig({ value: 0, goal: { op: '=', target: 0 } }))).toBeNull();
    expect(ratioToGoal(fig({ goal: null }))).toBeNull();
    expect(ratioToGoal(fig({ value: null }))).toBeNull();
  });

  it('reports a missed performance goal as a miss but a missed correctness goal as a failure', () => {
    expect(verdict(fig({ value: 3 }))).toBe('miss');
    expect(verdict(fig({ value: 1, goal: { op: '=', target: 0 }, correctness: true }))).toBe('FAIL');
    expect(verdict(fig({ value: 0, goal: { op: '=', target: 0 }, correctness: true }))).toBe('ok');
    expect(verdict(fig({ goal: null }))).toBe('n/a');
  });

  it('treats an unmeasured correctness figure as a failure, never as zero', () => {
    const unknown = fig({ value: null, goal: { op: '=', target: 0 }, correctness: true });
    expect(verdict(unknown)).toBe('FAIL');
    expect(failedCorrectness([unknown, fig({ value: 9 })])).toEqual([unknown]);
  });
});

describe('formatting', () => {
  it('keeps about three significant digits and separates thousands', () => {
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(formatNumber(12.345)).toBe('12.3');
    expect(formatNumber(1.2345)).toBe('1.23');
    expect(formatNumber(0.12345)).toBe('0.123');
    expect(formatNumber(123.45)).toBe('123');
  });

  it('prints one aligned Markdown table with goal, ratio and verdict', () => {
    const text = formatTable([
      fig({ bench: 'poll-cost', name: 'calls per poll', value: 1, unit: 'calls', goal: { op: '=', target: 1 } }),
      fig({ bench: 'soak', name: 'lost', value: 0, unit: '', goal: { op: '=', target: 0 }, correctness: true, note: 'a | b' }),
      fig({ bench: 'heap', name: 'growth', value: null, unit: 'MB', note: 'child failed' }),
    ]);
    const lines = text.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^\| benchmark +\| figure +\| +value \| +goal \| +ratio \| verdict \|$/);
    expect(lines[1]).toMatch(/^\|-+\|-+\|-+:\|-+:\|-+:\|-+\|$/);
    expect(lines[2]).toContain('| 1 calls |');
    expect(lines[2]).toContain('= 1 calls');
    expect(lines[2]).toContain('1.00×');
    expect(lines[3]).toContain('lost (a \\| b)');
    expect(lines[3]).toContain('| ok ');
    expect(lines[4]).toContain('—');
    // Every row is as wide as the header: the columns line up in a terminal.
    const widths = new Set(lines.map((l) => [...l].length));
    expect(widths.size).toBe(1);
  });

  it('adds ratio and verdict to the JSON report', () => {
    const report = toReport('quick', new Date(0), 1234.4, [fig({ value: 1, goal: { op: '<=', target: 2 } })], []);
    expect(report).toMatchObject({ mode: 'quick', startedAt: '1970-01-01T00:00:00.000Z', durationMs: 1234, errors: [] });
    expect(report.figures[0]).toMatchObject({ ratio: 0.5, verdict: 'ok' });
  });
});
