import type { Commentary, Month, Problem, Workspace } from './types.js';
import type { Assessed } from './assess/types.js';
import type { Disclosed } from './disclose/types.js';
import { InputError, formatProblem, formatProblemWithFigures } from './errors.js';
import { assessMonth } from './assess/index.js';
import { disclose } from './disclose/index.js';
import { checkCommentary } from './commentary/checks.js';

/** What one month's papers say, checked: everything but the HTML. */
export interface CheckedMonth {
  month: Month;
  assessed: Assessed;
  disclosed: Disclosed;
  commentary: Commentary | undefined;
  warnings: string[];
  /** Warnings that needed a figure Part 1 hides: for the exempt manifest and Part 2 only, never the exit status. */
  exemptWarnings: string[];
}

/**
 * Assess, disclose and check commentary for a month. With `strict`, a public warning is an error;
 * one that needed a hidden figure never is, so the exit status says nothing Part 1 does not. Throws InputError.
 */
export async function checkMonth(ws: Workspace, month: Month, strict: boolean, loadWarnings: Problem[]): Promise<CheckedMonth> {
  const { config } = ws;
  if (!config.meetings[month]) {
    throw new InputError([
      { file: 'scrutiny.yaml', message: `meetings: no entry for ${month}`, hint: `add "${month}": { date: YYYY-MM-DD, report_number: … } under meetings`, severity: 'error' },
    ]);
  }
  const assessed = assessMonth(ws, month);
  const disclosed = await disclose(ws, assessed);
  // Text that would publish a hidden figure is an input error whatever the options.
  const leaks = disclosed.warnings.filter((p) => p.severity === 'error');
  if (leaks.length > 0) throw new InputError(leaks);
  const commentary: Commentary | undefined = ws.commentary.get(month);
  const checkedCommentary = checkCommentary({ ws, month, assessed, publicView: disclosed.public, commentary });
  const all: Problem[] = [...loadWarnings, ...disclosed.warnings, ...checkedCommentary.problems];
  const problems = all.filter((p) => !p.exempt);
  const hidden = [...all.filter((p) => p.exempt), ...checkedCommentary.exempt];
  const warnings = [...assessed.warnings, ...problems.map((p) => formatProblem(p))];
  if (strict && warnings.length > 0) {
    throw new InputError(
      [...assessed.warnings.map((w): Problem => ({ file: '', message: w, severity: 'error' })), ...problems.map((p) => ({ ...p, severity: 'error' as const }))],
      'warnings are errors with --strict',
    );
  }
  return { month, assessed, disclosed, commentary, warnings, exemptWarnings: hidden.map((p) => formatProblemWithFigures(p)) };
}
