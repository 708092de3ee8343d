import type { DisclosureSymbols, Indicator, Month } from '../types.js';
import { formatInUnit } from '../assess/rag.js';
import { monthShort, rateBase, thousands } from '../format.js';

/** The shown texts of one period's figures, whichever part they come from. */
export interface FigureText {
  period: Month;
  value: string;
  numerator: string | null;
  denominator: string | null;
  /** A symbol qualifying the value, e.g. [u] for a rate over too few events to be reliable. */
  flag?: string;
  /** The extract's note on the figure: Part 2's texts only (Part 1's view has none to give). */
  note?: string;
}

/** The text with the figure's note after it, where it has one (Part 2). */
export function withNote(text: string, figure: Pick<FigureText, 'note'>): string {
  return figure.note ? `${text} (note: ${figure.note})` : text;
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
    case 'rate':
      return grouped.replace(/^(-?[\d,]+(\.\d+)?)/, `$1 per ${rateBase(indicator)}`);
    case 'days':
      return grouped.replace(/^(-?[\d,]+(\.\d+)?)/, '$1 days');
    default:
      return grouped;
  }
}

/** Separates thousands in the leading number only, keeping its shown decimals. */
export function groupThousands(shown: string): string {
  return shown.replace(/^(-?)(\d+)/, (_all, sign: string, digits: string) => sign + thousands(Number(digits)));
}

/** The leading number of a shown text, for drawing: "68.1" → 68.1, "[c]" → null. */
export function shownValue(shown: string): number | null {
  const match = /^-?[\d,]*\.?\d+/.exec(shown.trim());
  return match ? Number(match[0].replace(/,/g, '')) : null;
}

/** The symbols of this workspace's settings in words, for the chart's text alternative. */
export function symbolWords(symbols: DisclosureSymbols): Map<string, string> {
  return new Map([
    [symbols.suppressed, 'suppressed'],
    [symbols.not_available, 'not available'],
    [symbols.not_applicable, 'not applicable'],
    [symbols.low_reliability, 'low reliability'],
    [symbols.rounds_to_zero, 'rounds to zero'],
  ]);
}

/** The configured symbol a shown text is or carries ("[c]", or "*" with `symbols: { suppressed: "*" }`). */
export function symbolIn(shown: string, symbols: DisclosureSymbols): string | null {
  const text = shown.trim();
  const all = [...symbolWords(symbols).keys()];
  return all.find((s) => text === s) ?? all.find((s) => text.includes(s)) ?? null;
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

/** The value in its unit, with its qualifying symbol: "4.1 per 10,000 [u]". */
function valueWords(indicator: Indicator, figure: FigureText): string {
  const value = withUnit(indicator, figure.value);
  return figure.flag ? `${value} ${figure.flag}` : value;
}

/**
 * "62 of 91, 68.1%" where a number and a percentage or rate both exist; labelled with its own
 * period where that is not the paper's month ("1,101 of 4,630, 23.8% (Mar 2025)").
 */
export function outturnWords(indicator: Indicator, figure: FigureText | null, symbols: DisclosureSymbols, month?: Month): string {
  if (!figure) return symbols.not_available;
  const words = outturnOnly(indicator, figure);
  return withNote(month !== undefined && figure.period !== month ? `${words} (${monthShort(figure.period)})` : words, figure);
}

function outturnOnly(indicator: Indicator, figure: FigureText): string {
  const value = valueWords(indicator, figure);
  const num = figure.numerator === null ? null : groupThousands(figure.numerator);
  const den = figure.denominator === null ? null : groupThousands(figure.denominator);
  if (indicator.unit === 'percent' && num !== null && den !== null) return `${num} of ${den}, ${value}`;
  if (indicator.unit === 'rate' && num !== null) return `${value} (number: ${num})`;
  if (indicator.unit === 'days' && num !== null) return `${value} (average over ${num})`;
  return value;
}

/** A comparison figure with its period, so a quarterly "previous" says which quarter. */
export function periodFigureWords(indicator: Indicator, figure: FigureText | null, symbols: DisclosureSymbols): string {
  if (!figure) return symbols.not_available;
  return withNote(`${valueWords(indicator, figure)} (${monthShort(figure.period)})`, figure);
}
