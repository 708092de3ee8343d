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

type Solver = { solve(problem: string): { Status: string; ObjectiveValue: number | null } };

let solverPromise: Promise<Solver> | undefined;

/** HiGHS compiles its WebAssembly once per process. */
function solver(): Promise<Solver> {
  // The package's types describe its CommonJS build; its ESM build's default export is the loader.
  solverPromise ??= import('highs').then((m) => (m as unknown as { default: () => Promise<Solver> }).default());
  return solverPromise;
}

const memo = new Map<string, number | null>();

async function optimum(problem: string): Promise<number | null> {
  const cached = memo.get(problem);
  if (cached !== undefined) return cached;
  const result = (await solver()).solve(problem);
  const value = result.Status === 'Optimal' ? result.ObjectiveValue : null;
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
  const { unknown: objective, constant: offset } = withKnown(target, known);
  for (const key of objective.keys()) name(key);
  if (objective.size === 0) return { low: offset, up: offset };
  if (closedForms) {
    const exact = closedFormInterval(target, relations, known, floors, UNBOUNDED, ceilings);
    if (exact !== undefined) return exact;
  }
  const variables = [...names.values()];
  const tail = [
    'Subject To',
    // The LP format wants a constraint; this one repeats the first cell's floor, so it adds nothing.
    ...(rows.length > 0 ? rows : [`  r0: ${variables[0]} >= ${floors.get([...names.keys()][0]) ?? 1}`]),
    'Bounds',
    ...[...names].map(([key, v]) => `  ${floors.get(key) ?? 1} <= ${v} <= ${ceilings.get(key) ?? UNBOUNDED}`),
    'General',
    `  ${variables.join(' ')}`,
    'End',
    '',
  ].join('\n');
  const body = `  obj: ${linear(objective, names)}\n${tail}`;
  const lo = await optimum(`Minimize\n${body}`);
  const hi = await optimum(`Maximize\n${body}`);
  if (lo === null || hi === null) return null;
  return { low: Math.round(lo) + offset, up: Math.round(hi) + offset };
}
