/**
 * An attacker with only Part 1's figures CSV, written independently of src/disclose: each check is
 * a way a reader could recover a hidden count from what Part 1 publishes. Returns what it found.
 */
import { addMonths } from '../../src/format.js';
import type { Indicator, LedgerRow, Workspace } from '../../src/types.js';

const num = (s: string | undefined) => (s === undefined || s.startsWith('[') ? undefined : Number(s));

export function attacks(ws: Workspace, figures: LedgerRow[]): string[] {
  const T = ws.config.disclosure.threshold;
  const found: string[] = [];
  const byId = new Map(ws.catalogue.indicators.map((i) => [i.id, i]));
  const cell = new Map(figures.map((f) => [`${f.indicator}|${f.period}|${f.breakdown}|${f.category}|${f.field}`, f.shown]));
  const get = (f: Pick<LedgerRow, 'indicator' | 'period' | 'breakdown' | 'category'>, field: string) => cell.get(`${f.indicator}|${f.period}|${f.breakdown}|${f.category}|${field}`);
  const isPeopleCount = (ind: Indicator, field: string) => field !== 'value' || ind.unit === 'count';

  const figuresOf = new Map<string, LedgerRow>();
  for (const f of figures) figuresOf.set(`${f.indicator}|${f.period}|${f.breakdown}|${f.category}`, f);
  for (const f of figuresOf.values()) {
    const ind = byId.get(f.indicator)!;
    if (!ind.disclosure.suppress) continue;
    const where = `${f.indicator} ${f.period} ${f.breakdown} ${f.category}`.trim();
    for (const field of ['value', 'numerator', 'denominator']) {
      const v = num(get(f, field));
      if (v !== undefined && isPeopleCount(ind, field) && v >= 1 && v <= T) found.push(`${where} ${field} shows a count of ${v}`);
    }
    const n = num(get(f, 'numerator'));
    const d = num(get(f, 'denominator'));
    if (n !== undefined && d !== undefined && d - n >= 1 && d - n <= T) found.push(`${where}: shown ${n} of ${d} leaves a complement of ${d - n}`);
    if (ind.unit === 'percent' && num(get(f, 'value')) !== undefined && d !== undefined && n === undefined && get(f, 'numerator') !== undefined) {
      found.push(`${where}: a shown percentage and denominator give back the hidden numerator`);
    }
    if (ind.unit === 'rate' && num(get(f, 'value')) !== undefined && get(f, 'numerator')?.startsWith('[')) {
      found.push(`${where}: a shown rate over a published population gives back the hidden count`);
    }
  }

  // Breakdown categories add up to their headline (every breakdown of an indicator shares it).
  // The attacker solves every such sum with one unknown, over and over, then looks at what it
  // pinned down; where two or more stay unknown, each must still be able to take 1 to T
  // (k hidden cells need a hidden sum of at least T + k − 1).
  const known = new Map<string, number>();
  for (const f of figures) {
    const v = num(f.shown);
    if (v !== undefined) known.set(`${f.indicator}|${f.period}|${f.breakdown}|${f.category}|${f.field}`, v);
  }
  const sums: { total: string; parts: string[]; where: string }[] = [];
  const partsOf = new Map<string, string[]>();
  for (const f of figures) {
    const ind = byId.get(f.indicator)!;
    if (!f.breakdown || !ind.disclosure.suppress || !isPeopleCount(ind, f.field)) continue;
    const total = `${f.indicator}|${f.period}|||${f.field}`;
    const group = `${total}|${f.breakdown}`;
    partsOf.set(group, [...(partsOf.get(group) ?? []), `${f.indicator}|${f.period}|${f.breakdown}|${f.category}|${f.field}`]);
  }
  for (const [group, parts] of partsOf) sums.push({ total: group.slice(0, group.lastIndexOf('|')), parts, where: group.replaceAll('|', ' ').replace(/\s+/g, ' ').trim() });
  const pinned = new Map<string, number>();
  for (let progress = true; progress; ) {
    progress = false;
    for (const { total, parts } of sums) {
      const cells = [total, ...parts];
      const unknown = cells.filter((c) => !known.has(c));
      if (unknown.length !== 1) continue;
      const partSum = parts.reduce((s, c) => s + (known.get(c) ?? 0), 0);
      const value = unknown[0] === total ? partSum : (known.get(total) as number) - partSum;
      known.set(unknown[0], value);
      pinned.set(unknown[0], value);
      progress = true;
    }
  }
  for (const [key, value] of pinned) {
    const [indicator, period, breakdown, category, field] = key.split('|');
    const where = `${indicator} ${period} ${breakdown} ${category}`.trim();
    if (value >= 1 && value <= T) found.push(`${where} ${field}: a hidden count pinned to ${value}`);
    const other = known.get(`${indicator}|${period}|${breakdown}|${category}|${field === 'numerator' ? 'denominator' : 'numerator'}`);
    if (other !== undefined && (field === 'numerator' || field === 'denominator')) {
      const complement = Math.abs(other - value);
      if (complement >= 1 && complement <= T) found.push(`${where} ${field}: pinned to ${value}, leaving a complement of ${complement}`);
    }
  }
  // Year-to-date figures: two consecutive months of one year (from the indicator's year_start),
  // both known, give that month's new cases (e.g. first-time entrants) as their difference.
  for (const [key, value] of known) {
    const [indicator, period, breakdown, category, field] = key.split('|');
    const ind = byId.get(indicator)!;
    if (ind.basis !== 'year_to_date' || !ind.disclosure.suppress || !isPeopleCount(ind, field) || Number(period.slice(5)) === ind.year_start) continue;
    const before = known.get([indicator, addMonths(period, -1), breakdown, category, field].join('|'));
    if (before !== undefined && value - before >= 1 && value - before <= T) {
      found.push(`${indicator} ${period} ${breakdown} ${category} ${field}: grew by ${value - before} since the month before`.replace(/\s+/g, ' '));
    }
  }
  for (const { total, parts, where } of sums) {
    const t = known.get(total);
    const hidden = parts.filter((c) => !known.has(c));
    if (t === undefined || hidden.length < 2) continue;
    const hiddenSum = t - parts.reduce((s, c) => s + (known.get(c) ?? 0), 0);
    if (hiddenSum < T + hidden.length - 1) found.push(`${where}: ${hidden.length} hidden categories sum to ${hiddenSum}`);
  }
  return found;
}

/** What the public knows: every figure any of these publications showed as a number. */
export function union(...publications: LedgerRow[][]): LedgerRow[] {
  const seen = new Map<string, LedgerRow>();
  for (const f of publications.flat()) {
    const key = `${f.indicator}|${f.period}|${f.breakdown}|${f.category}|${f.field}`;
    if (!seen.has(key) || seen.get(key)!.shown.startsWith('[')) seen.set(key, f);
  }
  return [...seen.values()];
}

/**
 * What a new paper gives away, read together with the workspace's earlier ledgers, beyond what
 * those ledgers already gave away by themselves (which no later paper can take back).
 */
export function newAttacks(ws: Workspace, figures: LedgerRow[]): string[] {
  const earlier = union(...ws.ledgers.values());
  const before = new Set(attacks(ws, earlier));
  return attacks(ws, union(earlier, figures)).filter((a) => !before.has(a));
}
