/**
 * The attacker's view of a suppression pattern (sdcTable's `attack`): the least and greatest
 * value (`low`, `up`) a hidden quantity can take given everything published, by integer
 * programming with HiGHS, or in closed form where the relations' shape allows (closed-form.ts).
 */

import { closedFormInterval } from './closed-form.js';
import { withKnown } from './terms.js';

/** A linear term over cells named by their key. */
export interface Term {
  key: string;
  coef: number;
}

/** Σ terms (op) 0: every relation Part 1's figures satisfy is homogeneous once constants are cells. */
export interface Relation {
  terms: Term[];
  op: '=' | '<=';
}

/** The feasible range of a hidden quantity, as sdcTable's `attack` reports it. */
export interface Interval {
  low: number;
  up: number;
}

/**
 * Hidden counts are bounded above so that an unbounded maximum reads as a large number
 * (HiGHS reports a MIP with no finite maximum as "infeasible or unbounded", which is ambiguous).
 */
export const UNBOUNDED = 1_000_000;

let closedForms = true;

/** Whether intervals of the shapes closed-form.ts knows skip the solver (off only to compare the two). */
export function useClosedForms(on: boolean): void {
  closedForms = on;
}

type Solution = { Status: string; ObjectiveValue: number | null; Columns?: Record<string, { Primal: number }> };
type Solver = { solve(problem: string, options?: Record<string, unknown>): Solution };

let solverPromise: Promise<Solver> | undefined;

/** HiGHS compiles its WebAssembly once per process. */
function solver(): Promise<Solver> {
  // The package's types describe its CommonJS build; its ESM build's default export is the loader.
  solverPromise ??= import('highs').then((m) => (m as unknown as { default: () => Promise<Solver> }).default());
  return solverPromise;
}

const memo = new Map<string, number | null>();

let relaxations = true;

/** Whether the relaxation is tried before the integer program (off only to compare the two, unremembered). */
export function useRelaxations(on: boolean): void {
  relaxations = on;
}

/** How far from a whole number a value of the relaxation's solution may be and still count as one. */
const WHOLE = 1e-9;

/**
 * The integer program's optimum, or null where it has none. Its linear relaxation (the same
 * problem without `General`) is solved first, by simplex, which ends on a vertex: where every
 * value there is a whole number, that solution is also the integer program's, and no integer
 * solution can do better than the relaxation, so the two optima are equal; where the relaxation
 * has no solution, neither has the integer program. Otherwise the integer program is solved.
 * Part 1's relations (sums of whole columns, rolling windows of consecutive months) almost always
 * end on whole vertices, and HiGHS solves a relaxation in a tenth of the time its branch and
 * bound takes on the same small problem.
 */
async function optimum(problem: string, relaxation: string): Promise<number | null> {
  const highs = await solver();
  const integer = () => {
    const result = highs.solve(problem);
    return result.Status === 'Optimal' ? result.ObjectiveValue : null;
  };
  if (!relaxations) return integer();
  const cached = memo.get(problem);
  if (cached !== undefined) return cached;
  const relaxed = highs.solve(relaxation, { solver: 'simplex' });
  let value: number | null;
  if (relaxed.Status === 'Infeasible') value = null;
  else if (relaxed.Status === 'Optimal' && relaxed.Columns && Object.values(relaxed.Columns).every((c) => Math.abs(c.Primal - Math.round(c.Primal)) <= WHOLE)) {
    value = relaxed.ObjectiveValue;
  } else value = integer();
  memo.set(problem, value);
  return value;
}

function linear(terms: Map<string, number>, names: Map<string, string>): string {
  const parts: string[] = [];
  for (const [key, coef] of terms) {
    if (coef === 0) continue;
    parts.push(`${coef < 0 ? '-' : '+'} ${Math.abs(coef)} ${names.get(key)}`);
  }
  return parts.length > 0 ? parts.join(' ') : '0 ' + [...names.values()][0];
}

/**
 * The feasible interval of `target` (a linear expression over cells) given the relations, where
 * `known` holds the published value of every shown cell and every other cell is hidden, hence
 * (zeros being shown) at least 1 unless `floors` says otherwise (0 for figures nobody is shown,
 * such as the months inside a rolling total), and at most its entry in `ceilings` (a reader who
 * replays the tool knows a figure it hid as small is at most the threshold). Null when the
 * figures admit no solution at all.
 */
export async function attack(
  target: Term[],
  relations: Relation[],
  known: ReadonlyMap<string, number>,
  floors: ReadonlyMap<string, number> = new Map(),
  ceilings: ReadonlyMap<string, number> = new Map(),
): Promise<Interval | null> {
  const { unknown: objective, constant: offset } = withKnown(target, known);
  // The closed form first: where it answers, the solver would give the same interval (and the same
  // null for figures that admit no solution), and writing out the programme for it cost more than
  // the answer (23,000 targets of about 30 relations each on a workspace of 200 indicators).
  if (closedForms && objective.size > 0) {
    const exact = closedFormInterval(target, relations, known, floors, UNBOUNDED, ceilings);
    if (exact !== undefined) return exact;
  }
  const names = new Map<string, string>();
  const name = (key: string) => {
    let n = names.get(key);
    if (n === undefined) {
      n = `x${names.size}`;
      names.set(key, n);
    }
    return n;
  };
  const rows: string[] = [];
  for (const relation of relations) {
    const { unknown: terms, constant } = withKnown(relation.terms, known);
    const rhs = -constant;
    for (const key of terms.keys()) name(key);
    if ([...terms.values()].every((c) => c === 0)) {
      if (relation.op === '=' ? rhs !== 0 : rhs < 0) return null;
      continue;
    }
    rows.push(`  r${rows.length}: ${linear(terms, names)} ${relation.op} ${rhs}`);
  }
  for (const key of objective.keys()) name(key);
  if (objective.size === 0) return { low: offset, up: offset };
  const variables = [...names.values()];
  const constraints = [
    'Subject To',
    // The LP format wants a constraint; this one repeats the first cell's floor, so it adds nothing.
    ...(rows.length > 0 ? rows : [`  r0: ${variables[0]} >= ${floors.get([...names.keys()][0]) ?? 1}`]),
    'Bounds',
    ...[...names].map(([key, v]) => `  ${floors.get(key) ?? 1} <= ${v} <= ${ceilings.get(key) ?? UNBOUNDED}`),
  ].join('\n');
  const body = `  obj: ${linear(objective, names)}\n${constraints}\n`;
  const integer = `General\n  ${variables.join(' ')}\nEnd\n`;
  const lo = await optimum(`Minimize\n${body}${integer}`, `Minimize\n${body}End\n`);
  const hi = await optimum(`Maximize\n${body}${integer}`, `Maximize\n${body}End\n`);
  if (lo === null || hi === null) return null;
  return { low: Math.round(lo) + offset, up: Math.round(hi) + offset };
}
