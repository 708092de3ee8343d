import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { comparableWithPrevious, compareToBenchmark, directionFor, ragFor, ragRuleText } from '../../src/assess/rag.js';
import type { Rag } from '../../src/assess/types.js';
import { roundShown } from '../../src/format.js';
import type { AmberRule, Indicator } from '../../src/types.js';
import { stabilityIndicator } from '../helpers/builders.js';

const higher = (rag: AmberRule | undefined, target = 70) => stabilityIndicator({ polarity: 'higher_is_better', target, rag });
const lower = (rag: AmberRule | undefined, target = 10) => stabilityIndicator({ polarity: 'lower_is_better', target, rag });
const range = (rag: AmberRule | undefined, target_range: [number, number] = [12, 18]) =>
  stabilityIndicator({ polarity: 'within_range', target: undefined, target_range, rag });

describe('ragFor: polarity × amber rule × boundary', () => {
  const cases: [string, Indicator, number, Rag][] = [
    // higher_is_better, target 70
    ['higher tolerance: at target', higher({ tolerance: 5 }), 70, 'green'],
    ['higher tolerance: 67.96 shown as 68.0 vs target 68 (SPEC)', higher({ tolerance: 5 }, 68), 67.96, 'green'],
    ['higher tolerance: just under target', higher({ tolerance: 5 }), 69.9, 'amber'],
    ['higher tolerance: exactly 5 under (SPEC)', higher({ tolerance: 5 }), 65, 'amber'],
    ['higher tolerance: 64.96 shows as 65.0', higher({ tolerance: 5 }), 64.96, 'amber'],
    ['higher tolerance: one step beyond', higher({ tolerance: 5 }), 64.9, 'red'],
    ['higher tolerance_percent: 10% of 70 is 63', higher({ tolerance_percent: 10 }), 63, 'amber'],
    ['higher tolerance_percent: beyond', higher({ tolerance_percent: 10 }), 62.9, 'red'],
    ['higher floor: at floor', higher({ floor: 60 }), 60, 'amber'],
    ['higher floor: below floor', higher({ floor: 60 }), 59.9, 'red'],
    ['higher no amber rule: just under', higher(undefined), 69.9, 'red'],
    ['higher no amber rule: at target', higher(undefined), 70, 'green'],
    // lower_is_better, target 10
    ['lower tolerance: at target', lower({ tolerance: 2 }), 10, 'green'],
    ['lower tolerance: 10.04 shows as 10.0', lower({ tolerance: 2 }), 10.04, 'green'],
    ['lower tolerance: just over', lower({ tolerance: 2 }), 10.1, 'amber'],
    ['lower tolerance: exactly at target + tolerance', lower({ tolerance: 2 }), 12, 'amber'],
    ['lower tolerance: beyond', lower({ tolerance: 2 }), 12.1, 'red'],
    ['lower tolerance_percent: 20% of 10 is 12', lower({ tolerance_percent: 20 }), 12, 'amber'],
    ['lower tolerance_percent: beyond', lower({ tolerance_percent: 20 }), 12.1, 'red'],
    ['lower floor: at floor', lower({ floor: 15 }), 15, 'amber'],
    ['lower floor: beyond', lower({ floor: 15 }), 15.1, 'red'],
    ['lower no amber rule: just over', lower(undefined), 10.1, 'red'],
    // within_range [12, 18]
    ['range: low end', range({ tolerance: 2 }), 12, 'green'],
    ['range: high end', range({ tolerance: 2 }), 18, 'green'],
    ['range tolerance: just below', range({ tolerance: 2 }), 11.9, 'amber'],
    ['range tolerance: exactly tolerance below', range({ tolerance: 2 }), 10, 'amber'],
    ['range tolerance: beyond below', range({ tolerance: 2 }), 9.9, 'red'],
    ['range tolerance: exactly tolerance above', range({ tolerance: 2 }), 20, 'amber'],
    ['range tolerance: beyond above', range({ tolerance: 2 }), 20.1, 'red'],
    ['range tolerance_percent: 10% of 12 below', range({ tolerance_percent: 10 }), 10.8, 'amber'],
    ['range tolerance_percent: beyond below', range({ tolerance_percent: 10 }), 10.7, 'red'],
    ['range tolerance_percent: 10% of 18 above', range({ tolerance_percent: 10 }), 19.8, 'amber'],
    ['range tolerance_percent: beyond above', range({ tolerance_percent: 10 }), 19.9, 'red'],
    ['range no amber rule: outside', range(undefined), 18.1, 'red'],
    // not rated and no data
    ['polarity none', stabilityIndicator({ polarity: 'none', target: undefined, rag: undefined }), 50, 'not_rated'],
    ['no target', stabilityIndicator({ target: undefined }), 50, 'not_rated'],
    ['no figure', higher({ tolerance: 5 }), NaN, 'no_data'],
    ['no figure outranks not rated', stabilityIndicator({ polarity: 'none', target: undefined, rag: undefined }), NaN, 'no_data'],
  ];
  it.each(cases)('%s', (_name, ind, value, expected) => {
    expect(ragFor(ind, Number.isNaN(value) ? null : value)).toBe(expected);
  });

  it('is not fooled by binary fractions at a 0.1-point tolerance', () => {
    const ind = higher({ tolerance: 0.3 }, 0.3);
    expect(ragFor(ind, 0)).toBe('amber');
    expect(ragFor(ind, 0.1 + 0.2)).toBe('green');
  });

  it('rates counts at whole numbers', () => {
    const ind = stabilityIndicator({ unit: 'count', decimals: 0, polarity: 'lower_is_better', target: 10, rag: { tolerance: 2 } });
    expect(ragFor(ind, 12.4)).toBe('amber');
    expect(ragFor(ind, 12.5)).toBe('red');
  });
});

