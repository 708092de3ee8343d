import { addMonths, monthName } from '../format.js';
import type { Indicator, Month, Outturn, Workspace } from '../types.js';
import { compareToBenchmark, directionsFor, ragFor } from './rag.js';
import type { Assessed, Assessment, BreakdownFigure, Figure } from './types.js';

export { comparableWithPrevious, compareToBenchmark, directionFor, directionsFor, formatInUnit, ragFor, ragRuleProblems, ragRuleText, withUnit } from './rag.js';

const TREND_LENGTH = 13;

/**
 * The headline figure at full precision: a percentage from its numerator and denominator
 * (none when the denominator is 0), a rate per 10,000 of the catalogue's population, the
 * count itself, or the given average or ratio. A figure that cannot be computed falls back
 * to the extract's `value`, which load has checked agrees where both exist.
 */
export function headlineValue(indicator: Indicator, numerator: number | null, denominator: number | null, value: number | null): number | null {
  switch (indicator.unit) {
    case 'percent':
      if (numerator !== null && denominator !== null) return denominator === 0 ? null : (numerator / denominator) * 100;
      return value;
    case 'rate_per_10000': {
      const population = indicator.population?.value;
      if (numerator !== null && population) return (numerator / population) * 10000;
      return value;
    }
    case 'count':
      return numerator ?? value;
    case 'days':
    case 'ratio':
      return value;
  }
}

function figureOf(indicator: Indicator, row: Outturn): Figure {
  return {
    period: row.period,
    numerator: row.numerator,
    denominator: row.denominator,
    value: headlineValue(indicator, row.numerator, row.denominator, row.value),
  };
}

/** Quarter ends are March, June, September and December. */
function quarterEndAtOrBefore(month: Month): Month {
  const m = Number(month.slice(5, 7));
  return addMonths(month, -(m % 3));
}

/** Months between one period of the frequency and the next. */
function periodLength(indicator: Indicator): number {
  return indicator.frequency === 'monthly' ? 1 : indicator.frequency === 'quarterly' ? 3 : 12;
}

/**
 * The period whose outturn is "current" at the end of `month`: the month itself, the latest
 * quarter end, or for an annual indicator the latest headline row in the 12 months to `month`
 * (annual figures arrive in whatever month the return is made). Null when an annual indicator
 * has no row in that window.
 */
function currentPeriod(indicator: Indicator, month: Month, headline: Map<Month, Outturn>): Month | null {
  switch (indicator.frequency) {
    case 'monthly':
      return month;
    case 'quarterly':
      return quarterEndAtOrBefore(month);
    case 'annual':
      for (let m = month, i = 0; i < 12; m = addMonths(m, -1), i++) if (headline.has(m)) return m;
      return null;
  }
}

function missingWarning(indicator: Indicator, month: Month, period: Month | null): string {
  const label = `Indicator ${indicator.number} (${indicator.title})`;
  if (period === null) return `${label}: no outturn in the 12 months to ${monthName(month)}`;
  if (indicator.frequency === 'quarterly') return `${label}: no outturn for the quarter ending ${monthName(period)}`;
  return `${label}: no outturn for ${monthName(period)}`;
}

function assessIndicator(indicator: Indicator, month: Month, rows: Outturn[], warnings: string[]): Assessment {
  const headline = new Map<Month, Outturn>();
  for (const row of rows) if (row.breakdown === null) headline.set(row.period, row);
  const figureAt = (period: Month): Figure | null => {
    const row = headline.get(period);
    return row ? figureOf(indicator, row) : null;
  };

  const step = periodLength(indicator);
  const period = currentPeriod(indicator, month, headline);
  const anchor = period ?? month;
  const current = period === null ? null : figureAt(period);
  const previous = figureAt(addMonths(anchor, -step));
  const lastYear = figureAt(addMonths(anchor, -12));
  const trend = Array.from({ length: TREND_LENGTH }, (_, i) => {
    const p = addMonths(anchor, -step * (TREND_LENGTH - 1 - i));
    return { period: p, figure: figureAt(p) };
  });
  const breakdowns: BreakdownFigure[] =
    period === null
      ? []
      : rows
          .filter((r) => r.period === period && r.breakdown !== null)
          .map((r) => ({
            period: r.period,
            numerator: r.numerator,
            denominator: r.denominator,
            // A category's own population is not in the catalogue, so its rate is only what the extract gives.
            value: indicator.unit === 'rate_per_10000' ? r.value : headlineValue(indicator, r.numerator, r.denominator, r.value),
            breakdown: r.breakdown as string,
            category: r.category ?? '',
          }));

  if (!current) warnings.push(missingWarning(indicator, month, period));
  else if (current.value === null)
    warnings.push(`Indicator ${indicator.number} (${indicator.title}): the outturn for ${monthName(current.period)} gives no figure (a denominator of 0?)`);

  const now = current?.value ?? null;
  return {
    indicator,
    month,
    current,
    previous,
    lastYear,
    trend,
    breakdowns,
    rag: current ? ragFor(indicator, now) : 'no_data',
    ...directionsFor(indicator, { previous: previous?.value ?? null, lastYear: lastYear?.value ?? null, now }),
    benchmarks: indicator.benchmarks.map((b) => ({ ...b, comparison: compareToBenchmark(indicator, now, b.value) })),
  };
}

/** Every indicator of the catalogue assessed as at the end of `month`. Pure: reads only `ws`. */
export function assessMonth(ws: Workspace, month: Month): Assessed {
  const sectionOrder = new Map(ws.catalogue.sections.map((s, i) => [s.id, i]));
  const rank = (i: Indicator) => sectionOrder.get(i.section) ?? sectionOrder.size;
  const indicators = [...ws.catalogue.indicators].sort((a, b) => rank(a) - rank(b) || a.number - b.number);

  const rowsByIndicator = new Map<string, Outturn[]>();
  for (const row of ws.outturns) {
    const list = rowsByIndicator.get(row.indicator);
    if (list) list.push(row);
    else rowsByIndicator.set(row.indicator, [row]);
  }

  const warnings: string[] = [];
  const assessments = indicators.map((i) => assessIndicator(i, month, rowsByIndicator.get(i.id) ?? [], warnings));
  const exceptions = assessments
    .filter((a) => a.rag === 'amber' || a.rag === 'red')
    .sort((a, b) => a.indicator.number - b.indicator.number)
    .map((a) => a.indicator.id);
  return { month, assessments, exceptions, warnings };
}
