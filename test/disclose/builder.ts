/**
 * In-memory workspaces and Assessed inputs for the disclosure tests: outturn rows in, the
 * figures assess would hand over out (current, previous, last year, 13-month trend, breakdowns).
 */
import { assessMonth } from '../../src/assess/index.js';
import type { Assessed } from '../../src/assess/types.js';
import { DEFAULT_DISCLOSURE } from '../../src/defaults.js';
import { stabilityIndicator, workspaceOf } from '../helpers/builders.js';
import type { Commentary, DisclosureRules, Indicator, LedgerRow, Month, Outturn, Workspace } from '../../src/types.js';

/** A count with no target (not rated) unless overridden: disclosure is about the figures, not the rating. */
export function unratedCount(over: Partial<Indicator> & Pick<Indicator, 'id'>): Indicator {
  return stabilityIndicator({ number: 1, title: over.id, section: 's', definition: '', why_important: '', unit: 'count', target: undefined, rag: undefined, ...over });
}

/** indicator,period,numerator,denominator,value,breakdown,category — as in outturns.csv. */
export type Row = [string, Month, number | null, number | null, number | null, string?, string?];

export function outturns(rows: Row[]): Outturn[] {
  return rows.map(([ind, period, numerator, denominator, value, breakdown, category], i) => ({
    indicator: ind,
    period,
    numerator,
    denominator,
    value,
    breakdown: breakdown ?? null,
    category: category ?? null,
    note: null,
    line: i + 2,
  }));
}

export interface WorkspaceSpec {
  indicators: Indicator[];
  rows: Row[];
  ledgers?: Record<Month, LedgerRow[]>;
  commentary?: Commentary[];
  disclosure?: Partial<DisclosureRules>;
  /** Months with a meeting: an earlier one without a ledger counts as published as its build would show it. */
  meetings?: Month[];
}

export function workspaceFromRows(spec: WorkspaceSpec): Workspace {
  return workspaceOf({
    indicators: spec.indicators,
    outturns: outturns(spec.rows),
    sections: [{ id: 's', title: 'S' }],
    config: {
      meetings: Object.fromEntries((spec.meetings ?? []).map((m) => [m, { date: `${m}-28`, report_number: `R${m}` }])),
      disclosure: { ...DEFAULT_DISCLOSURE, ...spec.disclosure },
    },
    commentary: spec.commentary,
    ledgers: spec.ledgers,
  });
}

/** What assess hands disclose for `month`: the real assessment, so these tests run the real pipeline. */
export function assess(ws: Workspace, month: Month): Assessed {
  return assessMonth(ws, month);
}

/** The shown text (or symbol) of one published figure. */
export function shown(figures: LedgerRow[], indicator: string, period: Month, field: LedgerRow['field'], breakdown = '', category = ''): string | undefined {
  return figures.find((f) => f.indicator === indicator && f.period === period && f.field === field && f.breakdown === breakdown && f.category === category)?.shown;
}

/** Breakdown rows for one count indicator: [category, count][]. */
export function countBreakdown(id: string, month: Month, breakdown: string, cats: [string, number][]): Row[] {
  return cats.map(([c, n]) => [id, month, n, null, null, breakdown, c]);
}