const RANK: Record<Rag, number> = { green: 0, amber: 1, red: 2, not_rated: -1, no_data: -1 };
const rule = fc.oneof(
  fc.record({ tolerance: fc.integer({ min: 0, max: 200 }).map((n) => n / 10) }),
  fc.record({ tolerance_percent: fc.integer({ min: 0, max: 50 }) }),
  fc.constant(undefined),
);
const value = fc.integer({ min: 0, max: 2000 }).map((n) => n / 10);
const precise = fc.integer({ min: 0, max: 200000 }).map((n) => n / 1000);

describe('ragFor properties', () => {
  it('a better outturn never gets a worse rating (higher and lower)', () => {
    fc.assert(
      fc.property(fc.boolean(), value, rule, precise, precise, (isHigher, target, rag, a, b) => {
        const ind = isHigher ? higher(rag, target) : lower(rag, target);
        const [worse, better] = isHigher ? [Math.min(a, b), Math.max(a, b)] : [Math.max(a, b), Math.min(a, b)];
        expect(RANK[ragFor(ind, better)]).toBeLessThanOrEqual(RANK[ragFor(ind, worse)]);
      }),
    );
  });

  it('moving towards the range from either side never gets a worse rating', () => {
    fc.assert(
      fc.property(value, value, rule, precise, precise, (x, y, rag, a, b) => {
        const [lo, hi] = [Math.min(x, y), Math.max(x, y)];
        const ind = range(rag, [lo, hi]);
        const [p, q] = [roundShown(Math.min(a, b), 1), roundShown(Math.max(a, b), 1)];
        if (q <= lo) expect(RANK[ragFor(ind, q)]).toBeLessThanOrEqual(RANK[ragFor(ind, p)]);
        if (p >= hi) expect(RANK[ragFor(ind, p)]).toBeLessThanOrEqual(RANK[ragFor(ind, q)]);
        if (p >= lo && q <= hi) expect([ragFor(ind, p), ragFor(ind, q)]).toEqual(['green', 'green']);
      }),
    );
  });

  it('lower_is_better mirrors higher_is_better', () => {
    fc.assert(
      fc.property(value, fc.option(fc.record({ tolerance: fc.integer({ min: 0, max: 200 }).map((n) => n / 10) }), { nil: undefined }), value, (target, rag, v) => {
        // Mirroring x → −x turns "at least target" into "at most −target".
        expect(ragFor(lower(rag, -target), -v)).toBe(ragFor(higher(rag, target), v));
        expect(directionFor(lower(rag, -target), -v, -target)).toBe(directionFor(higher(rag, target), v, target));
      }),
    );
  });

  it('boundaries hold at shown precision: the target and target − tolerance are inside their bands, one step beyond is not', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 1000 }), fc.integer({ min: 1, max: 99 }), (t10, tol10) => {
        const target = t10 / 10;
        const tolerance = tol10 / 10;
        const ind = higher({ tolerance }, target);
        const amberEdge = roundShown(target - tolerance, 1);
        expect(ragFor(ind, target)).toBe('green');
        expect(ragFor(ind, target - 0.04)).toBe('green');
        expect(ragFor(ind, roundShown(target - 0.1, 1))).toBe('amber');
        expect(ragFor(ind, amberEdge)).toBe('amber');
        expect(ragFor(ind, amberEdge - 0.04)).toBe('amber');
        expect(ragFor(ind, roundShown(amberEdge - 0.1, 1))).toBe('red');
      }),
    );
  });

  it('the key in words agrees with the ratings', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 1000 }), fc.integer({ min: 0, max: 99 }), (t10, tol10) => {
        const ind = higher({ tolerance: tol10 / 10 }, t10 / 10);
        const text = ragRuleText(ind);
        const green = Number(/Green: ([\d.]+)%/.exec(text)![1]);
        expect(ragFor(ind, green)).toBe('green');
        expect(ragFor(ind, roundShown(green - 0.1, 1))).not.toBe('green');
        const red = Number(/Red: below ([\d.]+)%/.exec(text)![1]);
        expect(ragFor(ind, roundShown(red - 0.1, 1))).toBe('red');
        expect(ragFor(ind, red)).not.toBe('red');
      }),
    );
  });
});

