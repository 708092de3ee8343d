/**
 * The audit's intervals without the solver, for the shapes Part 1's relations take: a breakdown
 * summing to its headline, numerator ≤ denominator, year-to-date steps. Solving a few dozen tiny
 * integer programs in HiGHS costs more than the whole rest of a build, and these shapes have exact
 * answers by shortest paths. Anything else is left to HiGHS (the answer is then undefined).
 *
 * Why it is exact: with every coefficient ±1,
 * - cells that occur in one relation only (and not in the target) drop out, the relation becoming
 *   a range on the rest: their sum takes every integer in the sum of their ranges;
 * - a relation left with one cell is a bound on it;
 * - if every relation left has two cells and the cells can be signed (z = ±x) so each reads
 *   z_a − z_b ≤ c, the system is a set of difference constraints: feasible iff the constraint
 *   graph has no negative cycle, and the extremes of z_a − z_b are shortest-path distances,
 *   which integer data makes integers (the polytope is integral, so the integer programme and
 *   its relaxation agree).
 */
import type { Interval, Relation, Term } from './audit.js';
import { withKnown } from './terms.js';

interface Row {
  coefs: Map<number, number>;
  op: '=' | '<=';
  rhs: number;
}

const INFEASIBLE = null;
const NOT_THIS_SHAPE = undefined;

/**
 * The interval `attack` would find, every hidden cell ranging over [floor (default 1), its
 * ceiling (default `ceiling`)]; null when the figures admit no solution; undefined when the shape
 * needs the solver.
 */
export function closedFormInterval(
  target: Term[],
  relations: Relation[],
  known: ReadonlyMap<string, number>,
  floors: ReadonlyMap<string, number>,
  ceiling: number,
  ceilings: ReadonlyMap<string, number> = new Map(),
): Interval | null | undefined {
  // Each cell's integer range, tightened as single-cell rows turn into bounds.
  const ranges: { lo: number; hi: number }[] = [];
  const index = new Map<string, number>();
  const cell = (key: string) => {
    let i = index.get(key);
    if (i === undefined) {
      i = ranges.length;
      index.set(key, i);
      ranges.push({ lo: floors.get(key) ?? 1, hi: ceilings.get(key) ?? ceiling });
    }
    return i;
  };

  let rows: Row[] = [];
  for (const relation of relations) {
    const { unknown, constant } = withKnown(relation.terms, known);
    const coefs = new Map([...unknown].map(([key, c]) => [cell(key), c] as [number, number]));
    const rhs = -constant;
    rows.push({ coefs, op: relation.op, rhs });
  }
  const { unknown: goalTerms, constant: offset } = withKnown(target, known);
  const goal = new Map([...goalTerms].map(([key, c]) => [cell(key), c] as [number, number]));
  for (const row of rows) for (const [i, c] of row.coefs) if (c === 0) row.coefs.delete(i);
  const unit = (m: Map<number, number>) => [...m.values()].every((c) => c === 1 || c === -1);
  if (!rows.every((r) => unit(r.coefs)) || !unit(goal) || goal.size === 0 || goal.size > 2) return NOT_THIS_SHAPE;

  for (let changed = true; changed; ) {
    changed = false;
    const uses = new Map<number, number>();
    for (const r of rows) for (const i of r.coefs.keys()) uses.set(i, (uses.get(i) ?? 0) + 1);
    const next: Row[] = [];
    for (const row of rows) {
      const lonely = [...row.coefs.keys()].filter((i) => uses.get(i) === 1 && !goal.has(i));
      if (lonely.length > 0) {
        // S + W (op) rhs, W the lonely cells' sum over [wl, wh]: the row only asks S ≤ rhs − wl,
        // and for an equation S ≥ rhs − wh too, every integer between being some W.
        let wl = 0;
        let wh = 0;
        for (const i of lonely) {
          const c = row.coefs.get(i) as number;
          wl += c > 0 ? ranges[i].lo : -ranges[i].hi;
          wh += c > 0 ? ranges[i].hi : -ranges[i].lo;
          row.coefs.delete(i);
        }
        next.push({ coefs: row.coefs, op: '<=', rhs: row.rhs - wl });
        if (row.op === '=') next.push({ coefs: new Map([...row.coefs].map(([i, c]) => [i, -c])), op: '<=', rhs: wh - row.rhs });
        changed = true;
        continue;
      }
      if (row.coefs.size === 0) {
        if (row.op === '=' ? row.rhs !== 0 : row.rhs < 0) return INFEASIBLE;
        changed = true;
      } else if (row.coefs.size === 1) {
        const [[i, c]] = row.coefs;
        const r = ranges[i];
        // c·x ≤ rhs (and ≥ rhs for an equation), with c = ±1.
        if (c > 0) {
          r.hi = Math.min(r.hi, row.rhs);
          if (row.op === '=') r.lo = Math.max(r.lo, row.rhs);
        } else {
          r.lo = Math.max(r.lo, -row.rhs);
          if (row.op === '=') r.hi = Math.min(r.hi, -row.rhs);
        }
        if (r.lo > r.hi) return INFEASIBLE;
        changed = true;
      } else next.push(row);
    }
    rows = next;
  }
  if (ranges.some((r) => r.lo > r.hi)) return INFEASIBLE;
  if (rows.some((r) => r.coefs.size !== 2)) return NOT_THIS_SHAPE;

  const sign = signCells(ranges.length, [...rows.map((r) => r.coefs), goal]);
  if (!sign) return NOT_THIS_SHAPE;

  // Node 0 is the origin (z = 0); cell i is node i + 1. An edge u → v of weight w says z_v − z_u ≤ w.
  const edges: [number, number, number][] = [];
  ranges.forEach((r, i) => {
    const [lo, hi] = sign[i] > 0 ? [r.lo, r.hi] : [-r.hi, -r.lo];
    edges.push([0, i + 1, hi], [i + 1, 0, -lo]);
  });
  for (const row of rows) {
    const [[a, ca], [b]] = row.coefs;
    // In z the row reads z_p − z_n ≤ rhs.
    const [p, n] = ca * sign[a] > 0 ? [a, b] : [b, a];
    edges.push([n + 1, p + 1, row.rhs]);
    if (row.op === '=') edges.push([p + 1, n + 1, -row.rhs]);
  }
  const nodes = ranges.length + 1;
  const fromOrigin = shortestPaths(nodes, edges, 0);
  if (!fromOrigin) return INFEASIBLE;

  // The target in z is z_p − z_n, with n the origin when it is a single cell.
  const terms = [...goal].map(([i, c]) => ({ node: i + 1, z: c * sign[i] }));
  const p = terms.find((t) => t.z > 0)?.node ?? 0;
  const n = terms.find((t) => t.z < 0)?.node ?? 0;
  const fromN = n === 0 ? fromOrigin : (shortestPaths(nodes, edges, n) as number[]);
  const fromP = shortestPaths(nodes, edges, p) as number[];
  return { low: offset - fromP[n], up: offset + fromN[p] };
}

