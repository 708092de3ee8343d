/**
 * In-memory workspaces and Assessed inputs for the disclosure tests: outturn rows in, the
 * figures assess would hand over out (current, previous, last year, 13-month trend, breakdowns).
 */
import type { Assessed, Assessment, BreakdownFigure, Figure } from '../../src/assess/types.js';
import { DEFAULT_DISCLOSURE, DEFAULT_PATHS } from '../../src/defaults.js';
import { addMonths } from '../../src/format.js';
import type { Commentary, DisclosureRules, Indicator, LedgerRow, Month, Outturn, Workspace } from '../../src/types.js';

export function indicator(over: Partial<Indicator> & Pick<Indicator, 'id'>): Indicator {
  const unit = over.unit ?? 'count';
  return {
    number: 1,
    title: over.id,
    section: 's',
    definition: '',
    why_important: '',
    unit,
    decimals: unit === 'percent' || unit === 'rate_per_10000' ? 1 : unit === 'ratio' ? 2 : 0,
    frequency: 'monthly',
    basis: 'snapshot',
    polarity: 'higher_is_better',
    benchmarks: [],
    breakdowns: [],
    disclosure: { suppress: true },
    ...over,
  };
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
}

export function workspace(spec: WorkspaceSpec): Workspace {
  return {
    dir: '/nowhere',
    isSample: false,
    config: {
      authority: 'A',
      committee: 'C',
      dataset: 'D',
      title: 'T',
      decision_type: 'x',
      contact_officer: { name: 'n', role: 'r' },
      chief_officer: { name: 'n', role: 'r' },
      ward: 'All',
      meetings: {},
      exempt_paragraphs: [1],
      sections: {},
      disclosure: { ...DEFAULT_DISCLOSURE, ...spec.disclosure },
      paths: DEFAULT_PATHS,
    },
    catalogue: { sections: [{ id: 's', title: 'S' }], indicators: spec.indicators },
    outturns: outturns(spec.rows),
    commentary: new Map((spec.commentary ?? []).map((c) => [c.month, c])),
    ledgers: new Map(Object.entries(spec.ledgers ?? {})),
    inputs: [],
  };
}

function valueOf(ind: Indicator, o: Outturn): number | null {
  if (o.value !== null) return o.value;
  switch (ind.unit) {
    case 'count':
      return o.numerator;
    case 'percent':
      return o.numerator !== null && o.denominator ? (100 * o.numerator) / o.denominator : null;
    case 'rate_per_10000':
      return o.numerator !== null && ind.population ? (o.numerator / ind.population.value) * 10_000 : null;
    default:
      return null;
  }
}

/** What assess would pass on for `month` (RAG and directions are recomputed by disclose anyway). */
export function assess(ws: Workspace, month: Month): Assessed {
  const assessments: Assessment[] = ws.catalogue.indicators.map((ind) => {
    const rows = ws.outturns.filter((o) => o.indicator === ind.id);
    const figure = (period: Month): Figure | null => {
      const o = rows.find((r) => r.period === period && r.breakdown === null);
      return o ? { period, numerator: o.numerator, denominator: o.denominator, value: valueOf(ind, o) } : null;
    };
    const breakdowns: BreakdownFigure[] = rows
      .filter((r) => r.period === month && r.breakdown !== null)
      .map((o) => ({ period: month, numerator: o.numerator, denominator: o.denominator, value: valueOf(ind, o), breakdown: o.breakdown as string, category: o.category as string }));
    return {
      indicator: ind,
      month,
      current: figure(month),
      previous: figure(addMonths(month, -1)),
      lastYear: figure(addMonths(month, -12)),
      trend: Array.from({ length: 13 }, (_, i) => addMonths(month, i - 12)).map((period) => ({ period, figure: figure(period) })),
      breakdowns,
      rag: 'not_rated',
      direction: 'not_comparable',
      direction_year: 'not_comparable',
      benchmarks: [],
    };
  });
  return { month, assessments, exceptions: [], warnings: [] };
}

/** The shown text (or symbol) of one published figure. */
export function shown(figures: LedgerRow[], indicator: string, period: Month, field: LedgerRow['field'], breakdown = '', category = ''): string | undefined {
  return figures.find((f) => f.indicator === indicator && f.period === period && f.field === field && f.breakdown === breakdown && f.category === category)?.shown;
}

/** Breakdown rows for one count indicator: [category, count][]. */
export function countBreakdown(id: string, month: Month, breakdown: string, cats: [string, number][]): Row[] {
  return cats.map(([c, n]) => [id, month, n, null, null, breakdown, c]);
}
