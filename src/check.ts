import type { Commentary, Month, Problem, Workspace } from './types.js';
import type { Assessed } from './assess/types.js';
import type { Disclosed } from './disclose/types.js';
import { InputError, formatProblem, formatProblemWithFigures } from './errors.js';
import { assessMonth } from './assess/index.js';
import { disclose } from './disclose/index.js';
import { checkCommentary } from './commentary/checks.js';
import { monthName } from './format.js';

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
* The one checker for a month: assess, disclose and check the commentary. `build` and
 * `validate --month` both call it, so `validate --month` fails exactly where `build --strict`
 * would. With `strict`, a public warning is an error; one that needed a hidden figure never is,
 * so the exit status says nothing Part 1 does not. Throws InputError. The workspace was loaded for
 * this month (load/config.ts), so it has a meeting.
 */
export async function checkMonth(ws: Workspace, month: Month, strict: boolean, loadWarnings: Problem[]): Promise<CheckedMonth> {
  const assessed = assessMonth(ws, month);
  const disclosed = await disclose(ws, assessed);
  // Text that would publish a hidden figure is an input error whatever the options.
  const leaks = disclosed.warnings.filter((p) => p.severity === 'error');
  if (leaks.length > 0) throw new InputError(leaks);
  const commentary: Commentary | undefined = ws.commentary.get(month);
  const checkedCommentary = checkCommentary({ ws, month, assessed, publicView: disclosed.public, commentary });
  // When no indicator has a figure for the month at all (the extract does not reach it), one line
  // says so instead of one per indicator. Decided from what the paper will show, so a figure that
  // is still current for the month (an annual one) counts.
  const noFigures = assessed.assessments.length > 0 && assessed.assessments.every((a) => a.current === null);
  const assessWarnings = noFigures ? [] : assessed.warnings;
  const all: Problem[] = [
    ...loadWarnings,
    ...(noFigures ? [{ file: ws.config.paths.outturns, message: `no outturns for ${monthName(month)} (${month})`, hint: 'check the extract covers the month; every indicator will show "No data"', severity: 'warning' as const }] : []),
    ...disclosed.warnings,
    ...checkedCommentary.problems,
  ];
  const problems = all.filter((p) => !p.exempt);
  const hidden = [...all.filter((p) => p.exempt), ...checkedCommentary.exempt];
  const warnings = [...assessWarnings, ...problems.map((p) => formatProblem(p))];
  if (strict && warnings.length > 0) {
    throw new InputError(
      [...assessWarnings.map((w): Problem => ({ file: '', message: w, severity: 'error' })), ...problems.map((p) => ({ ...p, severity: 'error' as const }))],
      'warnings are errors with --strict',
    );
  }
  return { month, assessed, disclosed, commentary, warnings, exemptWarnings: hidden.map((p) => formatProblemWithFigures(p)) };
}
