import { describe, expect, it } from 'vitest';
import { disclose } from '../../src/disclose/index.js';
import { InputError } from '../../src/errors.js';
import type { LedgerRow } from '../../src/types.js';
import { assess, countBreakdown, unratedCount, shown, workspaceFromRows, type Row } from './builder.js';
import { feasibleValues } from './bruteforce.js';

const M = '2023-11';

async function run(spec: Parameters<typeof workspaceFromRows>[0], month = M) {
  const ws = workspaceFromRows(spec);
  return disclose(ws, assess(ws, month));
}

function ledgerRow(indicator: string, period: string, shownText: string, field: LedgerRow['field'] = 'value', breakdown = '', category = ''): LedgerRow {
  return { indicator, period, breakdown, category, field, shown: shownText };
}

describe('primary suppression of counts', () => {
  it('shows 0 and 6, hides 1 and 5 (boundaries)', async () => {
    const ids = ['zero', 'one', 'five', 'six'];
    const d = await run({ indicators: ids.map((id) => unratedCount({ id })), rows: ids.map((id, i) => [id, M, [0, 1, 5, 6][i], null, null] as Row) });
    expect(ids.map((id) => shown(d.figures, id, M, 'value'))).toEqual(['0', '[c]', '[c]', '6']);
    expect(d.log.map((l) => [l.indicator, l.kind, l.rule])).toEqual([
      ['one', 'primary', 'count from 1 to 5'],
      ['five', 'primary', 'count from 1 to 5'],
    ]);
  });

  it('follows a configured threshold', async () => {
    const d = await run({ indicators: [unratedCount({ id: 'a' })], rows: [['a', M, 7, null, null]], disclosure: { threshold: 9 } });
    expect(shown(d.figures, 'a', M, 'value')).toBe('[c]');
  });

  it('shows everything for an indicator that is not about people', async () => {
    const d = await run({ indicators: [unratedCount({ id: 'schools', disclosure: { suppress: false } })], rows: [['schools', M, 3, null, null]] });
    expect(shown(d.figures, 'schools', M, 'value')).toBe('3');
    expect(d.log).toEqual([]);
  });

  it('suppresses nothing when nothing is small (no over-suppression)', async () => {
    const rows = [['a', M, 40, null, null], ...countBreakdown('a', M, 'age', [['0-9', 0], ['10-15', 12], ['16-17', 28]])] as Row[];
    const d = await run({ indicators: [unratedCount({ id: 'a' })], rows });
    expect(d.log).toEqual([]);
    expect(d.figures.every((f) => f.shown !== '[c]')).toBe(true);
  });
});

