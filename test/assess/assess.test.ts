import { describe, expect, it } from 'vitest';
import { assessMonth, headlineValue } from '../../src/assess/index.js';
import { monthRange } from '../../src/format.js';
import { lookedAfterWorkspace, outturn } from './builder.js';
import { stabilityIndicator } from '../helpers/builders.js';

const ID = 'cla-stability-long-term';

describe('headlineValue', () => {
  it('computes each unit', () => {
    expect(headlineValue(stabilityIndicator(), 62, 91, null)).toBeCloseTo(68.1318, 3);
    expect(headlineValue(stabilityIndicator(), 0, 0, null)).toBeNull();
    expect(headlineValue(stabilityIndicator(), null, null, 55.5)).toBe(55.5);
    expect(headlineValue(stabilityIndicator({ unit: 'rate', population: { label: '0–17', values: [{ period: null, value: 61230 }] } }), 430, null, null, 61230)).toBeCloseTo(70.227, 2);
    expect(headlineValue(stabilityIndicator({ unit: 'count' }), 12, null, null)).toBe(12);
    expect(headlineValue(stabilityIndicator({ unit: 'days' }), 14, null, 486.2)).toBe(486.2);
    expect(headlineValue(stabilityIndicator({ unit: 'ratio' }), 14, null, 1.25)).toBe(1.25);
  });
});

describe('assessMonth: monthly', () => {
  const ws = lookedAfterWorkspace(
    [stabilityIndicator({ benchmarks: [{ name: 'England', value: 68, period: '2023-24' }, { name: 'Statistical neighbours', value: 69, period: '2023-24' }], breakdowns: ['age_band'] })],
    [
      outturn(ID, '2022-11', { numerator: 60, denominator: 90 }),
      outturn(ID, '2023-10', { numerator: 63, denominator: 91 }),
      outturn(ID, '2023-11', { numerator: 62, denominator: 91 }),
      outturn(ID, '2023-11', { numerator: 20, denominator: 30, breakdown: 'age_band', category: '10-12' }),
      outturn(ID, '2023-11', { numerator: 42, denominator: 61, breakdown: 'age_band', category: '13-15' }),
      outturn(ID, '2023-12', { numerator: 90, denominator: 91 }),
    ],
  );
  const a = assessMonth(ws, '2023-11');
  const [x] = a.assessments;

  it('rates the current month and lists it as an exception', () => {
    expect(x.current).toMatchObject({ period: '2023-11', numerator: 62, denominator: 91 });
    expect(x.rag).toBe('amber');
    expect(a.exceptions).toEqual([ID]);
    expect(a.warnings).toEqual([]);
  });
  it('compares with last month and the same month last year', () => {
    expect(x.previous?.period).toBe('2023-10');
    expect(x.direction).toBe('declining');
    expect(x.lastYear?.period).toBe('2022-11');
    expect(x.direction_year).toBe('improving');
  });
  it('gives 13 months of trend, oldest first, gaps as null, nothing after the month', () => {
    expect(x.trend.map((t) => t.period)).toEqual(monthRange('2022-11', '2023-11'));
    expect(x.trend.filter((t) => t.figure !== null).map((t) => t.period)).toEqual(['2022-11', '2023-10', '2023-11']);
  });
  it('carries the breakdowns of the current month', () => {
    expect(x.breakdowns.map((b) => [b.category, b.numerator, b.denominator])).toEqual([
      ['10-12', 20, 30],
      ['13-15', 42, 61],
    ]);
    expect(x.breakdowns[0].value).toBeCloseTo(66.667, 2);
  });
  it('compares benchmarks by polarity', () => {
    expect(x.benchmarks.map((b) => b.comparison)).toEqual(['better', 'worse']);
  });
});

describe('assessMonth: no data', () => {
  it('rates a missing outturn no_data and warns', () => {
    const a = assessMonth(lookedAfterWorkspace([stabilityIndicator()], [outturn(ID, '2023-10', { numerator: 1, denominator: 2 })]), '2023-11');
    expect(a.assessments[0].rag).toBe('no_data');
    expect(a.assessments[0].direction).toBe('not_comparable');
    expect(a.warnings).toEqual(['Indicator 20 (Stability of placements of children looked after – length of placement): no outturn for November 2023']);
    expect(a.exceptions).toEqual([]);
  });
  it('warns when the outturn gives no figure', () => {
    const a = assessMonth(lookedAfterWorkspace([stabilityIndicator()], [outturn(ID, '2023-11', { numerator: 0, denominator: 0 })]), '2023-11');
    expect(a.assessments[0].rag).toBe('no_data');
    expect(a.warnings[0]).toContain('gives no figure');
  });
});

