import type { Indicator, Month } from './types.js';

/** Default shown precision by unit (SPEC: 1 for percent/rate, 0 for count/days). */
export function defaultDecimals(unit: Indicator['unit']): number {
  switch (unit) {
    case 'percent':
    case 'rate_per_10000':
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

/** The financial year's first month (April) for a month: "2024-02" → "2023-04". */
export function financialYearStart(month: Month): Month {
  const [y, m] = month.split('-').map(Number);
  return `${m >= 4 ? y : y - 1}-04`;
}

/** "2024-02-01" → "Thursday 1 February 2024" (computed in UTC: no time zone can move it). */
export function longDate(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  const day = d.toLocaleDateString('en-GB', { weekday: 'long', timeZone: 'UTC' });
  return `${day} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "1 problem", "2 problems". */
export function plural(n: number, noun: string, nouns = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : nouns}`;
}