/**
 * Signs s (±1) such that in every row (and the target) of two cells the signed coefficients c·s
 * are opposite; null when the rows make that impossible (an odd cycle of sums).
 */
function signCells(count: number, pairs: Map<number, number>[]): number[] | null {
  const sign: number[] = new Array(count).fill(0);
  const links = new Map<number, [number, number][]>();
  for (const coefs of pairs) {
    if (coefs.size !== 2) continue;
    const [[a, ca], [b, cb]] = coefs;
    // s_b = −c_a·c_b·s_a
    const flip = -ca * cb;
    links.set(a, [...(links.get(a) ?? []), [b, flip]]);
    links.set(b, [...(links.get(b) ?? []), [a, flip]]);
  }
  for (let start = 0; start < count; start++) {
    if (sign[start] !== 0) continue;
    sign[start] = 1;
    const queue = [start];
    while (queue.length > 0) {
      const a = queue.pop() as number;
      for (const [b, flip] of links.get(a) ?? []) {
        const want = flip * sign[a];
        if (sign[b] === 0) {
          sign[b] = want;
          queue.push(b);
        } else if (sign[b] !== want) return null;
      }
    }
  }
  return sign;
}

/** Bellman–Ford distances from `source`; null on a negative cycle (the constraints contradict each other). */
function shortestPaths(nodes: number, edges: [number, number, number][], source: number): number[] | null {
  const dist: number[] = new Array(nodes).fill(Infinity);
  dist[source] = 0;
  for (let round = 0; round < nodes; round++) {
    let relaxed = false;
    for (const [u, v, w] of edges) {
      if (dist[u] + w < dist[v]) {
        dist[v] = dist[u] + w;
        relaxed = true;
      }
    }
    if (!relaxed) return dist;
  }
  return null;
}
