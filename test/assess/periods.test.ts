import { describe, expect, it } from 'vitest';
import { assessMonth, headlineValue } from '../../src/assess/index.js';
import { disclose } from '../../src/disclose/index.js';
import { oneMeetingConfig, stabilityIndicator } from '../helpers/builders.js';
import { lookedAfterWorkspace, outturn } from './builder.js';

/** A DfE-style annual indicator: figures as at 31 March, published in the autumn. */
const annual = stabilityIndicator({ id: 'cla-stability', frequency: 'annual', polarity: 'higher_is_better', target: 70, rag: { tolerance: 5 } });
const rows = [
  outturn('cla-stability', '2023-03', { numerator: 60, denominator: 100 }),
  outturn('cla-stability', '2024-03', { numerator: 66, denominator: 100 }),
  outturn('cla-stability', '2025-03', { numerator: 67, denominator: 100 }),
];

describe('SPEC Second round › Reference periods and frequencies', () => {
  it('an annual figure is current in a paper long after its period, and keeps its own period', () => {
    for (const month of ['2025-03', '2025-09', '2025-11', '2026-05']) {
      const [a] = assessMonth(lookedAfterWorkspace([annual], rows), month).assessments;
      expect(a.current?.period).toBe('2025-03');
      expect(a.rag).toBe('amber');
    }
    // A paper for March 2025 built before the March figure arrived still has March 2024's.
    const [early] = assessMonth(lookedAfterWorkspace([annual], rows.slice(0, 2)), '2025-03').assessments;
    expect(early.current?.period).toBe('2024-03');
  });

  it('stops being current after current_for months, per indicator', () => {
    expect(assessMonth(lookedAfterWorkspace([annual], rows), '2026-06').assessments[0].rag).toBe('no_data');
    const short = { ...annual, current_for: 6 };
    // Current in its own month and the 5 after it.
    expect(assessMonth(lookedAfterWorkspace([short], rows), '2025-08').assessments[0].current?.period).toBe('2025-03');
    expect(assessMonth(lookedAfterWorkspace([short], rows), '2025-09').assessments[0].rag).toBe('no_data');
  });

  it('an annual indicator compares with the previous year once, not twice', () => {
    const [a] = assessMonth(lookedAfterWorkspace([annual], rows), '2025-11').assessments;
    expect(a.previous?.period).toBe('2024-03');
    expect(a.lastYear).toBeNull();
    expect(a.direction).toBe('improving');
    expect(a.direction_year).toBe(a.direction);
  });

  it('charts the indicator’s own periods, anchored on its data, not the build month', () => {
    const [a] = assessMonth(lookedAfterWorkspace([annual], rows), '2025-09').assessments;
    expect(a.trend.map((t) => t.period.slice(5))).toEqual(Array(13).fill('03'));
    expect(a.trend.at(-1)?.period).toBe('2025-03');
    expect(a.trend.filter((t) => t.figure).map((t) => t.period)).toEqual(['2023-03', '2024-03', '2025-03']);
    // Even once it is no longer current, the chart still plots the March points.
    const [stale] = assessMonth(lookedAfterWorkspace([annual], rows), '2026-08').assessments;
    expect(stale.trend.at(-1)?.period).toBe('2025-03');
  });

  it('an unchanged annual figure is an exception only in the month it is new', () => {
    const meetings = { '2025-03': { date: '2025-05-01', report_number: 'A' }, '2025-07': { date: '2025-09-01', report_number: 'B' }, '2025-11': { date: '2026-01-01', report_number: 'C' } };
    const ws = lookedAfterWorkspace([annual], rows);
    ws.config = oneMeetingConfig({ meetings });
    expect(assessMonth(ws, '2025-03').exceptions).toEqual(['cla-stability']);
    expect(assessMonth(ws, '2025-07').exceptions).toEqual([]);
    expect(assessMonth(ws, '2025-11').exceptions).toEqual([]);
    // Still rated Amber in the index: only the exception list leaves it out.
    expect(assessMonth(ws, '2025-11').assessments[0].rag).toBe('amber');
    // A new figure arriving between meetings is new at the next one.
    const later = lookedAfterWorkspace([annual], rows.slice(0, 2));
    later.config = oneMeetingConfig({ meetings: { '2024-03': { date: '2024-05-01', report_number: 'A' }, '2025-11': { date: '2026-01-01', report_number: 'C' } } });
    expect(assessMonth(later, '2025-11').exceptions).toEqual([]);
    // Configured to be reported every month it is current.
    const every = lookedAfterWorkspace([{ ...annual, exceptions: 'every_month' }], rows);
    every.config = oneMeetingConfig({ meetings });
    expect(assessMonth(every, '2025-11').exceptions).toEqual(['cla-stability']);
  });

  it('a figure an earlier ledger already published is not new', () => {
    const ws = lookedAfterWorkspace([annual], rows);
    ws.config = oneMeetingConfig({ meetings: { '2025-01': { date: '2025-03-01', report_number: 'A' }, '2025-06': { date: '2025-08-01', report_number: 'B' } } });
    expect(assessMonth(ws, '2025-06').exceptions).toEqual(['cla-stability']);
    ws.ledgers.set('2025-04', [{ indicator: 'cla-stability', period: '2025-03', breakdown: '', category: '', field: 'value', shown: '67.0' }]);
    expect(assessMonth(ws, '2025-06').exceptions).toEqual([]);
  });

  it('Part 1 lists the same exceptions as Part 2, from periods alone', async () => {
    const ws = lookedAfterWorkspace([annual], rows);
    ws.config = oneMeetingConfig({ meetings: { '2025-11': { date: '2026-01-01', report_number: 'C' } } });
    const assessed = assessMonth(ws, '2025-11');
    const d = await disclose(ws, assessed);
    expect(d.public.exceptions).toEqual(assessed.exceptions);
    expect(d.public.assessments[0].rag).toBe('amber');
  });

  it('a quarterly figure compares with the previous quarter and the same quarter last year', () => {
    const q = stabilityIndicator({ id: 'q', frequency: 'quarterly' });
    const ws = lookedAfterWorkspace([q], [outturn('q', '2024-06', { numerator: 7, denominator: 10 }), outturn('q', '2025-03', { numerator: 6, denominator: 10 }), outturn('q', '2025-06', { numerator: 8, denominator: 10 })]);
    const [a] = assessMonth(ws, '2025-08').assessments;
    expect([a.current?.period, a.previous?.period, a.lastYear?.period]).toEqual(['2025-06', '2025-03', '2024-06']);
  });
});

