import type { Term } from './audit.js';

/**
 * Linear terms with the published cells substituted: the coefficients of what is left unknown
 * (duplicates summed, in order of first appearance) and the constant the known cells add up to.
 */
export function withKnown(terms: Term[], known: ReadonlyMap<string, number>): { unknown: Map<string, number>; constant: number } {
  const unknown = new Map<string, number>();
  let constant = 0;
  for (const t of terms) {
    const v = known.get(t.key);
    if (v === undefined) unknown.set(t.key, (unknown.get(t.key) ?? 0) + t.coef);
    else constant += t.coef * v;
  }
  return { unknown, constant };
}
