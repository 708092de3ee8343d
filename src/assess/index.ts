import { addMonths, monthName, monthsBetween, periodLength, populationAt } from '../format.js';
import type { Indicator, Month, Outturn, Workspace } from '../types.js';
import { compareToBenchmark, directionsFor, ragFor } from './rag.js';
import type { Assessed, Assessment, BreakdownFigure, Figure } from './types.js';

export { comparableWithPrevious, compareToBenchmark, directionFor, directionsFor, formatInUnit, ragFor, ragRuleText, withUnit } from './rag.js';

/** Periods in a trend, the current one included (SPEC "The papers": the last 13 periods). */
export const TREND_LENGTH = 13;

/**
 * The headline figure at full precision: a percentage from its numerator and denominator
 * (none when the denominator is 0), a rate of the population for its period on the indicator's
 * base, the count itself, or the given average or ratio. A figure that cannot be computed falls
 * back to the extract's `value`, which load has checked agrees where both exist.
 */
export function headlineValue(indicator: Indicator, numerator: number | null, denominator: number | null, value: number | null, population: number | null = null): number | null {
  switch (indicator.unit) {
    case 'percent':
      if (numerator !== null && denominator !== null) return denominator === 0 ? null : (numerator / denominator) * 100;
      return value;
    case 'rate':
      if (numerator !== null && population) return (numerator / population) * (indicator.rate_per ?? 10000);
      return value;
    case 'count':
      return numerator ?? value;
    case 'days':
    case 'ratio':
      return value;
  }
}

/** A rate's population for a row: the extract's own column, else the catalogue's for the period. */
function rowPopulation(indicator: Indicator, row: Outturn): number | null {
  if (indicator.unit !== 'rate') return null;
  return row.population ?? populationAt(indicator, row.period);
}

function figureOf(indicator: Indicator, row: Outturn, population = rowPopulation(indicator, row)): Figure {
  return {
    period: row.period,
    numerator: row.numerator,
    denominator: row.denominator,
    value: headlineValue(indicator, row.numerator, row.denominator, row.value, population),
    ...(population !== null ? { population } : {}),
    ...(row.symbols ? { symbols: row.symbols } : {}),
    ...(row.note ? { note: row.note } : {}),
  };
}

/** The latest headline period at or before `month`, whether or not it is still current. */
function latestPeriod(month: Month, headline: Map<Month, Outturn>): Month | null {
  let best: Month | null = null;
  for (const p of headline.keys()) if (p <= month && (best === null || p > best)) best = p;
  return best;
}

/**
 * SPEC Second round › Reference periods: the current outturn at the end of `month` is the
 * latest at or before it, while it is within `current_for` months (a monthly figure only in its
 * own month; an annual one for 15 months, since DfE publishes March figures in the autumn).
 */
export function currentPeriod(indicator: Indicator, month: Month, headline: Map<Month, Outturn>): Month | null {
  const latest = latestPeriod(month, headline);
  return latest !== null && monthsBetween(latest, month) < indicator.current_for ? latest : null;
}

function missingWarning(indicator: Indicator, month: Month): string {
  const label = `Indicator ${indicator.number} (${indicator.title})`;
  if (indicator.current_for === 1) return `${label}: no outturn for ${monthName(month)}`;
  return `${label}: no outturn in the ${indicator.current_for} months to ${monthName(month)}`;
}

/** The month of the paper before this one: the previous meeting's, else the month before. */
function previousPaperMonth(ws: Workspace, month: Month): Month {
  let best: Month | null = null;
  for (const m of Object.keys(ws.config.meetings)) if (m < month && (best === null || m > best)) best = m;
  return best ?? addMonths(month, -1);
}

/**
 * Whether the current figure is new to the committee: no earlier paper had it as its current
 * outturn (the previous paper's month, and every earlier ledger). An unchanged quarterly or
 * annual figure is an exception only while it is new (SPEC Second round › Reference periods).
 */
function isNew(ws: Workspace, indicator: Indicator, month: Month, period: Month, headline: Map<Month, Outturn>): boolean {
  if (currentPeriod(indicator, previousPaperMonth(ws, month), headline) === period) return false;
  for (const [m, rows] of ws.ledgers) {
    if (m >= month) continue;
    if (rows.some((r) => r.indicator === indicator.id && r.period === period && r.breakdown === '' && r.field === 'value')) return false;
  }
  return true;
}

function assessIndicator(ws: Workspace, indicator: Indicator, month: Month, rows: Outturn[], warnings: string[]): Assessment {
  const headline = new Map<Month, Outturn>();
  for (const row of rows) if (row.breakdown === null) headline.set(row.period, row);
  const figureAt = (period: Month): Figure | null => {
    const row = headline.get(period);
    return row ? figureOf(indicator, row) : null;
  };

  const step = periodLength(indicator.frequency);
  const period = currentPeriod(indicator, month, headline);
  const anchor = period ?? month;
  const current = period === null ? null : figureAt(period);
  const previous = figureAt(addMonths(anchor, -step));
  // An annual indicator's previous period is the year before: one comparison, not the same one twice.
  const lastYear = indicator.frequency === 'annual' ? null : figureAt(addMonths(anchor, -12));
  // Charts follow the data's own periods: a stale annual figure still anchors its March points.
  const trendEnd = period ?? latestPeriod(month, headline) ?? month;
  const trend = Array.from({ length: TREND_LENGTH }, (_, i) => {
    const p = addMonths(trendEnd, -step * (TREND_LENGTH - 1 - i));
    return { period: p, figure: figureAt(p) };
  });
  const breakdowns: BreakdownFigure[] =
    period === null
      ? []
      : rows
          .filter((r) => r.period === period && r.breakdown !== null)
          .map((r) => {
            // A category's own population is only what the extract gives; without it, its rate is the extract's.
            const population = indicator.unit === 'rate' ? (r.population ?? null) : null;
            return {
              ...figureOf(indicator, r, population),
              breakdown: r.breakdown as string,
              category: r.category ?? '',
            };
          });

  if (!current) warnings.push(missingWarning(indicator, month));
  else if (current.value === null && !current.symbols)
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
    newFigure: period !== null && (indicator.exceptions === 'every_month' || isNew(ws, indicator, month, period, headline)),
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
  const assessments = indicators.map((i) => assessIndicator(ws, i, month, rowsByIndicator.get(i.id) ?? [], warnings));
  const exceptions = assessments
    .filter((a) => (a.rag === 'amber' || a.rag === 'red') && a.newFigure)
    .sort((a, b) => a.indicator.number - b.indicator.number)
    .map((a) => a.indicator.id);
  return { month, assessments, exceptions, warnings };
}