describe('SPEC Second round › Rates, populations, non-integer figures, published values', () => {
  it('a rate uses the population of its own period and its own base', () => {
    const rate = stabilityIndicator({
      id: 'cla-rate',
      unit: 'rate',
      rate_per: 10000,
      frequency: 'annual',
      polarity: 'none',
      target: undefined,
      rag: undefined,
      population: { values: [{ period: '2021-03', value: 73175 }, { period: '2022-03', value: 73457 }] },
    });
    const ws = lookedAfterWorkspace([rate], [outturn('cla-rate', '2021-03', { numerator: 344 }), outturn('cla-rate', '2024-03', { numerator: 345 })]);
    const [a] = assessMonth(ws, '2024-11').assessments;
    // 345 / 73,457 × 10,000 = 46.97 → 47.0 (as GOV.UK), not 47.1 from 2021's population.
    expect(a.current?.value).toBeCloseTo(46.966, 2);
    expect(a.previous).toBeNull();
    expect(a.trend.find((t) => t.period === '2021-03')?.figure?.value).toBeCloseTo(47.01, 2);
    const perHundredThousand = { ...rate, rate_per: 100000 };
    expect(headlineValue(perHundredThousand, 12, null, null, 30000)).toBeCloseTo(40, 6);
  });

  it('the extract’s population column wins over the catalogue for its row', () => {
    const rate = stabilityIndicator({ id: 'r', unit: 'rate', polarity: 'none', target: undefined, rag: undefined, population: { values: [{ period: null, value: 50000 }] } });
    const ws = lookedAfterWorkspace([rate], [outturn('r', '2023-11', { numerator: 50, population: 100000 })]);
    expect(assessMonth(ws, '2023-11').assessments[0].current?.value).toBeCloseTo(5, 6);
  });
});

