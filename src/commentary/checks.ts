import type { Assessed } from '../assess/types.js';
import type { PublicView } from '../disclose/types.js';
import type { Commentary, Month, Problem, Workspace } from '../types.js';
import { commentaryFindings, type CommentaryFinding, type Field, type PendingReason } from './rule.js';

const WHY: Record<PendingReason, { what: (many: boolean, field: Field) => string; hint: string }> = {
  missing: {
    what: (many) => `${many ? 'have' : 'has'} no commentary; the papers say "Commentary to follow."`,
    hint: 'write it in the file, or run `scrutiny-report commentary` for a stub',
  },
  placeholder: {
    what: (many, field) => `${many ? 'still hold' : 'still holds'} the stub's "[Officer to add: …]" ${field} text, which is never printed; the papers say "Commentary to follow."`,
    hint: 'replace the stub text with your own words, or delete an exempt stub if there is nothing to add',
  },
  carried_over: {
    what: (_many, field) => `${field} text was carried over from an earlier month and is not printed until reviewed; the papers say "Commentary to follow."`,
    hint: 'read it, edit it as needed, then remove `carried_over`',
  },
  stale: {
    what: (_many, field) => `${field} text was drafted from figures that have since changed and is not printed; the papers say "Commentary to follow."`,
    hint: 'review the text, then remove the `stale` mark',
  },
};

/**
 * "Indicator 20 (Stability …)" for one; "Indicators 3, 20 and 22" for several, three or more numbers
 * in a row written as a range ("Indicators 3 and 20–23"), so that a workspace of 200 indicators
 * with no commentary yet reads "Indicators 1–200", not a line of 200 numbers.
 */
function whichIndicators(ws: Workspace, ids: string[]): string {
  const byId = new Map(ws.catalogue.indicators.map((i) => [i.id, i]));
  if (ids.length === 1) {
    const ind = byId.get(ids[0]);
    return `Indicator ${ind?.number ?? '?'} (${ind?.title ?? ids[0]})`;
  }
  const items: string[] = [];
  let run: number[] = [];
  const endRun = () => {
    if (run.length >= 3) items.push(`${run[0]}–${run.at(-1)}`);
    else items.push(...run.map(String));
    run = [];
  };
  for (const id of ids) {
    const number = byId.get(id)?.number;
    if (number === undefined) {
      endRun();
      items.push(id);
    } else {
      if (run.length > 0 && number !== run.at(-1)! + 1) endRun();
      run.push(number);
    }
  }
  endRun();
  if (items.length === 1) return `Indicators ${items[0]}`;
  return `Indicators ${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** One line per reason and text, however many indicators share it. */
function summarise(ws: Workspace, month: Month, findings: CommentaryFinding[]): Problem[] {
  const groups = new Map<string, CommentaryFinding[]>();
  for (const f of findings) groups.set(`${f.reason}:${f.field}`, [...(groups.get(`${f.reason}:${f.field}`) ?? []), f]);
  return [...groups.values()].map((group) => {
    const { reason, field } = group[0];
    const ids = [...new Set(group.map((f) => f.indicator))];
    return {
      file: `${ws.config.paths.commentary}/${month}.yaml`,
      message: `${whichIndicators(ws, ids)} ${WHY[reason].what(ids.length > 1, field)}`,
      hint: WHY[reason].hint,
      severity: 'warning' as const,
    };
  });
}

/**
 * The month's commentary checked against the rule. `problems` are Part 1's to know (they go to
 * stderr, `--json` and fail `--strict`); `exempt` needed a hidden figure to find and belongs only
 * in the exempt manifest, Part 2 and an interactive terminal.
 */
export function checkCommentary(args: { ws: Workspace; month: Month; assessed: Assessed; publicView: PublicView; commentary: Commentary | undefined }): {
  problems: Problem[];
  exempt: Problem[];
} {
  const findings = commentaryFindings({
    assessments: args.assessed.assessments,
    publicAssessments: args.publicView.assessments,
    exceptions: args.assessed.exceptions,
    publicExceptions: args.publicView.exceptions,
    commentary: args.commentary,
  });
  return {
    problems: summarise(args.ws, args.month, findings.filter((f) => !f.hidden)),
    exempt: summarise(args.ws, args.month, findings.filter((f) => f.hidden)),
  };
}