describe('assessMonth: quarterly', () => {
  const q = stabilityIndicator({ id: 'q', frequency: 'quarterly', polarity: 'lower_is_better', target: 10, rag: { tolerance: 2 } });
  const ws = lookedAfterWorkspace(
    [q],
    [
      outturn('q', '2022-09', { numerator: 8, denominator: 100 }),
      outturn('q', '2023-06', { numerator: 9, denominator: 100 }),
      outturn('q', '2023-09', { numerator: 11, denominator: 100 }),
    ],
  );
  it('uses the latest quarter end at or before the month, and the quarter before', () => {
    for (const month of ['2023-09', '2023-10', '2023-11']) {
      const [x] = assessMonth(ws, month).assessments;
      expect(x.current?.period).toBe('2023-09');
      expect(x.previous?.period).toBe('2023-06');
      expect(x.lastYear?.period).toBe('2022-09');
      expect(x.rag).toBe('amber');
      expect(x.direction).toBe('declining');
      expect(x.direction_year).toBe('declining');
    }
  });
  it('trends over 13 quarter ends', () => {
    const [x] = assessMonth(ws, '2023-11').assessments;
    expect(x.trend).toHaveLength(13);
    expect(x.trend[0].period).toBe('2020-09');
    expect(x.trend[12].period).toBe('2023-09');
    expect(x.trend.every((t) => ['03', '06', '09', '12'].includes(t.period.slice(5)))).toBe(true);
  });
  it('keeps a quarter current for 4 months, then says how long nothing arrived (SPEC Second round › Reference periods)', () => {
    expect(assessMonth(ws, '2023-12').assessments[0].current?.period).toBe('2023-09');
    const a = assessMonth(ws, '2024-01');
    expect(a.assessments[0].rag).toBe('no_data');
    expect(a.warnings[0]).toMatch(/no outturn in the 4 months to January 2024$/);
  });
});

describe('assessMonth: annual', () => {
  const y = stabilityIndicator({ id: 'y', frequency: 'annual', polarity: 'higher_is_better', target: 60, rag: { floor: 50 } });
  const ws = lookedAfterWorkspace([y], [outturn('y', '2022-07', { numerator: 50, denominator: 100 }), outturn('y', '2023-07', { numerator: 55, denominator: 100 })]);
  it('takes the latest row at or before the month, and the one a year before it', () => {
    const [x] = assessMonth(ws, '2023-11').assessments;
    expect(x.current?.period).toBe('2023-07');
    expect(x.previous?.period).toBe('2022-07');
    expect(x.direction).toBe('improving');
    expect(x.rag).toBe('amber');
    expect(x.trend[11].period).toBe('2022-07');
  });
  it('keeps an annual figure current for 15 months, then has no data (SPEC Second round › Reference periods)', () => {
    expect(assessMonth(ws, '2024-09').assessments[0].current?.period).toBe('2023-07');
    const a = assessMonth(ws, '2024-10');
    expect(a.assessments[0].rag).toBe('no_data');
    expect(a.warnings[0]).toMatch(/no outturn in the 15 months to October 2024$/);
  });
});

describe('assessMonth: year to date', () => {
  it('does not compare a cumulative count with last month, only with the same point last year', () => {
    const ytd = stabilityIndicator({ id: 'ytd', unit: 'count', decimals: 0, basis: 'year_to_date', polarity: 'lower_is_better', target: 100, rag: { tolerance: 10 } });
    const ws = lookedAfterWorkspace([ytd], [outturn('ytd', '2022-11', { numerator: 50 }), outturn('ytd', '2023-10', { numerator: 30 }), outturn('ytd', '2023-11', { numerator: 40 })]);
    const [x] = assessMonth(ws, '2023-11').assessments;
    expect(x.direction).toBe('not_comparable');
    expect(x.direction_year).toBe('improving');
  });
  it('compares a year-to-date percentage month to month', () => {
    const ytd = stabilityIndicator({ id: 'ytd', basis: 'year_to_date' });
    const ws = lookedAfterWorkspace([ytd], [outturn('ytd', '2023-10', { numerator: 30, denominator: 40 }), outturn('ytd', '2023-11', { numerator: 40, denominator: 50 })]);
    expect(assessMonth(ws, '2023-11').assessments[0].direction).toBe('improving');
  });
});

describe('assessMonth: order', () => {
  it('orders by catalogue section, then number; exceptions by number', () => {
    const sections = [
      { id: 'early-help', title: 'Early help' },
      { id: 'looked-after', title: 'Children looked after' },
    ];
    const ws = lookedAfterWorkspace(
      [
        stabilityIndicator({ id: 'a', number: 3, section: 'looked-after' }),
        stabilityIndicator({ id: 'b', number: 9, section: 'early-help' }),
        stabilityIndicator({ id: 'c', number: 1, section: 'looked-after' }),
        stabilityIndicator({ id: 'd', number: 5, section: 'early-help' }),
      ],
      ['a', 'b', 'c', 'd'].map((id) => outturn(id, '2023-11', { numerator: 60, denominator: 100 })),
      sections,
    );
    const a = assessMonth(ws, '2023-11');
    expect(a.assessments.map((x) => x.indicator.id)).toEqual(['d', 'b', 'c', 'a']);
    expect(a.exceptions).toEqual(['c', 'a', 'd', 'b']);
  });
});