describe('SPEC Second round › Source symbols', () => {
  const pct = stabilityIndicator({ id: 'p' });
  const withheld = outturn('p', '2023-11', { symbols: { numerator: 'c', value: 'c' }, denominator: 40 });

  it('RAG and direction treat a withheld figure as unknown, without a "denominator of 0" warning', () => {
    const ws = lookedAfterWorkspace([pct], [outturn('p', '2023-10', { numerator: 30, denominator: 40 }), withheld]);
    const assessed = assessMonth(ws, '2023-11');
    const [a] = assessed.assessments;
    expect(a.current?.symbols).toEqual({ numerator: 'c', value: 'c' });
    expect(a.rag).toBe('no_data');
    expect(a.direction).toBe('not_comparable');
    expect(assessed.warnings).toEqual([]);
  });

  it('Part 1 shows the publisher’s symbol, which is neither our suppression nor a hidden figure', async () => {
    const ws = lookedAfterWorkspace([pct], [outturn('p', '2023-10', { numerator: 30, denominator: 40 }), withheld]);
    const d = await disclose(ws, assessMonth(ws, '2023-11'));
    const [a] = d.public.assessments;
    expect(a.current?.value).toEqual({ suppressed: '[c]', source: true });
    expect(a.current?.numerator).toEqual({ suppressed: '[c]', source: true });
    expect(a.current?.denominator).toEqual({ shown: '40' });
    expect(a.headlineSuppressed).toBe(false);
    expect(a.rag).toBe('no_data');
    expect(d.public.anyHeadlineSuppressed).toBe(false);
    expect(d.log).toEqual([]);
    expect(d.figures.filter((f) => f.period === '2023-11').map((f) => `${f.field}=${f.shown}`).sort()).toEqual(['denominator=40', 'numerator=[c]', 'value=[c]']);
  });

  it('shows each symbol as configured under symbols', async () => {
    const symbols = { suppressed: '*', not_available: '..', not_applicable: '-', low_reliability: '!', rounds_to_zero: '~' };
    const count = stabilityIndicator({ id: 'n', unit: 'count', polarity: 'none', target: undefined, rag: undefined });
    const ws = lookedAfterWorkspace(
      [count],
      (['c', 'x', 'z', 'u', 'low'] as const).map((s, i) => outturn('n', `2023-0${i + 1}`, { symbols: { numerator: s } })),
    );
    ws.config = oneMeetingConfig({ disclosure: { ...ws.config.disclosure, symbols } });
    const d = await disclose(ws, assessMonth(ws, '2023-05'));
    const shown = d.public.assessments[0].trend.filter((t) => t.figure).map((t) => t.figure!.value);
    expect(shown).toEqual(['*', '..', '-', '!', '~'].map((s) => ({ suppressed: s, source: true })));
  });

  it('a ledger showing a publisher’s [c] does not make it a figure we must protect', async () => {
    const count = stabilityIndicator({ id: 'n', unit: 'count', polarity: 'none', target: undefined, rag: undefined });
    const ws = lookedAfterWorkspace([count], [outturn('n', '2023-10', { symbols: { numerator: 'c' } }), outturn('n', '2023-11', { numerator: 40 })]);
    ws.ledgers.set('2023-10', [{ indicator: 'n', period: '2023-10', breakdown: '', category: '', field: 'value', shown: '[c]' }]);
    const d = await disclose(ws, assessMonth(ws, '2023-11'));
    expect(d.log).toEqual([]);
    expect(d.public.assessments[0].current?.value).toEqual({ shown: '40' });
  });
});
