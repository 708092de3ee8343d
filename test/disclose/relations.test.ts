/**
 * What a reader can hold beside this month's Part 1 (SPEC Second round › Channels): every earlier
 * month's Part 1, the rules themselves (stricter settings, rolling windows), and indicators that
 * count the same children. Each test builds the attack by hand and checks the tool defeats it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disclose } from '../../src/disclose/index.js';
import { addMonths } from '../../src/format.js';
import type { LedgerRow, Month } from '../../src/types.js';
import { attacks, union } from '../helpers/attacker.js';
import { assess, countBreakdown, unratedCount, shown, workspaceFromRows, type Row, type WorkspaceSpec } from './builder.js';

const T = 5;

async function run(spec: WorkspaceSpec, month: Month) {
  const ws = workspaceFromRows(spec);
  return disclose(ws, assess(ws, month));
}

const row = (indicator: string, period: string, text: string, field: LedgerRow['field'] = 'value', breakdown = '', category = ''): LedgerRow => ({
  indicator,
  period,
  breakdown,
  category,
  field,
  shown: text,
});

describe('every month anyone can hold', () => {
  const ytd = unratedCount({ id: 'fte', basis: 'year_to_date' });

  it('keeps a month hidden for its growth vague against the month after: 70, [c], 71 does not pin November to 71', async () => {
    const rows: Row[] = [['fte', '2023-10', 70, null, null], ['fte', '2023-11', 71, null, null], ['fte', '2023-12', 71, null, null]];
    const ledgers = {
      '2023-10': [row('fte', '2023-10', '70')],
      '2023-11': [row('fte', '2023-10', '70'), row('fte', '2023-11', '[c]')],
    };
    const d = await run({ indicators: [ytd], rows, ledgers }, '2023-12');
    expect(shown(d.figures, 'fte', '2023-11', 'value')).toBe('[c]');
    // Shown, December's 71 would cap November's growth at 1.
    expect(shown(d.figures, 'fte', '2023-12', 'value')).toBe('[c]');
    expect(attacks(workspaceFromRows({ indicators: [ytd], rows }), union(...Object.values(ledgers), d.figures))).toEqual([]);
  });

  it('checks this month’s growth against last month’s ledger when the extract no longer has last month', async () => {
    const d = await run({ indicators: [ytd], rows: [['fte', '2023-11', 73, null, null]], ledgers: { '2023-10': [row('fte', '2023-10', '70')] } }, '2023-11');
    expect(shown(d.figures, 'fte', '2023-11', 'value')).toBe('[c]');
    expect(d.log[0].rule).toBe('year-to-date growth from 1 to 5 since 2023-10');
  });

  it('differences year-to-date months within the indicator’s own year: a calendar-year series grows from March to April', async () => {
    // SPEC Second round › year_start: EHCP timeliness counts from 1 January, so March → April is one year's growth.
    const calendar = unratedCount({ id: 'fte', basis: 'year_to_date', year_start: 1 });
    const rows: Row[] = [['fte', '2024-03', 80, null, null], ['fte', '2024-04', 83, null, null]];
    const ledgers = { '2024-03': [row('fte', '2024-03', '80')] };
    const d = await run({ indicators: [calendar], rows, ledgers }, '2024-04');
    expect(shown(d.figures, 'fte', '2024-04', 'value')).toBe('[c]');
    expect(d.log.find((l) => l.period === '2024-04')?.rule).toBe('year-to-date growth from 1 to 5 since 2024-03');
    expect(attacks(workspaceFromRows({ indicators: [calendar], rows }), union(...Object.values(ledgers), d.figures))).toEqual([]);
    // And January starts a new year: December's 70 and January's 75 are not a month's growth of 5.
    const turn: Row[] = [['fte', '2023-12', 70, null, null], ['fte', '2024-01', 75, null, null]];
    const jan = await run({ indicators: [calendar], rows: turn, ledgers: { '2023-12': [row('fte', '2023-12', '70')] } }, '2024-01');
    expect(shown(jan.figures, 'fte', '2024-01', 'value')).toBe('75');
  });

  it('holds a meeting month without a ledger to the Part 1 its build would have shown, and says so in the log', async () => {
    // October's paper showed Male 13 (no ledger was recorded); November's Male 16 would give the 3 new cases.
    const byGender = unratedCount({ id: 'fte', basis: 'year_to_date', breakdowns: ['gender'] });
    const rows: Row[] = [
      ['fte', '2023-09', 14, null, null],
      ['fte', '2023-10', 16, null, null],
      ...countBreakdown('fte', '2023-10', 'gender', [['Female', 3], ['Male', 13]]),
      ['fte', '2023-11', 29, null, null],
      ...countBreakdown('fte', '2023-11', 'gender', [['Female', 13], ['Male', 16]]),
    ];
    const alone = await run({ indicators: [byGender], rows }, '2023-11');
    expect(shown(alone.figures, 'fte', '2023-11', 'value', 'gender', 'Male')).toBe('16');
    expect(alone.log.find((l) => l.period === '2023-10')?.rule).toBe('year-to-date growth from 1 to 5 since 2023-09');
    const d = await run({ indicators: [byGender], rows, meetings: ['2023-10', '2023-11'] }, '2023-11');
    expect(shown(d.figures, 'fte', '2023-11', 'value', 'gender', 'Male')).toBe('[c]');
    expect(d.log.find((l) => l.period === '2023-10')?.rule).toBe("hidden in the Part 1 that 2023-10's build would have shown (no ledger recorded)");
  });

  it('leaves nothing to find across months recorded one after another, year-to-date breakdowns differenced (random workspaces)', async () => {
    const byGender = unratedCount({ id: 'fte', basis: 'year_to_date', breakdowns: ['gender'] });
    const months = ['2023-04', '2023-05', '2023-06', '2023-07', '2023-08'];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 })), { minLength: 5, maxLength: 5 }), async (steps) => {
        const rows: Row[] = [];
        let [f, m] = [0, 0];
        steps.forEach(([df, dm], i) => {
          [f, m] = [f + df, m + dm];
          rows.push(['fte', months[i], f + m, null, null], ...countBreakdown('fte', months[i], 'gender', [['Female', f], ['Male', m]]));
        });
        const ledgers: Record<Month, LedgerRow[]> = {};
        for (const month of months) {
          const ws = workspaceFromRows({ indicators: [byGender], rows, ledgers: { ...ledgers } });
          ledgers[month] = (await disclose(ws, assess(ws, month))).figures;
        }
        expect(attacks(workspaceFromRows({ indicators: [byGender], rows }), union(...Object.values(ledgers)))).toEqual([]);
      }),
      { numRuns: 8, seed: 7 },
    );
  });
});

describe('stricter settings cannot be worked back', () => {
  it('min_denominator: 20 hides 8 of 15 and a complement, so the headline minus the other team does not give it back', async () => {
    const p = unratedCount({ id: 'p', unit: 'percent', breakdowns: ['team'] });
    const rows: Row[] = [['p', '2023-11', 38, 55, null], ['p', '2023-11', 8, 15, null, 'team', 'a'], ['p', '2023-11', 30, 40, null, 'team', 'b']];
    const d = await run({ indicators: [p], rows, disclosure: { min_denominator: 20 } }, '2023-11');
    expect(shown(d.figures, 'p', '2023-11', 'numerator', 'team', 'a')).toBe('[c]');
    const hiddenNumerators = ['', 'b'].filter((c) => shown(d.figures, 'p', '2023-11', 'numerator', c ? 'team' : '', c) === '[c]');
    expect(hiddenNumerators.length).toBeGreaterThan(0);
  });

  it('min_cases: 10 hides 7 cases averaging 50 days and the cases beside them', async () => {
    const days = unratedCount({ id: 'd', unit: 'days', breakdowns: ['team'] });
    const rows: Row[] = [['d', '2023-11', 17, null, 52], ['d', '2023-11', 7, null, 50, 'team', 'a'], ['d', '2023-11', 10, null, 53.4, 'team', 'b']];
    const d = await run({ indicators: [days], rows, disclosure: { min_cases: 10 } }, '2023-11');
    expect(['a', 'b'].map((c) => shown(d.figures, 'd', '2023-11', 'numerator', 'team', c))).toEqual(['[c]', '[c]']);
    expect(['a', 'b'].map((c) => shown(d.figures, 'd', '2023-11', 'value', 'team', c))).toEqual(['[c]', '[c]']);
  });
});

describe('rolling 12-month totals', () => {
  it('does not let the drops of a 13-period trend put a floor under its hidden oldest point', async () => {
    // A total falls by 5 from October (16) to November (11): 5 cases left the window, all of them
    // counted in the oldest point, which is [c] 5. Shown as is, the trend pins it to 5.
    const rolling = unratedCount({ id: 'r', basis: 'rolling_12_months' });
    const values = [5, 9, 10, 12, 12, 13, 14, 15, 15, 16, 16, 16, 11];
    const rows = values.map((v, i) => ['r', addMonths('2022-11', i), v, null, null] as Row);
    const d = await run({ indicators: [rolling], rows }, '2023-11');
    const trend = rows.map(([, period]) => shown(d.figures, 'r', period, 'value'));
    expect(trend[0]).toBe('[c]');
    // The attacker: every drop between two shown points left through months the oldest point counts.
    let floor = 0;
    let last: number | undefined;
    for (const t of trend) {
      if (t === '[c]' || t === undefined) continue;
      if (last !== undefined) floor += Math.max(0, last - Number(t));
      last = Number(t);
    }
    expect(floor).toBeLessThanOrEqual(1);
    expect(floor).toBeLessThan(T);
  });
});

describe('indicators counting the same children (catalogue cohort:)', () => {
  it('protects 57 of 60 together with a count of the same 57 children', async () => {
    const count = unratedCount({ id: 'settled', cohort: { value: 'settled-children' } });
    const pct = unratedCount({ id: 'settled-pct', number: 2, unit: 'percent', cohort: { numerator: 'settled-children' } });
    const rows: Row[] = [['settled', '2023-11', 57, null, null], ['settled-pct', '2023-11', 57, 60, null]];
    const d = await run({ indicators: [count, pct], rows }, '2023-11');
    expect(shown(d.figures, 'settled-pct', '2023-11', 'numerator')).toBe('[c]');
    expect(shown(d.figures, 'settled', '2023-11', 'value')).toBe('[c]');
    // Undeclared, nothing relates them: the count stays shown.
    const plain = await run({ indicators: [unratedCount({ id: 'settled' }), unratedCount({ id: 'settled-pct', number: 2, unit: 'percent' })], rows }, '2023-11');
    expect(shown(plain.figures, 'settled', '2023-11', 'value')).toBe('57');
  });

  it('refuses figures that differ for indicators declared to count the same children, without printing them', async () => {
    const a = unratedCount({ id: 'a', cohort: { value: 'c' } });
    const b = unratedCount({ id: 'b', number: 2, unit: 'percent', cohort: { denominator: 'c' } });
    const err = await run({ indicators: [a, b], rows: [['a', '2023-11', 57, null, null], ['b', '2023-11', 40, 58, null]] }, '2023-11').catch((e: unknown) => e);
    expect(String((err as { problems: { message: string }[] }).problems[0].message)).toMatch(/cohort c: .* differ$/);
    expect(JSON.stringify(err)).not.toMatch(/\b5[78]\b/);
  });
});
