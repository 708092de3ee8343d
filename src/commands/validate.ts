import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Month, Problem } from '../types.js';
import { InputError, UsageError, formatProblem, formatProblemWithFigures } from '../errors.js';
import { loadWorkspace } from '../load/index.js';
import { countOf } from '../load/problems.js';
import { resolveWorkspace } from '../paths.js';

export interface ValidateOptions {
  workspace?: string;
  month?: Month;
  cwd?: string;
  /**
   * Problems with their figures, and the warnings that needed figures Part 1 may hide: for an
   * interactive terminal or --show-figures. Off them, the result names locations and rules only.
   */
  showFigures?: boolean;
  onNotice?: (line: string) => void;
}

export interface ValidateResult {
  ok: boolean;
  workspace: string;
  problems: string[];
  warnings: string[];
  /** True counts: a line may stand for several problems of a kind, and past 50 lines the rest are only counted. */
  problem_count: number;
  warning_count: number;
  /** How many problems no line stands for (past the cap of lines). */
  unlisted_problems: number;
  /** What was left out on purpose (rows for indicators not in the catalogue); never a failure. */
  notices: string[];
}

/**
 * `scrutiny-report validate`: every problem in one pass, located; nothing is built or written.
 * With `--month`, also every check `build --strict` makes for that month, by the same code
 * (`checkMonth`), so the two pass and fail together with the same lines.
 */
export async function validate(opts: ValidateOptions = {}): Promise<ValidateResult> {
  const cwd = opts.cwd ?? process.cwd();
  const resolved = resolveWorkspace(opts.workspace, cwd);
  if (resolved.notice) opts.onNotice?.(resolved.notice);
  if (opts.workspace && !existsSync(join(resolved.dir, 'scrutiny.yaml'))) {
    throw new UsageError(`--workspace ${opts.workspace}: no scrutiny.yaml there`);
  }
  // Without a month nothing is assessed, so rows need not be kept: a huge extract streams.
  const result = await loadWorkspace(resolved.dir, { isSample: resolved.isSample, month: opts.month, keepOutturns: opts.month !== undefined });
  const figures = opts.showFigures ?? false;
  const format = (p: Problem) => (figures ? formatProblemWithFigures : formatProblem)(p);
  const done = (problems: Problem[], problemCount: number, warnings: Problem[], warningCount: number): ValidateResult => {
    const shownWarnings = warnings.filter((p) => figures || !p.exempt);
    return {
      ok: problemCount === 0,
      workspace: resolved.dir,
      problems: problems.map(format),
      warnings: shownWarnings.map(format),
      problem_count: problemCount,
      warning_count: warningCount,
      unlisted_problems: problemCount - countOf(problems),
      notices: result.notices,
    };
  };
  if (!result.ok) return done(result.problems, result.problemCount, result.warnings, result.warningCount);
  if (opts.month === undefined) return done([], 0, result.warnings, result.warningCount);
  try {
    // Loaded only for --month: the month's check brings the disclosure engine and Markdown with it.
    const { checkMonth } = await import('../check.js');
    await checkMonth(result.workspace, opts.month, true, result.warnings);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // The load warnings are among the problems --strict makes of them: not listed twice.
    return done(e.problems, e.total, [], 0);
  }
  return done([], 0, result.warnings, result.warningCount);
}
