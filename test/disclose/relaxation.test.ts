/**
 * SPEC Disclosure control (the audit): the attacker's interval is the integer program's. The audit
 * solves its linear relaxation first and takes that answer only where the relaxation ends on whole
 * numbers (or has no solution at all); these tests compare it with the integer program alone, on
 * problems built to have fractional relaxations, on random ones, and on a month of the sample whose
 * rolling totals need the solver.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { assessMonth } from '../../src/assess/index.js';
import { attack, useClosedForms, useRelaxations, type Relation, type Term } from '../../src/disclose/audit.js';
import { disclose, forgetDerivedViews } from '../../src/disclose/index.js';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';

type Attack = Parameters<typeof attack>;

/** The interval by the solver alone (no closed form), with the relaxation tried first or not. */
async function solved(relaxation: boolean, ...args: Attack) {
  useClosedForms(false);
  useRelaxations(relaxation);
  try {
    return await attack(...args);
  } finally {
    useClosedForms(true);
    useRelaxations(true);
  }
}

const x: Term[] = [{ key: 'x', coef: 1 }];

describe('the audit’s solver', () => {
  afterEach(() => {
    useClosedForms(true);
    useRelaxations(true);
  });

  it('solves the integer program where the relaxation ends between whole numbers', async () => {
    // 2x ≤ 5: the relaxation's maximum is 2.5, the integers' 2.
    const atMost: Relation[] = [{ op: '<=', terms: [{ key: 'x', coef: 2 }, { key: 'k', coef: -1 }] }];
    const known = new Map([['k', 5]]);
    expect(await solved(true, x, atMost, known)).toEqual({ low: 1, up: 2 });
    expect(await solved(false, x, atMost, known)).toEqual({ low: 1, up: 2 });
    // 2x = 5 has a fractional solution and no whole one.
    const exactly: Relation[] = [{ op: '=', terms: [{ key: 'x', coef: 2 }, { key: 'k', coef: -1 }] }];
    expect(await solved(true, x, exactly, known)).toBeNull();
    expect(await solved(false, x, exactly, known)).toBeNull();
    // 3x + 3y = 12 with x, y ≥ 1: the relaxation can end on x = 1, y = 3 or on a fraction; either way 1..3.
    const pair: Relation[] = [{ op: '=', terms: [{ key: 'x', coef: 3 }, { key: 'y', coef: 3 }, { key: 'k', coef: -1 }] }];
    expect(await solved(true, x, pair, new Map([['k', 12]]))).toEqual({ low: 1, up: 3 });
  });

  it('finds no interval where even the relaxation has no solution', async () => {
    // x + y = 1 with both hidden, hence each at least 1.
    const relations: Relation[] = [{ op: '=', terms: [{ key: 'x', coef: 1 }, { key: 'y', coef: 1 }, { key: 'k', coef: -1 }] }];
    expect(await solved(true, x, relations, new Map([['k', 1]]))).toBeNull();
    expect(await solved(false, x, relations, new Map([['k', 1]]))).toBeNull();
  });

  it('agrees with the integer program alone on random problems, with coefficients that make fractions', async () => {
    const key = (i: number) => `c${i}`;
    const problem = fc.integer({ min: 2, max: 6 }).chain((n) => {
      const cells = fc.uniqueArray(fc.nat({ max: n - 1 }), { minLength: 1, maxLength: Math.min(4, n) });
      const relation = fc
        .record({ cells, coefs: fc.array(fc.integer({ min: -3, max: 3 }).filter((c) => c !== 0), { minLength: 4, maxLength: 4 }), op: fc.constantFrom('=' as const, '<=' as const) })
        .map(({ cells, coefs, op }): Relation => ({ op, terms: cells.map((c, i) => ({ key: key(c), coef: coefs[i] })) }));
      return fc.record({
        relations: fc.array(relation, { minLength: 1, maxLength: 4 }),
        known: fc.array(fc.option(fc.integer({ min: 0, max: 12 }), { nil: undefined, freq: 2 }), { minLength: n, maxLength: n }),
        zeroFloor: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        ceiling: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
        target: fc.nat({ max: n - 1 }),
      });
    });
    let fractional = 0;
    await fc.assert(
      fc.asyncProperty(problem, async (p) => {
        const target = [{ key: key(p.target), coef: 1 }];
        const known = new Map<string, number>();
        const floors = new Map<string, number>();
        const ceilings = new Map<string, number>();
        p.known.forEach((v, i) => {
          if (v !== undefined && i !== p.target) known.set(key(i), v);
        });
        p.zeroFloor.forEach((z, i) => z && floors.set(key(i), 0));
        if (p.ceiling !== undefined) ceilings.set(key(p.target), p.ceiling);
        const withRelaxation = await solved(true, target, p.relations, known, floors, ceilings);
        const alone = await solved(false, target, p.relations, known, floors, ceilings);
        expect(withRelaxation).toEqual(alone);
        if (p.relations.some((r) => r.terms.some((t) => Math.abs(t.coef) > 1))) fractional++;
      }),
      { numRuns: 300 },
    );
    expect(fractional).toBeGreaterThan(100);
  });

  it('gives the sample’s March 2024 (rolling totals the closed form does not cover) the same Part 1, figures and log', async () => {
    const { workspace } = await loadOrThrow(sampleWorkspaceDir, true);
    // Each way works out the earlier months' views (December to February need the solver) itself.
    forgetDerivedViews();
    const fast = await disclose(workspace, assessMonth(workspace, '2024-03'));
    forgetDerivedViews();
    useRelaxations(false);
    const alone = await disclose(workspace, assessMonth(workspace, '2024-03'));
    forgetDerivedViews();
    expect(fast.log.length).toBeGreaterThan(0);
    expect(fast.public).toEqual(alone.public);
    expect(fast.figures).toEqual(alone.figures);
    expect(fast.log).toEqual(alone.log);
  });
});
