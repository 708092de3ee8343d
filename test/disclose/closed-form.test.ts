/**
 * The closed form must agree with HiGHS wherever it answers: random small groups of the relations
 * Part 1 builds (breakdown sums, numerator ≤ denominator, year-to-date steps) and of arbitrary ±1
 * relations, with random published cells and floors, compared interval for interval.
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { loadOrThrow } from '../../src/load/index.js';
import { assessMonth } from '../../src/assess/index.js';
import { attack, UNBOUNDED, useClosedForms, type Relation, type Term } from '../../src/disclose/audit.js';
import { closedFormInterval } from '../../src/disclose/closed-form.js';
import { disclose } from '../../src/disclose/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';

const key = (i: number) => `k${i}`;

async function solver(target: Term[], relations: Relation[], known: Map<string, number>, floors: Map<string, number>) {
  useClosedForms(false);
  try {
    return await attack(target, relations, known, floors);
  } finally {
    useClosedForms(true);
  }
}

/** Distinct cell indices, at least `min` of them, out of n. */
const cellsOf = (n: number, min: number, max: number) => fc.uniqueArray(fc.nat({ max: n - 1 }), { minLength: min, maxLength: Math.min(max, n) });

const group = fc.integer({ min: 2, max: 7 }).chain((n) => {
  const partSum = cellsOf(n, 2, 5).map(([headline, ...parts]): Relation => ({
    op: '=',
    terms: [...parts.map((p) => ({ key: key(p), coef: 1 })), { key: key(headline), coef: -1 }],
  }));
  const atMost = cellsOf(n, 2, 2).map(([a, b]): Relation => ({ op: '<=', terms: [{ key: key(a), coef: 1 }, { key: key(b), coef: -1 }] }));
  const anyUnit = fc
    .record({ cells: cellsOf(n, 1, 4), signs: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }), op: fc.constantFrom('=' as const, '<=' as const) })
    .map(({ cells, signs, op }): Relation => ({ op, terms: cells.map((c, i) => ({ key: key(c), coef: signs[i] ? 1 : -1 })) }));
  return fc.record({
    relations: fc.array(fc.oneof({ weight: 3, arbitrary: partSum }, { weight: 3, arbitrary: atMost }, { weight: 1, arbitrary: anyUnit }), { maxLength: 5 }),
    known: fc.array(fc.option(fc.integer({ min: 0, max: 15 }), { nil: undefined, freq: 2 }), { minLength: n, maxLength: n }),
    zeroFloor: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    target: fc.oneof(
      cellsOf(n, 1, 1).map(([a]) => [{ key: key(a), coef: 1 }]),
      cellsOf(n, 2, 2).map(([a, b]) => [{ key: key(a), coef: 1 }, { key: key(b), coef: -1 }]),
    ),
  });
});

/** As the audit asks: the target's first cell is hidden (a complement's other cell may be shown). */
function inputs(g: { known: (number | undefined)[]; zeroFloor: boolean[]; target: Term[] }) {
  const known = new Map<string, number>();
  const floors = new Map<string, number>();
  g.known.forEach((v, i) => {
    if (v !== undefined && key(i) !== g.target[0].key) known.set(key(i), v);
  });
  g.zeroFloor.forEach((z, i) => {
    if (z) floors.set(key(i), 0);
  });
  return { known, floors };
}

