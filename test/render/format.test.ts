// SPEC "Second round": the papers print figures and meeting dates as a British reader writes them.
// The whole numbers and weekdays are written without ICU (whose first formatter costs a build
// 25–40 ms); these properties hold them to what en-GB's ICU says for the same values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { groupedDecimal, longDate, roundShown, thousands } from '../../src/format.js';

const icuNumber = new Intl.NumberFormat('en-GB');
const icuDate = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

describe('thousands', () => {
  it('writes every whole number as en-GB does', () => {
    fc.assert(fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -1e6, max: 1e6 })), (n) => thousands(n) === icuNumber.format(n)), { numRuns: 5000 });
    for (const n of [0, -0, 1, 999, 1000, -1000, 123456789, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER]) expect(thousands(n)).toBe(icuNumber.format(n));
  });
  it('leaves other numbers to ICU', () => {
    for (const n of [1234.5678, -0.25, 2 ** 60, NaN, Infinity]) expect(thousands(n)).toBe(icuNumber.format(n));
  });
});

describe('groupedDecimal', () => {
  it('writes every value the paper shows (rounded to its places) as en-GB does with those fraction digits', () => {
    const icu = new Map<number, Intl.NumberFormat>();
    const format = (v: number, d: number) => {
      if (!icu.has(d)) icu.set(d, new Intl.NumberFormat('en-GB', { minimumFractionDigits: 0, maximumFractionDigits: d }));
      return icu.get(d)!.format(v);
    };
    fc.assert(
      fc.property(fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: -100000, max: 100000 }).map((n) => n / 1000)), fc.integer({ min: 0, max: 4 }), (v, d) => {
        const shown = roundShown(v, d);
        return groupedDecimal(shown, d) === format(shown, d);
      }),
      { numRuns: 10000 },
    );
    for (const [v, d] of [[0, 0], [-0, 1], [1234.5, 1], [1000000, 2], [0.05, 1], [-12.25, 2], [99.95, 1], [1e16, 0], [NaN, 1]] as const) expect(groupedDecimal(v, d)).toBe(format(v, d));
  });
});

describe('longDate', () => {
  it('names the weekday, day, month and year as en-GB does', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        // ICU writes "Thursday 1 February 2024" for en-GB (no comma), the paper's own form.
        return longDate(iso) === icuDate.format(new Date(`${iso}T00:00:00Z`)).replace(',', '');
      }),
      { numRuns: 3000 },
    );
    expect(longDate('2024-02-01')).toBe('Thursday 1 February 2024');
  });
});
