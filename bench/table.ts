/**
 * The benchmark figures' shape and their one table: each figure with its goal, the ratio
 * to that goal and a verdict. Pure (no I/O, no clock) so it is unit-tested and the README
 * table and the terminal table are the same text. Never decides the exit code itself; it
 * only says which figures are correctness figures that failed.
 */

/** `<=`: at most the target; `=`: exactly it; `>=`: at least it. */
export type GoalOp = '<=' | '=' | '>=';

export interface Goal {
  op: GoalOp;
  target: number;
}

export interface Figure {
  /** The benchmark file that measured it, e.g. 'poll-cost'. */
  bench: string;
  /** What was measured, in words a reader of the README understands. */
  name: string;
  /** null when the figure could not be measured in this run (the note says why). */
  value: number | null;
  unit: string;
  /** null for a figure shown for context only. */
  goal: Goal | null;
  /**
   * A correctness figure (decisions lost or duplicated): missing its goal fails the run,
   * where a missed performance goal is only reported.
   */
  correctness?: boolean;
  /** Stand-ins, reduced forms, how it was measured. */
  note?: string;
}

export type Verdict = 'ok' | 'miss' | 'FAIL' | 'n/a';

/**
 * value / target, so 1.00 is "exactly on the goal" and below 1 is better for `<=` goals.
 * null when there is no ratio to give (no goal, no value, or a zero target).
 */
export function ratioToGoal(figure: Pick<Figure, 'value' | 'goal'>): number | null {
  if (figure.value === null || figure.goal === null || figure.goal.target === 0) return null;
  return figure.value / figure.goal.target;
}

export function meetsGoal(figure: Pick<Figure, 'value' | 'goal'>): boolean | null {
  if (figure.value === null || figure.goal === null) return null;
  const { op, target } = figure.goal;
  if (op === '<=') return figure.value <= target;
  if (op === '>=') return figure.value >= target;
  return figure.value === target;
}

export function verdict(figure: Figure): Verdict {
  const met = meetsGoal(figure);
  // An unmeasured correctness figure is a failure: "we do not know" is not "zero lost".
  if (met === null) return figure.correctness && figure.goal !== null ? 'FAIL' : 'n/a';
  if (met) return 'ok';
  return figure.correctness ? 'FAIL' : 'miss';
}

/** Correctness figures that failed: any of them makes the full run exit non-zero. */
export function failedCorrectness(figures: readonly Figure[]): Figure[] {
  return figures.filter((f) => f.correctness && verdict(f) === 'FAIL');
}

/** Three significant digits for small numbers, thousands separators for large ones. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatValue(figure: Pick<Figure, 'value' | 'unit'>): string {
  if (figure.value === null) return '—';
  return figure.unit ? `${formatNumber(figure.value)} ${figure.unit}` : formatNumber(figure.value);
}

export function formatGoal(figure: Pick<Figure, 'goal' | 'unit'>): string {
  if (figure.goal === null) return '—';
  const op = figure.goal.op === '<=' ? '≤' : figure.goal.op === '>=' ? '≥' : '=';
  return `${op} ${formatNumber(figure.goal.target)}${figure.unit ? ` ${figure.unit}` : ''}`;
}

export function formatRatio(figure: Pick<Figure, 'value' | 'goal'>): string {
  const ratio = ratioToGoal(figure);
  return ratio === null ? '—' : `${ratio.toFixed(2)}×`;
}

const HEADER = ['benchmark', 'figure', 'value', 'goal', 'ratio', 'verdict'] as const;

/** One row of cells per figure, in the order of HEADER. */
export function tableRows(figures: readonly Figure[]): string[][] {
  return figures.map((f) => [f.bench, f.note ? `${f.name} (${f.note})` : f.name, formatValue(f), formatGoal(f), formatRatio(f), verdict(f)]);
}

/**
 * A Markdown table padded to align in a terminal too; pipes inside cells are escaped so a
 * note can never break the table.
 */
export function formatTable(figures: readonly Figure[]): string {
  const body = tableRows(figures).map((row) => row.map(escapeCell));
  const rows = [[...HEADER], ...body];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  // value, goal and ratio are numbers: right-aligned reads better and Markdown says so with ':'.
  const right = new Set([2, 3, 4]);
  const pad = (cell: string, i: number) => {
    const gap = ' '.repeat((widths[i] ?? 0) - [...cell].length);
    return right.has(i) ? gap + cell : cell + gap;
  };
  const line = (r: string[]) => `| ${r.map(pad).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(rows[0] ?? []), rule, ...body.map(line)].join('\n');
}

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

export interface BenchReport {
  mode: 'quick' | 'full';
  startedAt: string;
  durationMs: number;
  figures: Array<Figure & { ratio: number | null; verdict: Verdict }>;
  /** Benchmarks that threw: the harness itself failed. */
  errors: Array<{ bench: string; message: string }>;
}

/** The --json payload: the figures plus their derived ratio and verdict. */
export function toReport(mode: 'quick' | 'full', startedAt: Date, durationMs: number, figures: readonly Figure[], errors: BenchReport['errors']): BenchReport {
  return {
    mode,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(durationMs),
    figures: figures.map((f) => ({ ...f, ratio: ratioToGoal(f), verdict: verdict(f) })),
    errors: [...errors],
  };
}