describe('directionFor', () => {
  it('judges by polarity at shown precision', () => {
    expect(directionFor(higher({ tolerance: 5 }), 69.2, 68.1)).toBe('declining');
    expect(directionFor(higher({ tolerance: 5 }), 68.1, 69.2)).toBe('improving');
    expect(directionFor(lower({ tolerance: 2 }), 12, 11)).toBe('improving');
    expect(directionFor(higher({ tolerance: 5 }), 68.04, 67.96)).toBe('no_change');
  });
  it('within_range: by the distance to the range', () => {
    const ind = range({ tolerance: 2 });
    expect(directionFor(ind, 20, 19)).toBe('improving');
    expect(directionFor(ind, 10, 9)).toBe('declining');
    expect(directionFor(ind, 13, 17)).toBe('no_change');
    expect(directionFor(ind, 10, 20)).toBe('no_change');
    expect(directionFor(ind, 9, 19)).toBe('improving');
  });
  it('is not comparable with no polarity or a missing figure', () => {
    expect(directionFor(stabilityIndicator({ polarity: 'none', target: undefined, rag: undefined }), 1, 2)).toBe('not_comparable');
    expect(directionFor(higher({ tolerance: 5 }), null, 2)).toBe('not_comparable');
    expect(directionFor(higher({ tolerance: 5 }), 2, null)).toBe('not_comparable');
  });
  it('needs no target to have a direction', () => {
    expect(directionFor(stabilityIndicator({ target: undefined, rag: undefined }), 1, 2)).toBe('improving');
  });
});

describe('comparableWithPrevious', () => {
  it('rules out month-to-month comparison only for cumulative counts and rates', () => {
    expect(comparableWithPrevious(stabilityIndicator({ basis: 'year_to_date', unit: 'count' }))).toBe(false);
    expect(comparableWithPrevious(stabilityIndicator({ basis: 'year_to_date', unit: 'rate' }))).toBe(false);
    expect(comparableWithPrevious(stabilityIndicator({ basis: 'year_to_date', unit: 'percent' }))).toBe(true);
    expect(comparableWithPrevious(stabilityIndicator({ basis: 'snapshot', unit: 'count' }))).toBe(true);
    expect(comparableWithPrevious(stabilityIndicator({ basis: 'rolling_12_months', unit: 'count' }))).toBe(true);
  });
});

