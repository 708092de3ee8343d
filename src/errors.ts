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
  constructor(readonly problems: Problem[], message?: string) {
    super(message ?? `${problems.length} problem(s) with the inputs`);
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

/**
 * One readable line: `file:line:column  message (hint)`. The figures behind the message only with
 * `figures: true` (an interactive terminal, --show-figures, or a file under exempt/).
 */
export function formatProblem(p: Problem): string {
  return problemLine(p, false);
}

/** The line with the figures behind it: for an interactive terminal, --show-figures or exempt/ only. */
export function formatProblemWithFigures(p: Problem): string {
  return problemLine(p, true);
}

function problemLine(p: Problem, figures: boolean): string {
  const where = p.file ? [p.file, p.line, p.line !== undefined ? p.column : undefined].filter((x) => x !== undefined).join(':') : '';
  const message = figures && p.withFigures ? p.withFigures : p.message;
  const text = p.hint ? `${message} (${p.hint})` : message;
  return where ? `${where}  ${text}` : text;
}
