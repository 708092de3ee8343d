import type { Assessment, Figure, Rag } from '../assess/types.js';
import type { Cell, PublicAssessment, PublicFigure } from '../disclose/types.js';
import type { DisclosureRules, DisclosureSymbols, Indicator, Month } from '../types.js';
import { roundShown, shownNumber, symbolText } from '../format.js';
import { formatInUnit } from '../assess/rag.js';
import type { TrendPoint } from './chart.js';
import type { BenchmarkView, DirectionKey, DirectionShape, DirectionView, RagKey, RagShape, RagView } from './model.js';
import { shownValue, symbolIn, symbolWords, withUnit, type FigureText } from './figures.js';
import { BENCHMARK_COMPARISON, DIRECTION_LABEL, RAG_LABEL, WITHHELD_BY_SOURCE } from './words.js';
import { REVISED_MARK, type RevisionOf } from '../revisions.js';

/**
 * One indicator as either part may show it, already reduced to the texts and drawable
 * numbers of that part. Part 1's comes from the suppressed view alone.
 */
export interface IndicatorView {
  indicator: Indicator;
  current: FigureText | null;
  previous: FigureText | null;
  lastYear: FigureText | null;
  trend: TrendPoint[];
  breakdowns: (FigureText & { breakdown: string; category: string })[];
  rag: RagView;
  direction: PublicAssessment['direction'];
  directionYear: PublicAssessment['direction_year'];
  benchmarks: BenchmarkView[];
}

const RAG_SHAPE: Record<RagKey, RagShape> = { green: 'circle', amber: 'diamond', red: 'square', not_rated: 'ring', no_data: 'dash', suppressed: 'dash' };
const DIRECTION_SHAPE: Record<DirectionKey, DirectionShape> = { improving: 'up', declining: 'down', no_change: 'right', not_comparable: 'dash', contextual: 'dash' };

export function ragView(rag: Rag | 'suppressed'): RagView {
  return { key: rag, label: RAG_LABEL[rag], shape: RAG_SHAPE[rag] };
}

export function directionView(direction: DirectionKey): DirectionView {
  return { key: direction, label: DIRECTION_LABEL[direction], shape: DIRECTION_SHAPE[direction] };
}

/** Where a figure sits, so each field can be looked up in its month's ledger. */
type Place = { indicator: string; breakdown: string; category: string };

/** The text with [r] after it when it revises the ledger of its month (SPEC Second round › Commentary and revisions). */
function marked(revised: RevisionOf, place: Place, period: Month, field: 'value' | 'numerator' | 'denominator', text: string): string {
  return revised({ ...place, period, field }, text) === null ? text : `${text} ${REVISED_MARK}`;
}

function publicFigureText(figure: PublicFigure | null, place: Place, revised: RevisionOf): FigureText | null {
  if (!figure) return null;
  // Only a shown number can carry [r]: a symbol stays as it is, whatever happened behind it.
  const text = (cell: Cell, field: 'value' | 'numerator' | 'denominator') => ('shown' in cell ? marked(revised, place, figure.period, field, cell.shown) : cell.suppressed);
  return {
    period: figure.period,
    value: text(figure.value, 'value'),
    numerator: figure.numerator ? text(figure.numerator, 'numerator') : null,
    denominator: figure.denominator ? text(figure.denominator, 'denominator') : null,
    ...('flag' in figure.value && figure.value.flag ? { flag: figure.value.flag } : {}),
  };
}

