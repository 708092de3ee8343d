import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { assessMonth } from '../../src/assess/index.js';
import { disclose } from '../../src/disclose/index.js';
import { composeExempt, composePublic } from '../../src/compose/index.js';
import { createRenderer } from '../../src/render/index.js';
import { InputError } from '../../src/errors.js';
import { financialYearStart, monthRange } from '../../src/format.js';
import type { Indicator, LedgerRow, Outturn } from '../../src/types.js';
import { stabilityIndicator, workspaceOf } from '../helpers/builders.js';
import { attacks, union } from '../helpers/attacker.js';

// Valid but unusual workspaces, as a council could write them to SPEC: every stage after
// loading must either produce both papers or refuse with a located InputError, never crash.
const MONTH = '2023-11';
const months = monthRange('2022-04', MONTH);

const indicatorArb = fc
  .record({
    unit: fc.constantFrom('percent', 'count', 'rate', 'days', 'ratio'),
    polarity: fc.constantFrom('higher_is_better', 'lower_is_better', 'within_range', 'none'),
    frequency: fc.constantFrom('monthly', 'monthly', 'quarterly', 'annual'),
    ytd: fc.boolean(),
    rule: fc.constantFrom('tolerance', 'tolerance_percent', 'floor', 'none'),
    target: fc.integer({ min: 0, max: 100 }),
    breakdown: fc.boolean(),
    suppress: fc.boolean(),
    benchmark: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  })
  .map((r): Omit<Indicator, 'id' | 'number'> => {
    const basis = r.ytd && (r.unit === 'count' || r.unit === 'percent') && r.frequency === 'monthly' ? 'year_to_date' : 'snapshot';
    const ind = stabilityIndicator({
      unit: r.unit,
      polarity: r.polarity,
      frequency: r.frequency,
      basis,
      target: undefined,
      rag: undefined,
      breakdowns: r.breakdown && (r.unit === 'count' || r.unit === 'percent') ? ['age'] : [],
      disclosure: { suppress: r.suppress },
      benchmarks: r.benchmark === undefined ? [] : [{ name: 'England', value: r.benchmark, period: '2023-24' }],
      ...(r.unit === 'rate' ? { rate_per: 10000, population: { label: '0–17', values: [{ period: null, value: 48730 }] } } : {}),
    });
    if (r.polarity === 'within_range') ind.target_range = [r.target, r.target + 10];
    else if (r.polarity !== 'none') ind.target = r.target;
    if (r.polarity !== 'none' && r.rule !== 'none') {
      if (r.rule === 'floor') {
        if (r.polarity !== 'within_range') ind.rag = { floor: r.polarity === 'higher_is_better' ? r.target - 5 : r.target + 5 };
      } else ind.rag = { [r.rule]: 5 };
    }
    return ind;
  });

function periodsOf(ind: Indicator): string[] {
  if (ind.frequency === 'quarterly') return months.filter((m) => ['03', '06', '09', '12'].includes(m.slice(5)));
  if (ind.frequency === 'annual') return months.filter((m) => m.slice(5) === '03');
  return months;
}

