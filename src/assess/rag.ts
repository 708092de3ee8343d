import { groupedDecimal, rateBase, roundShown } from '../format.js';
import type { Indicator } from '../types.js';
import type { Comparison, Direction, Rag } from './types.js';

/*
 * Every comparison here is made in "steps" of the indicator's shown precision
 * (68.1% at 1 decimal is 681 steps), so the rating always agrees with the figure
 * the paper prints and floating point cannot move a boundary (70 − 5 is exactly 650 steps).
 */

/** x in steps of 10^-decimals, cleaned of binary-fraction noise; not necessarily whole for boundaries. */
function steps(x: number, decimals: number): number {
  return Number((x * 10 ** decimals).toPrecision(12));
}

/** A figure as the paper shows it, in whole steps. */
function shownSteps(x: number, decimals: number): number {
  return Math.round(steps(roundShown(x, decimals), decimals));
}

/**
 * The RAG bands in steps. `green`/`amber` are the inclusive limits a shown value must reach:
 * for higher_is_better v ≥ green is Green, v ≥ amber is Amber; lower_is_better mirrors with ≤.
 * For within_range the limits are [lo, hi] for Green and [amberLo, amberHi] for Amber.
 */
type Bands =
  | { kind: 'higher'; green: number; amber: number }
  | { kind: 'lower'; green: number; amber: number }
  | { kind: 'range'; lo: number; hi: number; amberLo: number; amberHi: number };

/**
 * The bands, or null when the indicator is not rated (polarity none, or no target).
 * The rule is checked once, where the catalogue is read (load/catalogue.ts), at its line.
 */
function bandsFor(indicator: Indicator): Bands | null {
  const d = indicator.decimals;
  const rule = indicator.rag ?? {};
  if (indicator.polarity === 'higher_is_better' || indicator.polarity === 'lower_is_better') {
    if (indicator.target === undefined) return null;
    const sign = indicator.polarity === 'higher_is_better' ? -1 : 1;
    const green = steps(indicator.target, d);
    let amber = green;
    if (rule.tolerance !== undefined) amber = green + sign * steps(rule.tolerance, d);
    else if (rule.tolerance_percent !== undefined) amber = Number((green * (1 + (sign * rule.tolerance_percent) / 100)).toPrecision(12));
    else if (rule.floor !== undefined) amber = steps(rule.floor, d);
    return indicator.polarity === 'higher_is_better' ? { kind: 'higher', green, amber } : { kind: 'lower', green, amber };
  }
  if (indicator.polarity === 'within_range') {
    if (!indicator.target_range) return null;
    const lo = steps(indicator.target_range[0], d);
    const hi = steps(indicator.target_range[1], d);
    let amberLo = lo;
    let amberHi = hi;
    if (rule.tolerance !== undefined) {
      amberLo = lo - steps(rule.tolerance, d);
      amberHi = hi + steps(rule.tolerance, d);
    } else if (rule.tolerance_percent !== undefined) {
      // "within 10% of the target": 10% of the bound that is being missed.
      amberLo = Number((lo * (1 - rule.tolerance_percent / 100)).toPrecision(12));
      amberHi = Number((hi * (1 + rule.tolerance_percent / 100)).toPrecision(12));
    }
    return { kind: 'range', lo, hi, amberLo, amberHi };
  }
  return null;
}

/**
 * The RAG rating of a figure. `shownValue` is compared at the indicator's shown precision
 * (rounded again here, which is harmless when it already is), boundaries included.
 */
export function ragFor(indicator: Indicator, shownValue: number | null): Rag {
  const bands = bandsFor(indicator);
  // Missing data outranks "not rated": it is a data warning whatever the indicator's kind.
  if (shownValue === null || !Number.isFinite(shownValue)) return 'no_data';
  if (!bands) return 'not_rated';
  const v = shownSteps(shownValue, indicator.decimals);
  switch (bands.kind) {
    case 'higher':
      return v >= bands.green ? 'green' : v >= bands.amber ? 'amber' : 'red';
    case 'lower':
      return v <= bands.green ? 'green' : v <= bands.amber ? 'amber' : 'red';
    case 'range':
      if (v >= bands.lo && v <= bands.hi) return 'green';
      return v >= bands.amberLo && v <= bands.amberHi ? 'amber' : 'red';
  }
}

/**
 * How far a shown value (in steps) is from good, by polarity: larger is worse.
 * Null when the polarity has no better or worse.
 */
function shortfall(indicator: Indicator, v: number): number | null {
  switch (indicator.polarity) {
    case 'higher_is_better':
      return -v;
    case 'lower_is_better':
      return v;
    case 'within_range': {
      const r = indicator.target_range;
      if (!r) return null;
      const lo = steps(r[0], indicator.decimals);
      const hi = steps(r[1], indicator.decimals);
      return Math.max(lo - v, 0, v - hi);
    }
    case 'none':
      return null;
  }
}

/**
 * Direction of travel from an earlier figure to the current one, at shown precision.
 * A within_range indicator improves as it gets closer to the range and shows no change
 * while it stays inside it; polarity none has no better or worse, so it is not comparable.
 */
