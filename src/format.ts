import type { DisclosureSymbols, Frequency, Indicator, Month, SourceSymbol } from './types.js';

/** Default shown precision by unit (SPEC: 1 for percent/rate, 0 for count/days). */
export function defaultDecimals(unit: Indicator['unit']): number {
  switch (unit) {
    case 'percent':
    case 'rate':
      return 1;
    case 'ratio':
      return 2;
    default:
      return 0;
  }
}

/**
 * Round half away from zero at `decimals`, robust to binary fractions
 * (67.95 stays 68.0, 0.125 → 0.13 at 2dp), so what is compared is what is shown.
 */
export function roundShown(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(Number(scaled.toPrecision(12))) / factor;
  return Math.sign(value) * rounded || 0;
}

/** The figure as a plain string at its shown precision, e.g. "68.1" (the ledger's `shown`). */
export function shownNumber(value: number, decimals: number): string {
  return roundShown(value, decimals).toFixed(decimals);
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(s: string): boolean {
  return MONTH_RE.test(s);
}

/** "2023-11" → "November 2023" */
export function monthName(month: Month): string {
  const [y, m] = month.split('-');
  return `${MONTHS[Number(m) - 1]} ${y}`;
}

/** "2023-11" → "Nov 2023" (chart axes, compact tables) */
export function monthShort(month: Month): string {
  const [y, m] = month.split('-');
  return `${MONTHS[Number(m) - 1].slice(0, 3)} ${y}`;
}

/** Month arithmetic: addMonths("2023-11", -1) → "2023-10". */
export function addMonths(month: Month, n: number): Month {
  const [y, m] = month.split('-').map(Number);
  const total = y * 12 + (m - 1) + n;
  const yy = Math.floor(total / 12);
  const mm = total - yy * 12 + 1;
  return `${String(yy).padStart(4, '0')}-${String(mm).padStart(2, '0')}`;
}

/** Months from..to inclusive. */
export function monthRange(from: Month, to: Month): Month[] {
  const out: Month[] = [];
  for (let m = from; m <= to; m = addMonths(m, 1)) out.push(m);
  return out;
}

/**
 * The first month of the year a month falls in, for a year starting in month `start`
 * (default April, the financial year): "2024-02" → "2023-04"; with start 1, "2024-02" → "2024-01".
 */
export function financialYearStart(month: Month, start = 4): Month {
  const [y, m] = month.split('-').map(Number);
  return `${m >= start ? y : y - 1}-${String(start).padStart(2, '0')}`;
}

/** Whole months from `from` to `to` ("2025-03" → "2025-11" is 8). */
export function monthsBetween(from: Month, to: Month): number {
  const [fy, fm] = from.split('-').map(Number);
  const [ty, tm] = to.split('-').map(Number);
  return (ty - fy) * 12 + (tm - fm);
}

/** Months between one period of a frequency and the next. */
export function periodLength(frequency: Frequency): number {
  return frequency === 'monthly' ? 1 : frequency === 'quarterly' ? 3 : 12;
}

/** SPEC Second round › Reference periods: how long a figure stays current, by frequency. */
export function defaultCurrentFor(frequency: Frequency): number {
  return frequency === 'monthly' ? 1 : frequency === 'quarterly' ? 4 : 15;
}

export const SOURCE_SYMBOLS: readonly SourceSymbol[] = ['c', 'x', 'z', 'u', 'low'];

/** A publisher's symbol in a cell, bracketed or not, any case ("c", "[c]", "LOW"); null when it is not one. */
export function sourceSymbol(text: string): SourceSymbol | null {
  const bare = text.trim().replace(/^\[(.*)\]$/, '$1').trim().toLowerCase();
  return (SOURCE_SYMBOLS as readonly string[]).includes(bare) ? (bare as SourceSymbol) : null;
}

/** A publisher's symbol as this workspace prints it (SPEC: "as configured under `symbols`"). */
export function symbolText(symbols: DisclosureSymbols, symbol: SourceSymbol): string {
  switch (symbol) {
    case 'c':
      return symbols.suppressed;
    case 'x':
      return symbols.not_available;
    case 'z':
      return symbols.not_applicable;
    case 'u':
      return symbols.low_reliability;
    case 'low':
      return symbols.rounds_to_zero;
  }
}

/** "April" for 4: the wording of a year_to_date's restart ("cumulative since 1 April"). */
export function monthWord(n: number): string {
  return MONTHS[n - 1];
}

// toLocaleString builds an ICU formatter on every call, and building the first one costs 25–40 ms
// of a build's start. Whole numbers (every count and population a paper prints) and weekdays are
// written here, exactly as en-GB's ICU writes them (test/render/format.test.ts compares the two); anything
// else goes to a formatter built once, when first needed.
let grouped: Intl.NumberFormat | undefined;

/** "1,234": an integer with its thousands separated, as a British reader writes it. */
export function thousands(n: number): string {
  if (Number.isSafeInteger(n) && !Object.is(n, -0)) return String(n).replace(/\B(?=(\d{3})+$)/g, ',');
  grouped ??= new Intl.NumberFormat('en-GB');
  return grouped.format(n);
}

const fractions = new Map<number, Intl.NumberFormat>();

/**
 * "1,234.5": a number already rounded to at most `decimals` places (roundShown), its thousands
 * separated and no trailing zeros, as en-GB's ICU writes it with those fraction digits.
 */
export function groupedDecimal(value: number, decimals: number): string {
  if (Number.isFinite(value) && Math.abs(value) < 1e15 && !Object.is(value, -0) && Number.isInteger(decimals) && decimals >= 0 && decimals <= 10) {
    const [whole, fraction = ''] = value.toFixed(decimals).split('.');
    const digits = fraction.replace(/0+$/, '');
    return thousands(Number(whole)) + (digits ? `.${digits}` : '');
  }
  let format = fractions.get(decimals);
  if (!format) {
    format = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: decimals });
    fractions.set(decimals, format);
  }
  return format.format(value);
}

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** "2024-02-01" → "Thursday 1 February 2024" (computed in UTC: no time zone can move it). */
export function longDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = WEEKDAYS[d.getUTCDay()];
  return `${day} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The population a rate for `period` is over: the latest the catalogue gives at or before it (or its only one). */
export function populationAt(indicator: Indicator, period: Month): number | null {
  let found: number | null = null;
  for (const p of indicator.population?.values ?? []) if (p.period === null || p.period <= period) found = p.value;
  return found;
}

/** "10,000": a rate's base in words. */
export function rateBase(indicator: Indicator): string {
  return thousands(indicator.rate_per ?? 10000);
}

/** "1 problem", "2 problems". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
