import { plural } from './format.js';
import type { Problem } from './types.js';

/**
 * Errors that say which exit code they mean. The CLI is the one place that catches them
 * (SPEC: 1 inputs wrong, 2 usage, 3 environment).
 */
export abstract class ScrutinyError extends Error {
  abstract readonly exitCode: 1 | 2 | 3;
}

/** The inputs are wrong: validation problems, an audit that cannot be satisfied, --strict warnings. */
export class InputError extends ScrutinyError {
  readonly exitCode = 1 as const;
  /** How many problems there are in all: the lines stand for more when repeats were collapsed or left out. */
  readonly total: number;
  /** Print every line, not the first few: each names something the person must see (a refused ledger's figures). */
  readonly all: boolean;
  constructor(readonly problems: Problem[], message?: string, total?: number, options: { all?: boolean } = {}) {
    const n = total ?? problems.reduce((sum, p) => sum + (p.count ?? 1), 0);
    super(message ?? `${plural(n, 'problem')} with the inputs`);
    this.total = n;
    this.all = options.all ?? false;
  }
}

/** A bad flag or month. */
export class UsageError extends ScrutinyError {
  readonly exitCode = 2 as const;
}

/** No browser, a folder that cannot be written, a browser crash. */
export class EnvironmentError extends ScrutinyError {
  readonly exitCode = 3 as const;
}

/** Spreadsheet column letters: 1 → A, 27 → AA. */
export function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/** `line:column` in a text file, `Sheet!C92` in a workbook. */
function position(p: Pick<Problem, 'sheet' | 'line' | 'column'>): string {
  if (p.sheet !== undefined) return `${p.sheet}!${p.column !== undefined ? columnLetters(p.column) : ''}${p.line ?? ''}`;
  return [p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':');
}

/**
 * One readable line: `file:line:column  message (hint)`; a collapsed repeat says how many and where
 * the last is. The figures behind the message only with `figures: true` (an interactive terminal,
 * --show-figures, or a file under exempt/).
 */
export function formatProblem(p: Problem): string {
  return problemLine(p, false);
}

/** The line with the figures behind it: for an interactive terminal, --show-figures or exempt/ only. */
export function formatProblemWithFigures(p: Problem): string {
  return problemLine(p, true);
}

function problemLine(p: Problem, figures: boolean): string {
  const at = position(p);
  const where = p.file ? (at ? `${p.file}:${at}` : p.file) : '';
  const message = figures && p.withFigures ? p.withFigures : p.message;
  const last = p.last && (p.last.line !== undefined || p.last.column !== undefined) ? `, the last at ${p.sheet !== undefined ? position({ ...p.last, sheet: p.sheet }) : `line ${p.last.line}`}` : '';
  const repeats = (p.count ?? 1) > 1 ? ` [${p.count} times${last}]` : '';
  const text = p.hint ? `${message}${repeats} (${p.hint})` : `${message}${repeats}`;
  return where ? `${where}  ${text}` : text;
}
