import type { Indicator } from '../types.js';
import { monthName, populationAt, rateBase, thousands } from '../format.js';
import { ragRuleText } from '../assess/rag.js';
import { chartLegend, sparkline, trendChart, type ChartInput } from './chart.js';
import type { DirectionView, IndexRow, IndexSection, IndicatorDetail, KeyEntry, PaperPart, PerformanceIndex, TableView } from './model.js';
import type { PaperContext } from './index.js';
import { directionView, ragView, type IndicatorView } from './views.js';
import { outturnWords, periodFigureWords, shownValue, targetWords, withNote, withUnit, type FigureText } from './figures.js';
import type { Direction } from '../assess/types.js';
import {
  ANNUAL_LAST_YEAR,
  publishedBy,
  BREAKDOWN_TOTAL,
  FACT_LABELS,
  KEY_MEANINGS,
  breakdownCaption,
  breakdownColumns,
  dimensionWords,
  frequencyWords,
  indexHeading,
  indexIntro,
  indicatorHeading,
  polarityWords,
  symbolMeanings,
} from './words.js';

/** The benchmark drawn on the chart: the one the catalogue names under chart_benchmark (England unless set). */
function comparatorOf(indicator: Indicator): ChartInput['england'] {
  const name = indicator.chart_benchmark?.trim().toLowerCase();
  const comparator = name === undefined ? undefined : indicator.benchmarks.find((b) => b.name.trim().toLowerCase() === name);
  return comparator ? { name: comparator.name, value: comparator.value, period: comparator.period } : null;
}

function breakdownTables(ctx: PaperContext, view: IndicatorView): TableView[] {
  const { indicator } = view;
  const dims = [...new Set(view.breakdowns.map((b) => b.breakdown))];
  const cellsFor = (f: FigureText): string[] => {
    const none = ctx.config.disclosure.symbols.not_applicable;
    switch (indicator.unit) {
      case 'percent':
        return [f.numerator ?? none, f.denominator ?? none, withUnit(indicator, f.value)];
      case 'rate':
      case 'days':
        return [f.numerator ?? none, f.value];
      default:
        return [f.value];
    }
  };
  return dims.map((dim) => {
    const label = dimensionWords(dim);
    const rows = view.breakdowns.filter((b) => b.breakdown === dim).map((b) => ({ header: withNote(b.category, b), cells: cellsFor(b) }));
    if (view.current) rows.push({ header: BREAKDOWN_TOTAL, cells: cellsFor(view.current) });
    return { caption: breakdownCaption(indicator, label, monthName(ctx.month)), columns: breakdownColumns(indicator, label), rows };
  });
}

function anchorOf(indicator: Indicator): string {
  return `indicator-${indicator.id}`;
}

/**
 * A contextual indicator has no better direction, so assess calls every change not comparable;
 * where both figures are shown that is not "one figure missing", and the paper says so.
 */
function directionOf(view: IndicatorView, direction: Direction, other: FigureText | null): DirectionView {
  const bothShown = view.current !== null && other !== null && shownValue(view.current.value) !== null && shownValue(other.value) !== null;
  return directionView(view.indicator.polarity === 'none' && direction === 'not_comparable' && bothShown ? 'contextual' : direction);
}

function indexRow(ctx: PaperContext, view: IndicatorView): IndexRow {
  const { indicator } = view;
  const symbols = ctx.config.disclosure.symbols;
  return {
    anchor: anchorOf(indicator),
    number: indicator.number,
    title: indicator.title,
    polarity: polarityWords(indicator),
    target: targetWords(indicator),
    outturn: outturnWords(indicator, view.current, symbols, ctx.month),
    previous: periodFigureWords(indicator, view.previous, symbols),
    // An annual indicator's previous period is a year ago: one comparison, not the same one twice.
    lastYear: indicator.frequency === 'annual' ? ANNUAL_LAST_YEAR : periodFigureWords(indicator, view.lastYear, symbols),
    direction: directionOf(view, view.direction, view.previous),
    directionYear: indicator.frequency === 'annual' ? null : directionOf(view, view.directionYear, view.lastYear),
    rag: view.rag,
    benchmarks: view.benchmarks,
    sparkline: sparkline({ id: `spark-${indicator.id}`, indicator, points: view.trend, england: null }),
  };
}

