import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Month } from '../types.js';
import { UsageError, formatProblem, formatProblemWithFigures } from '../errors.js';
import { loadWorkspace } from '../load/index.js';
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
}

/** `scrutiny-report validate`: every problem in one pass, located; nothing is built or written. */
export async function validate(opts: ValidateOptions = {}): Promise<ValidateResult> {
  const cwd = opts.cwd ?? process.cwd();
  const resolved = resolveWorkspace(opts.workspace, cwd);
  if (resolved.notice) opts.onNotice?.(resolved.notice);
  if (opts.workspace && !existsSync(join(resolved.dir, 'scrutiny.yaml'))) {
    throw new UsageError(`--workspace ${opts.workspace}: no scrutiny.yaml there`);
  }
  const result = await loadWorkspace(resolved.dir, { isSample: resolved.isSample, month: opts.month, keepOutturns: false });
  const figures = opts.showFigures ?? false;
  const problems = result.ok ? [] : result.problems.map((p) => (figures ? formatProblemWithFigures : formatProblem)(p));
  if (result.ok && opts.month && !result.workspace.config.meetings[opts.month]) {
    problems.push(formatProblem({ file: 'scrutiny.yaml', message: `meetings: no entry for ${opts.month}`, hint: `add "${opts.month}": { date: YYYY-MM-DD, report_number: … } under meetings`, severity: 'error' }));
  }
  const warnings = result.warnings.filter((p) => figures || !p.exempt).map((p) => (figures ? formatProblemWithFigures : formatProblem)(p));
  return { ok: problems.length === 0, workspace: resolved.dir, problems, warnings };
}