describe('compareToBenchmark', () => {
  it('judges by polarity, both at shown precision', () => {
    expect(compareToBenchmark(higher({ tolerance: 5 }), 68.1, 68)).toBe('better');
    expect(compareToBenchmark(lower({ tolerance: 5 }), 68.1, 68)).toBe('worse');
    expect(compareToBenchmark(higher({ tolerance: 5 }), 66.2, 66.24)).toBe('same');
    expect(compareToBenchmark(range({ tolerance: 2 }), 17, 20)).toBe('better');
    expect(compareToBenchmark(higher({ tolerance: 5 }), null, 68)).toBe('not_comparable');
    expect(compareToBenchmark(stabilityIndicator({ polarity: 'none', target: undefined }), 50, 68)).toBe('not_comparable');
  });
});

describe('ragRuleText', () => {
  const cases: [string, Indicator, string][] = [
    ['higher tolerance', higher({ tolerance: 5 }), 'Green: 70% or more. Amber: 65% to 69.9%. Red: below 65%.'],
    ['higher tolerance_percent', higher({ tolerance_percent: 10 }), 'Green: 70% or more. Amber: 63% to 69.9%. Red: below 63%.'],
    ['higher floor', higher({ floor: 60 }), 'Green: 70% or more. Amber: 60% to 69.9%. Red: below 60%.'],
    ['higher, no amber', higher(undefined), 'Green: 70% or more. Red: below 70%.'],
    ['higher, boundary between shown values', higher({ tolerance: 5 }, 70.25), 'Green: 70.3% or more. Amber: 65.3% to 70.2%. Red: below 65.3%.'],
    ['lower tolerance', lower({ tolerance: 2 }), 'Green: 10% or less. Amber: 10.1% to 12%. Red: above 12%.'],
    ['lower tolerance_percent', lower({ tolerance_percent: 20 }), 'Green: 10% or less. Amber: 10.1% to 12%. Red: above 12%.'],
    ['lower floor', lower({ floor: 15 }), 'Green: 10% or less. Amber: 10.1% to 15%. Red: above 15%.'],
    ['lower, no amber', lower(undefined), 'Green: 10% or less. Red: above 10%.'],
    ['range tolerance', range({ tolerance: 2 }), 'Green: 12% to 18%. Amber: 10% to 11.9% or 18.1% to 20%. Red: below 10% or above 20%.'],
    ['range tolerance_percent', range({ tolerance_percent: 10 }), 'Green: 12% to 18%. Amber: 10.8% to 11.9% or 18.1% to 19.8%. Red: below 10.8% or above 19.8%.'],
    ['range, no amber', range(undefined), 'Green: 12% to 18%. Red: below 12% or above 18%.'],
    ['count', stabilityIndicator({ unit: 'count', decimals: 0, polarity: 'lower_is_better', target: 1000, rag: { tolerance: 50 } }), 'Green: 1,000 or less. Amber: 1,001 to 1,050. Red: above 1,050.'],
    ['days', stabilityIndicator({ unit: 'days', decimals: 0, polarity: 'lower_is_better', target: 426, rag: { floor: 486 } }), 'Green: 426 days or less. Amber: 427 days to 486 days. Red: above 486 days.'],
    ['rate', stabilityIndicator({ unit: 'rate', polarity: 'within_range', target: undefined, target_range: [60, 70], rag: undefined }), 'Green: 60 per 10,000 to 70 per 10,000. Red: below 60 per 10,000 or above 70 per 10,000.'],
    ['contextual', stabilityIndicator({ polarity: 'none', target: undefined, rag: undefined }), 'Not rated: contextual indicator.'],
    ['no target', stabilityIndicator({ target: undefined }), 'Not rated: contextual indicator.'],
  ];
  it.each(cases)('%s', (_name, ind, text) => {
    expect(ragRuleText(ind)).toBe(text);
  });
});