describe('secondary suppression in breakdowns', () => {
  it('hides the next category in the paper’s order as the complement of a single hidden one, whatever its value (TC1, one dimension; SPEC Second round › Channels)', async () => {
    const rows = [['a', M, 38, null, null], ...countBreakdown('a', M, 'age', [['0-4', 12], ['5-9', 9], ['10-15', 3], ['16-17', 14]])] as Row[];
    const d = await run({ indicators: [unratedCount({ id: 'a' })], rows });
    expect(d.log.map((l) => [l.category, l.kind]).sort()).toEqual([
      ['10-15', 'primary'],
      ['16-17', 'secondary'],
    ]);
    const values = feasibleValues(d.figures, 'a', M, '[c]', 60).get('age=10-15')!;
    expect(Math.min(...values)).toBe(1);
    expect(Math.max(...values)).toBe(16);
  });

  it('chooses the same complement whatever the hidden values, so replaying the rule pins nothing (SPEC Second round › Channels)', async () => {
    // a = 5 (primary), b = 6, c = 6, d = 50: "smallest first" chose b for a = 5 but c for a = 1 (b = 10),
    // so a reader replaying it over a + b = 11 learnt a = 5. By position, b goes with a every time.
    const patterns = new Set<string>();
    for (let a = 1; a <= 5; a++) {
      const rows = [['t', M, 67, null, null], ...countBreakdown('t', M, 'age', [['a', a], ['b', 11 - a], ['c', 6], ['d', 50]])] as Row[];
      const d = await run({ indicators: [unratedCount({ id: 't' })], rows });
      patterns.add(JSON.stringify(d.figures));
    }
    expect(patterns.size).toBe(1);
    expect([...patterns][0]).toContain('"category":"b","field":"value","shown":"[c]"');
  });

  // TC2 (reference/disclosure.md) hid Black with the two 1s. SPEC Second round › Channels: the
  // reader knows the threshold and holds the tool. With Black the only complement, Mixed = 5 would
  // leave Asian + Black = 4, every hidden figure small, and the tool would then have hidden one
  // more: replaying it rules Mixed = 5 out. So White is hidden too.
  it('adds complements when two 1s would be pinned by the zeros shown, enough for a reader who replays the tool (TC2)', async () => {
    const rows = [['eth', M, 50, null, null], ...countBreakdown('eth', M, 'ethnicity', [['white', 41], ['mixed', 1], ['asian', 1], ['black', 7], ['other', 0]])] as Row[];
    const d = await run({ indicators: [unratedCount({ id: 'eth' })], rows });
    expect(d.log.map((l) => l.category).sort()).toEqual(['asian', 'black', 'mixed', 'white']);
    expect(shown(d.figures, 'eth', M, 'value', 'ethnicity', 'other')).toBe('0');
    const v = feasibleValues(d.figures, 'eth', M, '[c]', 60);
    expect([...v.get('ethnicity=mixed')!].sort((a, b) => a - b).slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('never picks a zero as the complement while a non-zero one exists (TC7)', async () => {
    const rows = [['a', M, 17, null, null], ...countBreakdown('a', M, 'sex', [['x', 3], ['y', 0], ['z', 14]])] as Row[];
    const d = await run({ indicators: [unratedCount({ id: 'a' })], rows });
    expect(shown(d.figures, 'a', M, 'value', 'sex', 'y')).toBe('0');
    expect(shown(d.figures, 'a', M, 'value', 'sex', 'z')).toBe('[c]');
  });

  it('treats a small total as primary, with the public RAG, directions and benchmarks not computed (TC4)', async () => {
    const ind = unratedCount({ id: 'a', target: 10, polarity: 'lower_is_better', benchmarks: [{ name: 'England', value: 3, period: '2023-24' }] });
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
    const d = await run({ indicators: [unratedCount({ id: 'p', unit: 'percent' })], rows });
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
    const d = await run({ indicators: [unratedCount({ id: 'a' })], rows, ledgers: { '2023-10': [ledgerRow('a', '2023-10', '[c]')] } });
    expect(shown(d.figures, 'a', '2023-10', 'value')).toBe('[c]');
    expect(d.log.find((l) => l.period === '2023-10')?.rule).toBe('shown as [c] in the published ledger for 2023-10');
    expect(d.log.filter((l) => l.period === M)).toEqual([]);
  });
});

describe('year-to-date figures and earlier ledgers', () => {
  const ytd = unratedCount({ id: 'fte', basis: 'year_to_date' });
  const series = (values: number[], from = '2023-04'): Row[] =>
    values.map((v, i) => ['fte', `2023-${String(Number(from.slice(5)) + i).padStart(2, '0')}`, v, null, null] as Row);

  it('hides a month whose year-to-date growth is small, and the month after when that pins it (TC5)', async () => {
    // Apr–Sep 7, 12, 3, 9, 0, 6 as cumulative figures: June grew by 3.
    const d = await run({ indicators: [ytd], rows: series([7, 19, 22, 31, 31, 37]) }, '2023-09');
    expect(['04', '05', '06', '07', '08', '09'].map((m) => shown(d.figures, 'fte', `2023-${m}`, 'value'))).toEqual(['7', '19', '[c]', '31', '31', '37']);
    expect(d.log[0].rule).toBe('year-to-date growth from 1 to 5 since 2023-05');
  });

  it('widens the suppression when the next month would pin the growth', async () => {
    // May 19, June 22 (+3), July 22 (+0): June alone would lie in [19, 22], growth at most 3.
    const d = await run({ indicators: [ytd], rows: series([7, 19, 22, 22, 40]) }, '2023-08');
    expect(shown(d.figures, 'fte', '2023-06', 'value')).toBe('[c]');
    // The next month goes with it (by position, not value): July, leaving June's growth anywhere in [0, 21].
    expect(['05', '07', '08'].map((m) => shown(d.figures, 'fte', `2023-${m}`, 'value'))).toEqual(['19', '[c]', '40']);
    expect(d.log.find((l) => l.period === '2023-07')?.kind).toBe('secondary');
  });

  it('keeps a figure hidden that an earlier ledger hid, even when showing it now looks harmless (TC5 cross-report)', async () => {
    // June's report hid June (22); July's must not show it, or June = 22 − 19 = 3.
    const ledgers = { '2023-06': [ledgerRow('fte', '2023-05', '19'), ledgerRow('fte', '2023-06', '[c]')] };
    const d = await run({ indicators: [ytd], rows: series([7, 19, 22, 40]), ledgers }, '2023-07');
    expect(shown(d.figures, 'fte', '2023-06', 'value')).toBe('[c]');
    expect(shown(d.figures, 'fte', '2023-07', 'value')).toBe('40');
  });

  it('keeps a revised figure [c] once a ledger showed it so (revision)', async () => {
    const d = await run(
      { indicators: [unratedCount({ id: 'a' })], rows: [['a', '2023-10', 9, null, null], ['a', M, 12, null, null]], ledgers: { '2023-10': [ledgerRow('a', '2023-10', '[c]')] } },
    );
    expect(shown(d.figures, 'a', '2023-10', 'value')).toBe('[c]');
    const a = d.public.assessments[0];
    expect(a.previous?.value).toEqual({ suppressed: '[c]' });
    expect(a.direction).toBe('not_comparable');
    expect(a.trend.find((t) => t.period === '2023-10')?.figure?.value).toEqual({ suppressed: '[c]' });
  });

  it('builds the month after a ledger whose categories pinned a total hidden only for its growth, and protects the categories’ growth', async () => {
    // October's paper hid its year-to-date total (45, growth 8 since a hidden September) but showed
    // Female 18 and Male 27, which add up to it: harmless then, since the growth stayed vague.
    // November must still build, keep October [c], and not let Female grow visibly by 4 (18 → 22).
    const ytdByGender = unratedCount({ id: 'fte', basis: 'year_to_date', breakdowns: ['gender'] });
    const rows: Row[] = [
      ...series([7, 19, 22, 31, 31]),
      ['fte', '2023-09', 37, null, null],
      ['fte', '2023-10', 45, null, null],
      ['fte', '2023-10', 18, null, null, 'gender', 'Female'],
      ['fte', '2023-10', 27, null, null, 'gender', 'Male'],
      ['fte', M, 56, null, null],
      ['fte', M, 22, null, null, 'gender', 'Female'],
      ['fte', M, 34, null, null, 'gender', 'Male'],
    ];
    const ledgers = {
      '2023-10': [
        ledgerRow('fte', '2023-08', '31'),
        ledgerRow('fte', '2023-09', '[c]'),
        ledgerRow('fte', '2023-10', '[c]'),
        ledgerRow('fte', '2023-10', '18', 'value', 'gender', 'Female'),
        ledgerRow('fte', '2023-10', '27', 'value', 'gender', 'Male'),
      ],
    };
    const d = await run({ indicators: [ytdByGender], rows, ledgers });
    expect(shown(d.figures, 'fte', '2023-10', 'value')).toBe('[c]');
    expect(shown(d.figures, 'fte', M, 'value')).toBe('56');
    expect(shown(d.figures, 'fte', M, 'value', 'gender', 'Female')).toBe('[c]');
  });

  it('fails naming the figure when an earlier ledger already pinned it', async () => {
    // October's ledger showed the total 20 and one category 17 beside a [c]: nothing now can protect it.
    const rows: Row[] = [['a', '2023-10', 20, null, null], ['a', '2023-10', 17, null, null, 'age', 'old'], ['a', '2023-10', 3, null, null, 'age', 'young'], ['a', M, 30, null, null]];
    const ledgers = { '2023-10': [ledgerRow('a', '2023-10', '20'), ledgerRow('a', '2023-10', '17', 'value', 'age', 'old'), ledgerRow('a', '2023-10', '[c]', 'value', 'age', 'young')] };
    const err = await run({ indicators: [unratedCount({ id: 'a' })], rows, ledgers }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    const p = (err as InputError).problems[0];
    expect(p.message).toContain('a 2023-10 age young value');
    // SPEC Second round › Channels: the pinned range is for a terminal only.
    expect(p.withFigures).toContain('pin it to 3');
    expect(p.message).not.toContain('pin it');
    expect(p.line).toBe(4);
  });
});

describe('derived figures', () => {
  it('hides a rate and its count when the count is small, and flags an unreliable rate [u] (TC9)', async () => {
    const pop = { label: '0–17', values: [{ period: null, value: 48730 }] };
    const ids = ['r3', 'r12', 'r25'];
    const d = await run({
      indicators: ids.map((id) => unratedCount({ id, unit: 'rate', population: pop })),
      rows: ids.map((id) => [id, M, Number(id.slice(1)), null, null] as Row),
    });
    const r3 = d.public.assessments[0].current!;
    expect(r3.value).toEqual({ suppressed: '[c]' });
    expect(r3.numerator).toEqual({ suppressed: '[c]' });
    expect(JSON.stringify(d.public)).not.toContain('0.6');
    expect(d.public.assessments[1].current!.value).toEqual({ shown: '2.5', flag: '[u]' });
    expect(d.public.assessments[2].current!.value).toEqual({ shown: '5.1' });
  });

  it('hides a rate given without its count when the population gives back a small count', async () => {
    const d = await run({ indicators: [unratedCount({ id: 'r', unit: 'rate', population: { label: 'x', values: [{ period: null, value: 48730 }] } })], rows: [['r', M, null, null, 0.8]] });
    expect(d.public.assessments[0].current!.value).toEqual({ suppressed: '[c]' });
  });

  it('hides a percentage and its numerator when the numerator is small; the cohort stays (TC10)', async () => {
    const d = await run({ indicators: [unratedCount({ id: 'p', unit: 'percent' })], rows: [['p', M, 4, 23, null]] });
    const c = d.public.assessments[0].current!;
    expect([c.value, c.numerator, c.denominator]).toEqual([{ suppressed: '[c]' }, { suppressed: '[c]' }, { shown: '23' }]);
  });

  it('hides 18 of 20 (a complement of 2), keeping the denominator', async () => {
    const d = await run({ indicators: [unratedCount({ id: 'p', unit: 'percent', target: 80 })], rows: [['p', M, 18, 20, null]] });
    const a = d.public.assessments[0];
    expect([a.current!.value, a.current!.numerator, a.current!.denominator]).toEqual([{ suppressed: '[c]' }, { suppressed: '[c]' }, { shown: '20' }]);
    expect(d.log.find((l) => l.field === 'numerator')?.rule).toBe('complement (denominator − numerator) from 1 to 5');
    expect(a.rag).toBe('suppressed');
    expect(JSON.stringify(d.public)).not.toContain('90.0');
  });

  it('hides 0 of a small group, numerator and all, by default (group disclosure; SPEC Second round › Channels)', async () => {
    const d = await run({ indicators: [unratedCount({ id: 'p', unit: 'percent' })], rows: [['p', M, 0, 4, null]] });
    const c = d.public.assessments[0].current!;
    expect([c.value, c.numerator, c.denominator]).toEqual([{ suppressed: '[c]' }, { suppressed: '[c]' }, { suppressed: '[c]' }]);
  });

  it('shows 0 of a small group with group_disclosure: show, the percentage still hidden', async () => {
    const d = await run({ indicators: [unratedCount({ id: 'p', unit: 'percent' })], rows: [['p', M, 0, 4, null]], disclosure: { group_disclosure: 'show' } });
    const c = d.public.assessments[0].current!;
    expect([c.value, c.numerator, c.denominator]).toEqual([{ suppressed: '[c]' }, { shown: '0' }, { suppressed: '[c]' }]);
  });

  it('hides "n of n" and "0 of n" under min_denominator, the group size still shown (group disclosure)', async () => {
    const rows: Row[] = [['all', M, 15, 15, null], ['none', M, 0, 15, null]];
    const d = await run({ indicators: [unratedCount({ id: 'all', unit: 'percent' }), unratedCount({ id: 'none', number: 2, unit: 'percent' })], rows, disclosure: { min_denominator: 20 } });
    for (const a of d.public.assessments) expect([a.current!.value, a.current!.numerator, a.current!.denominator]).toEqual([{ suppressed: '[c]' }, { suppressed: '[c]' }, { shown: '15' }]);
  });

  it('hides an average over few cases, and its case count', async () => {
    const d = await run({
      indicators: [unratedCount({ id: 'd4', unit: 'days' }), unratedCount({ id: 'd7', unit: 'days' }), unratedCount({ id: 'd9', unit: 'days' })],
      rows: [['d4', M, 4, null, 120], ['d7', M, 7, null, 300], ['d9', M, 9, null, 410]],
      disclosure: { min_cases: 8 },
    });
    const [d4, d7, d9] = d.public.assessments.map((a) => a.current!);
    expect([d4.value, d4.numerator]).toEqual([{ suppressed: '[c]' }, { suppressed: '[c]' }]);
    expect([d7.value, d7.numerator]).toEqual([{ suppressed: '[c]' }, { suppressed: '[c]' }]);
    expect([d9.value, d9.numerator]).toEqual([{ shown: '410' }, { shown: '9' }]);
  });
});

describe('the public view', () => {
  it('rates, compares and lists exceptions from the shown figures only', async () => {
    const ind = unratedCount({ id: 'p', unit: 'percent', target: 68, rag: { tolerance: 5 }, benchmarks: [{ name: 'England', value: 68, period: '2023-24' }] });
    // 67.96% is shown as 68.0: Green against 68, the same as England, no change from 68.04% shown as 68.0.
    const rows: Row[] = [['p', M, null, null, 67.96], ['p', '2023-10', null, null, 68.04], ['p', '2022-11', null, null, 60]];
    const d = await run({ indicators: [ind, unratedCount({ id: 'q', number: 2, unit: 'percent', target: 90 })], rows: [...rows, ['q', M, 60, 100, null]] });
    const [p, q] = d.public.assessments;
    expect(p.current!.value).toEqual({ shown: '68.0' });
    expect([p.rag, p.direction, p.direction_year, p.benchmarks[0].comparison]).toEqual(['green', 'no_change', 'improving', 'same']);
    expect(q.rag).toBe('red');
    expect(d.public.exceptions).toEqual(['q']);
    expect(d.public.anyHeadlineSuppressed).toBe(false);
  });

  it('lists every shown figure once, trend included', async () => {
    const rows: Row[] = [['p', M, 30, 60, null], ['p', '2023-10', 20, 50, null], ['p', '2022-11', 10, 40, null]];
    const d = await run({ indicators: [unratedCount({ id: 'p', unit: 'percent' })], rows });
    const keys = d.figures.map((f) => `${f.period}|${f.field}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.sort()).toEqual(['2022-11|denominator', '2022-11|numerator', '2022-11|value', '2023-10|denominator', '2023-10|numerator', '2023-10|value', '2023-11|denominator', '2023-11|numerator', '2023-11|value']);
    expect(shown(d.figures, 'p', '2022-11', 'value')).toBe('25.0');
  });

  it('gives the same pattern for the same input (determinism)', async () => {
    const rows = [['a', M, 60, null, null], ...countBreakdown('a', M, 'age', [['a', 9], ['b', 9], ['c', 2], ['d', 40]])] as Row[];
    const spec = { indicators: [unratedCount({ id: 'a' })], rows };
    const [x, y] = [await run(spec), await run(spec)];
    expect(x).toEqual(y);
    expect(x.log.map((l) => l.category).sort()).toEqual(['c', 'd']);
  });
});