export function directionFor(indicator: Indicator, from: number | null, to: number | null): Direction {
  if (from === null || to === null || !Number.isFinite(from) || !Number.isFinite(to)) return 'not_comparable';
  const before = shortfall(indicator, shownSteps(from, indicator.decimals));
  const now = shortfall(indicator, shownSteps(to, indicator.decimals));
  if (before === null || now === null) return 'not_comparable';
  return now < before ? 'improving' : now > before ? 'declining' : 'no_change';
}

/**
 * A year-to-date count (or a rate built from one) only grows through the year, so comparing
 * it with the previous period says nothing about performance: councils compare it with the
 * same point last year instead. Year-to-date percentages, averages and ratios are comparable.
 * Whoever computes `direction` (assess for Part 2, disclose for Part 1) must apply this.
 */
export function comparableWithPrevious(indicator: Indicator): boolean {
  return !(indicator.basis === 'year_to_date' && (indicator.unit === 'count' || indicator.unit === 'rate'));
}

/**
 * Both directions of travel, from figures at shown precision: the one rule Part 1 (from shown
 * cells) and Part 2 (from the assessment) share, so the two papers never disagree.
 */
export function directionsFor(
  indicator: Indicator,
  figures: { previous: number | null; lastYear: number | null; now: number | null },
): { direction: Direction; direction_year: Direction } {
  const direction = comparableWithPrevious(indicator) ? directionFor(indicator, figures.previous, figures.now) : 'not_comparable';
  // An annual indicator's previous period is the same month a year before: one comparison, reported as both.
  if (indicator.frequency === 'annual') return { direction, direction_year: directionFor(indicator, figures.previous, figures.now) };
  return { direction, direction_year: directionFor(indicator, figures.lastYear, figures.now) };
}

/**
 * The outturn against a benchmark, both at the indicator's shown precision, so a benchmark
 * printed beside the outturn as the same figure is never called better or worse.
 */
export function compareToBenchmark(indicator: Indicator, shown: number | null, benchmark: number): Comparison {
  if (shown === null || !Number.isFinite(shown) || !Number.isFinite(benchmark)) return 'not_comparable';
  const ours = shortfall(indicator, shownSteps(shown, indicator.decimals));
  const theirs = shortfall(indicator, shownSteps(benchmark, indicator.decimals));
  if (ours === null || theirs === null) return 'not_comparable';
  return ours < theirs ? 'better' : ours > theirs ? 'worse' : 'same';
}

/** A shown figure with its unit: "68.1%", "70.2 per 10,000", "486 days"; counts and ratios bare. */
export function withUnit(indicator: Indicator, shown: string): string {
  switch (indicator.unit) {
    case 'percent':
      return `${shown}%`;
    case 'rate':
      return `${shown} per ${rateBase(indicator)}`;
    case 'days':
      return `${shown} days`;
    default:
      return shown;
  }
}

/**
 * A number in the indicator's unit for the key and for targets: at most the shown decimals,
 * trailing zeros dropped ("70%", "69.9%"), with thousands separated.
 */
export function formatInUnit(indicator: Indicator, value: number): string {
  return withUnit(indicator, groupedDecimal(roundShown(value, indicator.decimals), indicator.decimals));
}

/**
 * The RAG rule in words, stated in the values the paper can show: the boundaries are the
 * first and last shown values in each band, so the key and the ratings never disagree.
 */
export function ragRuleText(indicator: Indicator): string {
  const bands = bandsFor(indicator);
  if (!bands) return 'Not rated: contextual indicator.';
  const d = indicator.decimals;
  const show = (s: number) => formatInUnit(indicator, s / 10 ** d);
  if (bands.kind === 'higher') {
    const green = Math.ceil(bands.green);
    const amber = Math.ceil(bands.amber);
    if (amber >= green) return `Green: ${show(green)} or more. Red: below ${show(green)}.`;
    return `Green: ${show(green)} or more. Amber: ${show(amber)} to ${show(green - 1)}. Red: below ${show(amber)}.`;
  }
  if (bands.kind === 'lower') {
    const green = Math.floor(bands.green);
    const amber = Math.floor(bands.amber);
    if (amber <= green) return `Green: ${show(green)} or less. Red: above ${show(green)}.`;
    return `Green: ${show(green)} or less. Amber: ${show(green + 1)} to ${show(amber)}. Red: above ${show(amber)}.`;
  }
  const lo = Math.ceil(bands.lo);
  const hi = Math.floor(bands.hi);
  const amberLo = Math.ceil(bands.amberLo);
  const amberHi = Math.floor(bands.amberHi);
  const green = `Green: ${show(lo)} to ${show(hi)}.`;
  const amberParts = [amberLo < lo ? `${show(amberLo)} to ${show(lo - 1)}` : null, amberHi > hi ? `${show(hi + 1)} to ${show(amberHi)}` : null].filter(
    (x): x is string => x !== null,
  );
  if (amberParts.length === 0) return `${green} Red: below ${show(lo)} or above ${show(hi)}.`;
  return `${green} Amber: ${amberParts.join(' or ')}. Red: below ${show(amberLo)} or above ${show(amberHi)}.`;
}