function exemptFigureText(indicator: Indicator, figure: Figure | null, rules: DisclosureRules, place: Place, revised: RevisionOf): FigureText | null {
  if (!figure) return null;
  const mark = (field: 'value' | 'numerator' | 'denominator', text: string) => marked(revised, place, figure.period, field, text);
  // Part 2 carries the same reliability caveat as Part 1: a rate over few events.
  const unreliable = indicator.unit === 'rate' && figure.value !== null && figure.numerator !== null && figure.numerator < rules.rate_reliability_events;
  // A figure the publisher withheld shows its symbol, and Part 2 says whose it is (SPEC Second round › Source symbols).
  const withheld = figure.symbols?.value ?? figure.symbols?.numerator ?? figure.symbols?.denominator;
  const symbol = (field: 'numerator' | 'denominator') => {
    const s = figure.symbols?.[field];
    return s ? symbolText(rules.symbols, s) : null;
  };
  return {
    period: figure.period,
    value: figure.value !== null ? mark('value', shownNumber(figure.value, indicator.decimals)) : withheld ? symbolText(rules.symbols, withheld) : rules.symbols.not_available,
    numerator: figure.numerator === null ? symbol('numerator') : mark('numerator', String(figure.numerator)),
    denominator: figure.denominator === null ? symbol('denominator') : mark('denominator', String(figure.denominator)),
    ...(unreliable ? { flag: rules.symbols.low_reliability } : figure.value === null && withheld ? { flag: WITHHELD_BY_SOURCE } : {}),
    ...(figure.note ? { note: figure.note } : {}),
  };
}

function trendPoint(indicator: Indicator, period: Month, text: FigureText | null, symbols: DisclosureSymbols): TrendPoint {
  const shown = text?.value ?? symbols.not_available;
  const value = shownValue(shown);
  const symbol = value === null ? (symbolIn(shown, symbols) ?? symbols.not_available) : symbolIn(shown, symbols);
  return { period, value, label: withUnit(indicator, shown), symbol, ...(symbol ? { symbolWord: symbolWords(symbols).get(symbol) ?? '' } : {}) };
}

function benchmarkViews(a: { indicator: Indicator; benchmarks: Assessment['benchmarks'] }, comparable: boolean): BenchmarkView[] {
  return a.benchmarks.map((b) => ({
    name: b.name,
    value: formatInUnit(a.indicator, b.value),
    period: b.period,
    comparison: comparable && b.comparison !== 'not_comparable' ? BENCHMARK_COMPARISON[b.comparison] : null,
  }));
}

/** Part 1's view of an indicator: the shown cells and symbols, and [r] by the ledgers, nothing else. */
export function fromPublic(a: PublicAssessment, symbols: DisclosureSymbols, revised: RevisionOf): IndicatorView {
  const headline: Place = { indicator: a.indicator.id, breakdown: '', category: '' };
  const text = (f: PublicFigure | null) => publicFigureText(f, headline, revised);
  return {
    indicator: a.indicator,
    current: text(a.current),
    previous: text(a.previous),
    lastYear: text(a.lastYear),
    trend: a.trend.map((t) => trendPoint(a.indicator, t.period, text(t.figure), symbols)),
    breakdowns: a.breakdowns.map((b) => ({ ...(publicFigureText(b, { indicator: a.indicator.id, breakdown: b.breakdown, category: b.category }, revised) as FigureText), breakdown: b.breakdown, category: b.category })),
    rag: ragView(a.headlineSuppressed ? 'suppressed' : a.rag),
    direction: a.headlineSuppressed ? 'not_comparable' : a.direction,
    directionYear: a.headlineSuppressed ? 'not_comparable' : a.direction_year,
    benchmarks: benchmarkViews(a, !a.headlineSuppressed),
  };
}

/** Part 2's view of an indicator: every figure at its shown precision. */
export function fromAssessment(a: Assessment, rules: DisclosureRules, revised: RevisionOf): IndicatorView {
  const headline: Place = { indicator: a.indicator.id, breakdown: '', category: '' };
  const text = (f: Figure | null) => exemptFigureText(a.indicator, f, rules, headline, revised);
  return {
    indicator: a.indicator,
    current: text(a.current),
    previous: text(a.previous),
    lastYear: text(a.lastYear),
    trend: a.trend.map((t) => {
      const point = trendPoint(a.indicator, t.period, text(t.figure), rules.symbols);
      return point.value === null ? point : { ...point, value: roundShown(point.value, a.indicator.decimals) };
    }),
    breakdowns: a.breakdowns.map((b) => ({ ...(exemptFigureText(a.indicator, b, rules, { indicator: a.indicator.id, breakdown: b.breakdown, category: b.category }, revised) as FigureText), breakdown: b.breakdown, category: b.category })),
    rag: ragView(a.rag),
    direction: a.direction,
    directionYear: a.direction_year,
    benchmarks: benchmarkViews(a, true),
  };
}
