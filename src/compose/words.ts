import type { Direction, Rag } from '../assess/types.js';
import type { DisclosureSymbols, Indicator, Month } from '../types.js';
import { formatInUnit } from '../assess/rag.js';
import { monthShort } from '../format.js';
import type { DirectionView, RagKey, RagView } from './model.js';

const RAG: Record<RagKey, RagView> = {
  green: { key: 'green', label: 'Green', shape: 'circle' },
  amber: { key: 'amber', label: 'Amber', shape: 'diamond' },
  red: { key: 'red', label: 'Red', shape: 'square' },
  not_rated: { key: 'not_rated', label: 'Not rated', shape: 'ring' },
  no_data: { key: 'no_data', label: 'No data', shape: 'dash' },
  suppressed: { key: 'suppressed', label: 'See Part 2', shape: 'dash' },
};

export function ragView(rag: Rag | 'suppressed'): RagView {
  return RAG[rag];
}

const DIRECTION: Record<Direction, DirectionView> = {
  improving: { key: 'improving', label: 'Improving', shape: 'up' },
  declining: { key: 'declining', label: 'Declining', shape: 'down' },
  no_change: { key: 'no_change', label: 'No change', shape: 'right' },
  not_comparable: { key: 'not_comparable', label: 'Not comparable', shape: 'dash' },
};

export function directionView(direction: Direction): DirectionView {
  return DIRECTION[direction];
}

export function polarityWords(indicator: Indicator): string {
  switch (indicator.polarity) {
    case 'higher_is_better':
      return 'higher is better';
    case 'lower_is_better':
      return 'lower is better';
    case 'within_range':
      return 'within the target range is better';
    default:
      return 'contextual (no better direction)';
  }
}

export function targetWords(indicator: Indicator): string {
  if (indicator.target_range) {
    const [lo, hi] = indicator.target_range;
    const bare = indicator.unit === 'percent' ? indicator : { ...indicator, unit: 'count' as const };
    return `${formatInUnit(bare, lo)} to ${formatInUnit(indicator, hi)}`;
  }
  if (indicator.target !== undefined) return formatInUnit(indicator, indicator.target);
  return 'No target';
}

export function frequencyWords(indicator: Indicator): string {
  const frequency = { monthly: 'Monthly', quarterly: 'Quarterly', annual: 'Annual' }[indicator.frequency];
  const basis = {
    snapshot: 'snapshot at the period end',
    year_to_date: 'cumulative since 1 April',
    rolling_12_months: 'rolling 12 months',
  }[indicator.basis];
  return `${frequency}, ${basis}`;
}

/** "age_band" → "Age band" */
export function dimensionWords(breakdown: string): string {
  const words = breakdown.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function symbolMeanings(symbols: DisclosureSymbols, threshold: number): { symbol: string; meaning: string }[] {
  return [
    { symbol: symbols.suppressed, meaning: `Suppressed: a count of 1 to ${threshold} children, or a figure from which one could be worked out, is not published.` },
    { symbol: symbols.not_available, meaning: 'Not available: no figure was recorded for the period.' },
    { symbol: symbols.not_applicable, meaning: 'Not applicable: the figure does not apply to this indicator.' },
    { symbol: symbols.low_reliability, meaning: 'Low reliability: a rate based on few events, to be read with caution.' },
  ];
}

/**
 * A figure as text: the shown number with thousands separated and its unit, or the symbol
 * standing in for it. `shown` is exactly the ledger's text ("68.1", "[c]").
 */
export function withUnit(indicator: Indicator, shown: string): string {
  const grouped = groupThousands(shown);
  if (!/^-?[\d,]+(\.\d+)?/.test(grouped)) return grouped;
  switch (indicator.unit) {
    case 'percent':
      return grouped.replace(/^(-?[\d,]+(\.\d+)?)/, '$1%');
    case 'rate_per_10000':
      return grouped.replace(/^(-?[\d,]+(\.\d+)?)/, '$1 per 10,000');
    case 'days':
      return grouped.replace(/^(-?[\d,]+(\.\d+)?)/, '$1 days');
    default:
      return grouped;
  }
}

/** Separates thousands in the leading number only, keeping its shown decimals. */
export function groupThousands(shown: string): string {
  return shown.replace(/^(-?)(\d+)/, (_all, sign: string, digits: string) => sign + Number(digits).toLocaleString('en-GB'));
}

/** The leading number of a shown text, for drawing: "68.1" → 68.1, "[c]" → null. */
export function shownValue(shown: string): number | null {
  const match = /^-?[\d,]*\.?\d+/.exec(shown.trim());
  return match ? Number(match[0].replace(/,/g, '')) : null;
}

export function symbolIn(shown: string): string | null {
  return /\[[a-z]\]/.exec(shown)?.[0] ?? null;
}

/** The shown texts of one period's figures, whichever part they come from. */
export interface FigureText {
  period: Month;
  value: string;
  numerator: string | null;
  denominator: string | null;
  /** A symbol qualifying the value, e.g. [u] for a rate over too few events to be reliable. */
  flag?: string;
}

/** The value in its unit, with its qualifying symbol: "4.1 per 10,000 [u]". */
function valueWords(indicator: Indicator, figure: FigureText): string {
  const value = withUnit(indicator, figure.value);
  return figure.flag ? `${value} ${figure.flag}` : value;
}

/** "62 of 91, 68.1%" where a number and a percentage or rate both exist. */
export function outturnWords(indicator: Indicator, figure: FigureText | null, symbols: DisclosureSymbols): string {
  if (!figure) return symbols.not_available;
  const value = valueWords(indicator, figure);
  const num = figure.numerator === null ? null : groupThousands(figure.numerator);
  const den = figure.denominator === null ? null : groupThousands(figure.denominator);
  if (indicator.unit === 'percent' && num !== null && den !== null) return `${num} of ${den}, ${value}`;
  if (indicator.unit === 'rate_per_10000' && num !== null) return `${value} (number: ${num})`;
  if (indicator.unit === 'days' && num !== null) return `${value} (average over ${num})`;
  return value;
}

/** A comparison figure with its period, so a quarterly "previous" says which quarter. */
export function periodFigureWords(indicator: Indicator, figure: FigureText | null, symbols: DisclosureSymbols): string {
  if (!figure) return symbols.not_available;
  return `${valueWords(indicator, figure)} (${monthShort(figure.period)})`;
}
