import type { Problem } from '../types.js';

/** SPEC: one readable line per problem; past this many, people fix the first ones and re-run. */
export const MAX_PROBLEMS = 50;

/**
 * Collects problems, keeping at most MAX_PROBLEMS of each severity and counting the rest,
 * so a million bad rows cost a counter rather than a million objects. Exempt warnings are
 * counted apart, so the public count of warnings never includes them.
 */
export class ProblemSink {
  private readonly kept = { error: [] as Problem[], warning: [] as Problem[], exempt: [] as Problem[] };
  private readonly dropped = { error: 0, warning: 0, exempt: 0 };

  add(p: Problem): void {
    const bucket = p.severity === 'warning' && p.exempt ? 'exempt' : p.severity;
    if (this.kept[bucket].length < MAX_PROBLEMS) this.kept[bucket].push(p);
    else this.dropped[bucket]++;
  }

  addAll(ps: Iterable<Problem>): void {
    for (const p of ps) this.add(p);
  }

  /** True once no more errors will be kept: callers skip work that only improves wording. */
  get full(): boolean {
    return this.kept.error.length >= MAX_PROBLEMS;
  }

  get errorCount(): number {
    return this.kept.error.length + this.dropped.error;
  }

  errors(): Problem[] {
    return withTail(this.kept.error, this.dropped.error, 'error');
  }

  warnings(): Problem[] {
    return [...withTail(this.kept.warning, this.dropped.warning, 'warning'), ...withTail(this.kept.exempt, this.dropped.exempt, 'warning', true)];
  }
}

function withTail(list: Problem[], dropped: number, severity: Problem['severity'], exempt?: true): Problem[] {
  if (dropped === 0) return [...list];
  const noun = severity === 'error' ? 'problem' : 'warning';
  return [...list, { file: '', message: `and ${dropped} more ${noun}${dropped === 1 ? '' : 's'}`, severity, ...(exempt ? { exempt } : {}) }];
}