const workspaceArb = fc.array(indicatorArb, { minLength: 1, maxLength: 4 }).chain((inds) => {
  const indicators: Indicator[] = inds.map((ind, i) => ({ ...ind, id: `ind-${i}`, number: i + 1, title: `Indicator ${i + 1}` }));
  const rowsArb = indicators.map((ind) =>
    fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.boolean()), { minLength: periodsOf(ind).length, maxLength: periodsOf(ind).length }).map((draws) => {
      const rows: Outturn[] = [];
      let cum = [0, 0, 0, 0];
      periodsOf(ind).forEach((period, k) => {
        const [a, b, missing] = draws[k];
        if (missing && period !== MONTH) return;
        if (ind.basis === 'year_to_date' && period === financialYearStart(period)) cum = [0, 0, 0, 0];
        // Two categories; each month adds to them (year to date) or replaces them (snapshot).
        const step = [a % 7, a % 11 + (b % 3), b % 5, b % 9];
        const parts = ind.basis === 'year_to_date' ? (cum = cum.map((c, j) => c + step[j])) : step;
        const num = [parts[0], parts[2]];
        const den = [parts[0] + parts[1], parts[2] + parts[3]];
        const row = (n: number, d: number | null, value: number | null, category: string | null): Outturn => ({
          indicator: ind.id, period, numerator: n, denominator: d, value, breakdown: category ? 'age' : null, category, note: null, line: rows.length + 2,
        });
        if (ind.unit === 'percent') {
          rows.push(row(num[0] + num[1], den[0] + den[1], null, null));
          if (ind.breakdowns.length) rows.push(row(num[0], den[0], null, '0-9'), row(num[1], den[1], null, '10-17'));
        } else if (ind.unit === 'count') {
          rows.push(row(num[0] + num[1], null, null, null));
          if (ind.breakdowns.length) rows.push(row(num[0], null, null, '0-9'), row(num[1], null, null, '10-17'));
        } else if (ind.unit === 'rate') rows.push(row(a, null, null, null));
        else rows.push(row(a, null, a === 0 ? 0 : 100 + b * 7 + (ind.unit === 'ratio' ? 0.25 : 0), null));
      });
      return rows;
    }),
  );
  return fc.tuple(...rowsArb).map((rowSets) => workspaceOf({ indicators, outturns: rowSets.flat() }));
});

describe('random valid workspaces through every stage but the browser', () => {
  it('give both papers (from which the attacker recovers nothing) or a located InputError, never a crash', async () => {
    const renderer = createRenderer();
    await fc.assert(
      fc.asyncProperty(workspaceArb, async (ws) => {
        const assessed = assessMonth(ws, MONTH);
        let disclosed;
        try {
          disclosed = await disclose(ws, assessed);
        } catch (e) {
          expect(e).toBeInstanceOf(InputError);
          expect((e as InputError).problems[0].message).toMatch(/disclosure audit failed/);
          return;
        }
        const ctx = { config: ws.config, catalogue: ws.catalogue, month: MONTH, isSample: false, ledgers: ws.ledgers };
        expect(attacks(ws, disclosed.figures)).toEqual([]);
        // Inlined fonts are base64, in which any word can turn up: look at the rest.
        const text = (html: string) => html.replace(/url\(data:[^)]*\)/g, '');
        const part1 = text(renderer.render(composePublic(ctx, disclosed.public, undefined)));
        const part2 = text(renderer.render(composeExempt(ctx, assessed, disclosed, undefined)));
        expect(part1).toContain('PART ONE');
        expect(part2).toContain('PART TWO');
        expect(part1).not.toContain('NaN');
        expect(part2).not.toContain('NaN');
        expect(part1).not.toContain('undefined');
        expect(part2).not.toContain('undefined');
      }),
      { numRuns: 150, seed: 20231130 },
    );
  });

  it('recorded month after month, never reveal through all the ledgers together what one of them hid', async () => {
    await fc.assert(
      fc.asyncProperty(workspaceArb, async (ws) => {
        const hiddenOnce = new Set<string>();
        for (const month of ['2023-09', '2023-10', MONTH]) {
          let figures: LedgerRow[];
          try {
            ({ figures } = await disclose(ws, assessMonth(ws, month)));
          } catch (e) {
            expect(e).toBeInstanceOf(InputError);
            return;
          }
          for (const f of figures) {
            const key = `${f.indicator}|${f.period}|${f.breakdown}|${f.category}|${f.field}`;
            if (hiddenOnce.has(key)) expect(f.shown, `${month}: ${key} was [c] in an earlier ledger`).toBe('[c]');
            if (f.shown === '[c]') hiddenOnce.add(key);
          }
          ws.ledgers.set(month, figures);
        }
        expect(attacks(ws, union(...ws.ledgers.values()))).toEqual([]);
      }),
      { numRuns: 60, seed: 20231201 },
    );
  });
});