describe('closed-form intervals', () => {
  afterEach(() => useClosedForms(true));

  it('agree with HiGHS on every random group they answer', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(group, async (g) => {
        const { known, floors } = inputs(g);
        const exact = closedFormInterval(g.target, g.relations, known, floors, UNBOUNDED);
        if (exact === undefined) return;
        answered++;
        expect(exact).toEqual(await solver(g.target, g.relations, known, floors));
      }),
      { numRuns: 400 },
    );
    // Most groups have the shapes Part 1 builds, so a closed form that gave up on them would be no use.
    expect(answered).toBeGreaterThan(200);
  });

  it('answers a breakdown summing to its headline, in closed form', () => {
    const relations: Relation[] = [{ op: '=', terms: [...['a', 'b', 'c'].map((k) => ({ key: k, coef: 1 })), { key: 't', coef: -1 }] }];
    // 12 = a + b + c with b shown as 7: a ranges over 1..4 (c ≥ 1).
    expect(closedFormInterval([{ key: 'a', coef: 1 }], relations, new Map([['t', 12], ['b', 7]]), new Map(), UNBOUNDED)).toEqual({ low: 1, up: 4 });
    // b shown as 11 leaves 1 for a and c together, each at least 1: no solution.
    expect(closedFormInterval([{ key: 'a', coef: 1 }], relations, new Map([['t', 12], ['b', 11]]), new Map(), UNBOUNDED)).toBeNull();
  });

  it('answers a year-to-date chain: a month’s growth between two hidden totals', () => {
    const step = (a: string, b: string): Relation => ({ op: '<=', terms: [{ key: a, coef: 1 }, { key: b, coef: -1 }] });
    const relations = [step('jun', 'jul'), step('jul', 'aug'), step('aug', 'sep')];
    const growth = [{ key: 'aug', coef: 1 }, { key: 'jul', coef: -1 }];
    expect(closedFormInterval(growth, relations, new Map([['jun', 10], ['sep', 14]]), new Map(), UNBOUNDED)).toEqual({ low: 0, up: 4 });
  });

  it('answers the percentage breakdown shape (numerators ≤ denominators, both summing) that the sample has', async () => {
    const sum = (parts: string[], total: string): Relation => ({ op: '=', terms: [...parts.map((k) => ({ key: k, coef: 1 })), { key: total, coef: -1 }] });
    const le = (a: string, b: string): Relation => ({ op: '<=', terms: [{ key: a, coef: 1 }, { key: b, coef: -1 }] });
    const relations = [sum(['da', 'db', 'dc'], 'd'), sum(['na', 'nb', 'nc'], 'n'), le('na', 'da'), le('nb', 'db'), le('nc', 'dc')];
    const known = new Map([['d', 30], ['n', 12], ['dc', 20], ['nc', 4]]);
    const complement = [{ key: 'da', coef: 1 }, { key: 'na', coef: -1 }];
    // da + db = 10 and na + nb = 8 with na ≤ da and nb ≤ db: the two complements share 2.
    const exact = closedFormInterval(complement, relations, known, new Map(), UNBOUNDED);
    expect(exact).toEqual({ low: 0, up: 2 });
    expect(exact).toEqual(await solver(complement, relations, known, new Map()));
  });

  it('leaves to HiGHS what it cannot prove: two sums sharing two hidden cells', () => {
    const relations: Relation[] = [
      { op: '=', terms: [{ key: 'a', coef: 1 }, { key: 'b', coef: 1 }, { key: 'c', coef: 1 }, { key: 't', coef: -1 }] },
      { op: '=', terms: [{ key: 'a', coef: 1 }, { key: 'b', coef: 1 }, { key: 'd', coef: 1 }, { key: 's', coef: -1 }] },
      { op: '=', terms: [{ key: 'c', coef: 1 }, { key: 'd', coef: 1 }, { key: 'a', coef: 1 }, { key: 'u', coef: -1 }] },
    ];
    expect(closedFormInterval([{ key: 'a', coef: 1 }], relations, new Map([['t', 9], ['s', 9], ['u', 9]]), new Map(), UNBOUNDED)).toBeUndefined();
  });

  it('gives the sample the same Part 1, figures and log with the closed form on and off', async () => {
    const { workspace } = await loadOrThrow(sampleWorkspaceDir, true);
    const assessed = assessMonth(workspace, '2023-11');
    const fast = await disclose(workspace, assessed);
    useClosedForms(false);
    const solved = await disclose(workspace, assessed);
    expect(fast.log.length).toBeGreaterThan(0);
    expect(fast.public).toEqual(solved.public);
    expect(fast.figures).toEqual(solved.figures);
    expect(fast.log).toEqual(solved.log);
    expect(fast.warnings).toEqual(solved.warnings);
  });
});