function detail(ctx: PaperContext, view: IndicatorView): IndicatorDetail {
  const { indicator } = view;
  const facts: IndicatorDetail['facts'] = [
    { label: FACT_LABELS.outturn, value: outturnWords(indicator, view.current, ctx.config.disclosure.symbols, ctx.month) },
    { label: FACT_LABELS.rag, value: view.rag.label },
    { label: FACT_LABELS.target, value: `${targetWords(indicator)}; ${polarityWords(indicator)}` },
    { label: FACT_LABELS.frequency, value: frequencyWords(indicator) },
  ];
  const population = populationAt(indicator, view.current?.period ?? ctx.month);
  if (population !== null)
    facts.push({ label: FACT_LABELS.population, value: `${thousands(population)}${indicator.population?.label ? ` (${indicator.population.label})` : ''}; rate per ${rateBase(indicator)}` });
  if (indicator.source) facts.push({ label: FACT_LABELS.source, value: indicator.source_published ? publishedBy(indicator.source) : indicator.source });
  if (indicator.owner) facts.push({ label: FACT_LABELS.owner, value: indicator.owner });
  const chartInput: ChartInput = { id: `chart-${indicator.id}`, indicator, points: view.trend, england: comparatorOf(indicator) };
  return {
    anchor: `${anchorOf(indicator)}-detail`,
    heading: indicatorHeading(indicator),
    facts,
    definition: indicator.definition,
    whyImportant: indicator.why_important,
    ragRule: ragRuleText(indicator),
    chart: trendChart(chartInput),
    chartLegend: chartLegend(chartInput),
    breakdowns: breakdownTables(ctx, view),
  };
}

function key(ctx: PaperContext, part: PaperPart): KeyEntry[] {
  const { rag: ragMeaning, direction: directionMeaning } = KEY_MEANINGS;
  const rag = (k: keyof typeof ragMeaning): KeyEntry => ({ term: ragView(k).label, meaning: ragMeaning[k], rag: ragView(k), direction: null });
  const dir = (k: keyof typeof directionMeaning): KeyEntry => ({ term: directionView(k).label, meaning: directionMeaning[k], rag: null, direction: directionView(k) });
  const entries: KeyEntry[] = [rag('green'), rag('amber'), rag('red'), rag('not_rated'), rag('no_data')];
  if (part === 'public') entries.push(rag('suppressed'));
  entries.push(dir('improving'), dir('declining'), dir('no_change'), dir('not_comparable'), dir('contextual'));
  for (const s of symbolMeanings(ctx.config.disclosure.symbols, ctx.config.disclosure.threshold)) entries.push({ term: s.symbol, meaning: s.meaning, rag: null, direction: null });
  return entries;
}

/** Appendix 1: the index tables by theme, each followed by its indicators' details. */
export function performanceIndex(ctx: PaperContext, part: PaperPart, views: IndicatorView[]): Omit<PerformanceIndex, 'footnotes'> {
  const indexSections: IndexSection[] = ctx.catalogue.sections
    .map((s) => {
      const inSection = views.filter((v) => v.indicator.section === s.id);
      return { id: `section-${s.id}`, title: s.title, rows: inSection.map((v) => indexRow(ctx, v)), details: inSection.map((v) => detail(ctx, v)) };
    })
    .filter((s) => s.rows.length > 0);
  return { heading: indexHeading(monthName(ctx.month)), intro: indexIntro(ctx.config.dataset), key: key(ctx, part), sections: indexSections };
}
