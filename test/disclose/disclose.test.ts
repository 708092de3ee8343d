import { describe, expect, it } from 'vitest';
import { disclose } from '../../src/disclose/index.js';
import { InputError } from '../../src/errors.js';
import type { LedgerRow } from '../../src/types.js';
import { assess, countBreakdown, indicator, shown, workspace, type Row } from './builder.js';
import { feasibleValues } from './bruteforce.js';

const M = '2023-11';

async function run(spec: Parameters<typeof workspace>[0], month = M) {
  const ws = workspace(spec);
  return disclose(ws, assess(ws, month));
}

function ledgerRow(indicator: string, period: string, shownText: string, field: LedgerRow['field'] = 'value', breakdown = '', category = ''): LedgerRow {
  return { indicator, period, breakdown, category, field, shown: shownText };
}

describe('primary suppression of counts', () => {
  it('shows 0 and 6, hides 1 and 5 (boundaries)', async () => {
    const ids = ['zero', 'one', 'five', 'six'];
    const d = await run({ indicators: ids.map((id) => indicator({ id })), rows: ids.map((id, i) => [id, M, [0, 1, 5, 6][i], null, null] as Row) });
    expect(ids.map((id) => shown(d.figures, id, M, 'value'))).toEqual(['0', '[c]', '[c]', '6']);
    expect(d.log.map((l) => [l.indicator, l.kind, l.rule])).toEqual([
      ['one', 'primary', 'count from 1 to 5'],
      ['five', 'primary', 'count from 1 to 5'],
    ]);
  });

  it('follows a configured threshold', async () => {
    const d = await run({ indicators: [indicator({ id: 'a' })], rows: [['a', M, 7, null, null]], disclosure: { threshold: 9 } });
    expect(shown(d.figures, 'a', M, 'value')).toBe('[c]');
  });

  it('shows everything for an indicator that is not about people', async () => {
    const d = await run({ indicators: [indicator({ id: 'schools', disclosure: { suppress: false } })], rows: [['schools', M, 3, null, null]] });
    expect(shown(d.figures, 'schools', M, 'value')).toBe('3');
    expect(d.log).toEqual([]);
  });

  it('suppresses nothing when nothing is small (no over-suppression)', async () => {
    const rows = [['a', M, 40, null, null], ...countBreakdown('a', M, 'age', [['0-9', 0], ['10-15', 12], ['16-17', 28]])] as Row[];
    const d = await run({ indicators: [indicator({ id: 'a' })], rows });
    expect(d.log).toEqual([]);
    expect(d.figures.every((f) => f.shown !== '[c]')).toBe(true);
  });
});

describe('secondary suppression in breakdowns', () => {
  it('hides the smallest non-zero complement of a single hidden category (TC1, one dimension)', async () => {
    const rows = [['a', M, 38, null, null], ...countBreakdown('a', M, 'age', [['0-4', 12], ['5-9', 9], ['10-15', 3], ['16-17', 14]])] as Row[];
    const d = await run({ indicators: [indicator({ id: 'a' })], rows });
    expect(d.log.map((l) => [l.category, l.kind]).sort()).toEqual([
      ['10-15', 'primary'],
      ['5-9', 'secondary'],
    ]);
    const values = feasibleValues(d.figures, 'a', M, '[c]', 60).get('age=10-15')!;
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBe(11);
  });

  it('adds a third cell when two 1s would be pinned by the zeros shown (TC2)', async () => {
    const rows = [['eth', M, 50, null, null], ...countBreakdown('eth', M, 'ethnicity', [['white', 41], ['mixed', 1], ['asian', 1], ['black', 7], ['other', 0]])] as Row[];
    const d = await run({ indicators: [indicator({ id: 'eth' })], rows });
    expect(d.log.map((l) => l.category).sort()).toEqual(['asian', 'black', 'mixed']);
    expect(shown(d.figures, 'eth', M, 'value', 'ethnicity', 'other')).toBe('0');
    const v = feasibleValues(d.figures, 'eth', M, '[c]', 60);
    expect([...v.get('ethnicity=mixed')!].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('never picks a zero as the complement while a non-zero one exists (TC7)', async () => {
    const rows = [['a', M, 17, null, null], ...countBreakdown('a', M, 'sex', [['x', 3], ['y', 0], ['z', 14]])] as Row[];
    const d = await run({ indicators: [indicator({ id: 'a' })], rows });
    expect(shown(d.figures, 'a', M, 'value', 'sex', 'y')).toBe('0');
    expect(shown(d.figures, 'a', M, 'value', 'sex', 'z')).toBe('[c]');
  });

  it('treats a small total as primary, with the public RAG, directions and benchmarks not computed (TC4)', async () => {
    const ind = indicator({ id: 'a', target: 10, polarity: 'lower_is_better', benchmarks: [{ name: 'England', value: 3, period: '2023-24' }] });
    const rows = [['a', M, 4, null, null], ['a', '2023-10', 9, null, null], ...countBreakdown('a', M, 'sex', [['f', 2], ['m', 2]])] as Row[];
    const d = await run({ indicators: [ind], rows });
    expect(shown(d.figures, 'a', M, 'value')).toBe('[c]');
    const a = d.public.assessments[0];
    expect(a.headlineSuppressed).toBe(true);
    expect(a.rag).toBe('suppressed');
    expect([a.direction, a.direction_year]).toEqual(['not_comparable', 'not_comparable']);
    expect(a.benchmarks[0].comparison).toBe('not_comparable');
    expect(d.public.anyHeadlineSuppressed).toBe(true);
    expect(a.breakdowns.every((b) => 'suppressed' in b.value)).toBe(true);
  });

  it('audits linked breakdowns that share a total as one system', async () => {
    // The numerators of two tables share the headline; hiding age 3 must not be undone through the sex table.
    const rows: Row[] = [
      ['p', M, 23, 50, null],
      ['p', M, 3, 10, null, 'age', 'young'],
      ['p', M, 20, 40, null, 'age', 'old'],
      ['p', M, 11, 25, null, 'sex', 'm'],
      ['p', M, 12, 25, null, 'sex', 'f'],
    ];
    const d = await run({ indicators: [indicator({ id: 'p', unit: 'percent' })], rows });
    const hidden = d.log.filter((l) => l.field === 'numerator').map((l) => `${l.breakdown}=${l.category}`);
    expect(hidden).toEqual(['age=young', 'age=old']);
    expect(shown(d.figures, 'p', M, 'denominator', 'age', 'young')).toBe('10');
    expect(shown(d.figures, 'p', M, 'value', 'age', 'young')).toBe('[c]');
    expect(shown(d.figures, 'p', M, 'value')).toBe('46.0');
  });

  it('protects a once-[c] total through every breakdown that adds up to it', async () => {
    const rows: Row[] = [
      ['a', '2023-10', 20, null, null],
      ['a', M, 30, null, null],
      ...countBreakdown('a', M, 'age', [['young', 8], ['old', 22]]),
    ];
    const d = await run({ indicators: [indicator({ id: 'a' })], rows, ledgers: { '2023-10': [ledgerRow('a', '2023-10', '[c]')] } });
    expect(shown(d.figures, 'a', '2023-10', 'value')).toBe('[c]');
    expect(d.log.find((l) => l.period === '2023-10')?.rule).toBe('shown as [c] in the published ledger for 2023-10');
    expect(d.log.filter((l) => l.period === M)).toEqual([]);
  });
});
