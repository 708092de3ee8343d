import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { disclose } from '../../src/disclose/index.js';
import { assess, countBreakdown, unratedCount, workspaceFromRows, type Row } from './builder.js';
import { feasibleValues } from './bruteforce.js';

const M = '2023-11';
const T = 5;

/** One count indicator with one or two breakdowns of the same population (linked tables). */
const tables = fc.record({
  age: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 2, maxLength: 4 }),
  split: fc.boolean(),
});

function rowsOf(age: number[], split: boolean): Row[] {
  const total = age.reduce((s, v) => s + v, 0);
  const rows: Row[] = [['a', M, total, null, null], ...countBreakdown('a', M, 'age', age.map((v, i) => [`g${i}`, v] as [string, number]))];
  // A second table of the same children: the first category against the rest.
  if (split) rows.push(...countBreakdown('a', M, 'sex', [['f', age[0]], ['m', total - age[0]]]));
  return rows;
}

async function run(rows: Row[]) {
  const ws = workspaceFromRows({ indicators: [unratedCount({ id: 'a' })], rows });
  return disclose(ws, assess(ws, M));
}

describe('properties of the suppression pattern', () => {
  it('leaves no primary figure recoverable: brute force finds 1 and the threshold among its values', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async ({ age, split }) => {
        const d = await run(rowsOf(age, split));
        const bound = age.reduce((s, v) => s + v, 0) + 2 * T + 2;
        const values = feasibleValues(d.figures, 'a', M, '[c]', bound);
        for (const l of d.log.filter((x) => x.kind === 'primary')) {
          const name = l.breakdown ? `${l.breakdown}=${l.category}` : 'total';
          const v = values.get(name)!;
          expect(v.size).toBeGreaterThanOrEqual(2);
          expect(v.has(T)).toBe(true);
          // A hidden total of k hidden categories is at least k by the symbols alone.
          const hiddenParts = d.log.filter((x) => x.breakdown === 'age').length;
          expect(Math.min(...v)).toBeLessThanOrEqual(name === 'total' ? Math.max(1, hiddenParts) : 1);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('suppresses nothing when no figure is small', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 6, max: 40 })), { minLength: 1, maxLength: 5 }), async (age) => {
        fc.pre(age.reduce((s, v) => s + v, 0) === 0 || age.reduce((s, v) => s + v, 0) > T);
        const d = await run(rowsOf(age, false));
        expect(d.log).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });

  it('gives the same public view when hidden values move along a direction that keeps published totals', async () => {
    await fc.assert(
      fc.asyncProperty(tables, fc.nat(), async ({ age }, pick) => {
        const d = await run(rowsOf(age, false));
        const primaries = d.log.filter((l) => l.kind === 'primary' && l.breakdown === 'age').map((l) => Number(l.category.slice(1)));
        // Move one person between two primary categories, keeping both from 1 to the threshold.
        const pairs = primaries.flatMap((i) => primaries.filter((j) => j !== i && age[i] < T && age[j] > 1).map((j) => [i, j]));
        fc.pre(pairs.length > 0);
        const [i, j] = pairs[pick % pairs.length];
        const moved = [...age];
        moved[i] += 1;
        moved[j] -= 1;
        const e = await run(rowsOf(moved, false));
        expect(e.public).toEqual(d.public);
        expect(e.figures).toEqual(d.figures);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the same Part 1 when a hidden percentage numerator changes (3 → 4 of 30, with a complement)', async () => {
    const pct = (a: number, b: number): Row[] => [
      ['p', M, a + b + 20, 90, null],
      ['p', M, a, 30, null, 'age', 'young'],
      ['p', M, b, 30, null, 'age', 'mid'],
      ['p', M, 20, 30, null, 'age', 'old'],
    ];
    const runP = async (rows: Row[]) => {
      const ws = workspaceFromRows({ indicators: [unratedCount({ id: 'p', unit: 'percent', target: 50 })], rows });
      return disclose(ws, assess(ws, M));
    };
    const [x, y] = [await runP(pct(3, 12)), await runP(pct(4, 11))];
    expect(x.log.map((l) => l.category).sort()).toEqual(['mid', 'mid', 'young', 'young']);
    expect(y.public).toEqual(x.public);
    expect(y.figures).toEqual(x.figures);
  });
});
