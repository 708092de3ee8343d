import type { Problem } from '../types.js';

/** SPEC: one readable line per problem; past this many lines, people fix the first ones and re-run. */
export const MAX_PROBLEMS = 50;

/**
 * Problems of the same kind: the same rule broken in the same column of the same file, whatever
 * the value (`period: "Apr-23" is not a month` and `period: "May-23" is not a month`). Quoted text
 * and numbers are what differ between rows, so they are left out of the key.
 */
export function kindOf(p: Problem): string {
  const rule = p.message.replace(/"[^"]*"/g, '"…"').replace(/\d+(\.\d+)?/g, '#');
  return `${p.severity}${p.exempt ? ' exempt' : ''}\t${p.file}\t${p.sheet ?? ''}\t${p.column ?? ''}\t${rule}`;
}

/**
 * Collects problems. Repeated ones of a kind (see `kindOf`) from sources that opt in collapse into
 * one line with a count and the last location (SPEC Second round › Extracts and spreadsheets);
 * past MAX_PROBLEMS lines of a severity the rest are only counted, so a million bad rows cost
 * counters rather than a million objects. Counts are always true: `errorCount` includes
 * everything collapsed or left out. Exempt warnings are counted apart, so the public count of
 * warnings never includes them.
 */
export class ProblemSink {
  private readonly kept = { error: [] as Problem[], warning: [] as Problem[], exempt: [] as Problem[] };
  private readonly groups = new Map<string, Problem>();
  private readonly total = { error: 0, warning: 0, exempt: 0 };

  /** With `collapse`, a problem of a kind already kept is counted on that line instead of added. */
  add(p: Problem, collapse = false): void {
    const bucket = p.severity === 'warning' && p.exempt ? 'exempt' : p.severity;
    this.total[bucket]++;
    const key = collapse ? kindOf(p) : undefined;
    const group = key === undefined ? undefined : this.groups.get(key);
    if (group) {
      group.count = (group.count ?? 1) + 1;
      group.last = { ...(p.line !== undefined ? { line: p.line } : {}), ...(p.column !== undefined ? { column: p.column } : {}) };
      return;
    }
    const list = this.kept[bucket];
    if (list.length >= MAX_PROBLEMS) return;
    const copy = { ...p };
    list.push(copy);
    if (key !== undefined) this.groups.set(key, copy);
  }

  addAll(ps: Iterable<Problem>): void {
    for (const p of ps) this.add(p);
  }

  /** True once no more error lines will be kept: callers skip work that only improves wording. */
  get full(): boolean {
    return this.kept.error.length >= MAX_PROBLEMS;
  }

  get errorCount(): number {
    return this.total.error;
  }

  get warningCount(): number {
    return this.total.warning;
  }

  /** The kept error lines; `errorCount` minus what they stand for is how many were left out. */
  errors(): Problem[] {
    return [...this.kept.error];
  }

  warnings(): Problem[] {
    return [...this.kept.warning, ...this.kept.exempt];
  }
}

/** How many problems a list of lines stands for. */
export function countOf(ps: readonly Problem[]): number {
  return ps.reduce((n, p) => n + (p.count ?? 1), 0);
}
