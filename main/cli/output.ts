/**
 * `-o/--output json|jsonc|table|tsv|none` as `az` has it (and `csv` where a command offers
 * it): which format a run asked for, and writing one result in it. `--json` stays an alias
 * of `-o json`. JSON is inert (inertJson); jsonc is the same JSON coloured when stdout is a
 * terminal; tsv is tab-separated values without a header, one row per line, each cell made
 * inert (one line, no tab inside); none writes nothing to stdout (the exit code and stderr
 * still say what happened). Never decides what a result contains: commands do.
 */
import type { CliIo, OptionValues } from './context';
import { colourJson } from './json-colour';
import { inertJson, inertText } from './inert-text';

export const STANDARD_FORMATS = ['json', 'jsonc', 'table', 'tsv', 'none'] as const;
export type OutputFormat = (typeof STANDARD_FORMATS)[number] | 'csv';

const ALL_FORMATS: readonly OutputFormat[] = [...STANDARD_FORMATS, 'csv'];

const isFormat = (v: string): v is OutputFormat => (ALL_FORMATS as readonly string[]).includes(v);

/** "json, jsonc, table, tsv or none". */
export function formatList(formats: readonly OutputFormat[]): string {
  return formats.length < 2 ? formats.join('') : `${formats.slice(0, -1).join(', ')} or ${formats.at(-1) ?? ''}`;
}

/** The run's format from -o/--output and --json, or why it cannot be used (a usage error). */
export function chooseOutput(values: OptionValues, accepted: readonly OutputFormat[] = STANDARD_FORMATS): { ok: true; format: OutputFormat } | { ok: false; error: string } {
  const asked = values.output;
  const json = values.json === true;
  if (typeof asked !== 'string') return { ok: true, format: json ? 'json' : 'table' };
  const format = asked.trim().toLowerCase();
  if (!isFormat(format) || !accepted.includes(format)) {
    const where = isFormat(format) ? ' here' : '';
    return { ok: false, error: `--output "${inertText(asked)}" is not available${where} (use ${formatList(accepted)}).` };
  }
  if (json && format !== 'json') return { ok: false, error: `--json means -o json; it cannot be combined with -o ${format}.` };
  return { ok: true, format };
}

/** JSON for json and jsonc: the machine-readable formats. */
export const isJson = (format: OutputFormat): boolean => format === 'json' || format === 'jsonc';

/** One result in every shape a command offers; only the asked one is built. */
export interface Result {
  json: () => unknown;
  /** Human text for `table` (ends with "\n"; may be empty). */
  table: () => string;
  /** Rows for `tsv`, cells in a documented order. */
  tsv: () => (string | number | boolean | null | undefined)[][];
  /** Only commands that accept `-o csv` give it. */
  csv?: () => string;
}

/** A tsv cell: one line, no tab, inert; null and undefined are empty (as az prints them). */
export function tsvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  return inertText(String(value));
}

export function tsvText(rows: readonly (readonly (string | number | boolean | null | undefined)[])[]): string {
  return rows.map((r) => `${r.map(tsvCell).join('\t')}\n`).join('');
}

/** Writes `result` to stdout in `format`; `colour` is whether stdout takes colour (a terminal). */
export function writeResult(io: CliIo, format: OutputFormat, result: Result): void {
  switch (format) {
    case 'none':
      return;
    case 'json':
      io.out(`${inertJson(result.json())}\n`);
      return;
    case 'jsonc': {
      const text = inertJson(result.json());
      io.out(`${io.colour ? colourJson(text) : text}\n`);
      return;
    }
    case 'tsv':
      io.out(tsvText(result.tsv()));
      return;
    case 'csv':
      // chooseOutput only lets csv through for commands that give it.
      io.out(result.csv ? result.csv() : '');
      return;
    case 'table':
      io.out(result.table());
      return;
  }
}
