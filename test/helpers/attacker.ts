/**
 * An attacker with only Part 1's figures CSV, written independently of src/disclose: each check is
 * a way a reader could recover a hidden count from what Part 1 publishes. Returns what it found.
 */
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
    if (ind.unit === 'rate_per_10000' && num(get(f, 'value')) !== undefined && get(f, 'numerator')?.startsWith('[')) {
      found.push(`${where}: a shown rate over a published population gives back the hidden count`);
    }
  }

  // Breakdown categories add up to the shown headline: the hidden ones must still each be able
  // to take any value from 1 to the threshold (k hidden cells need a hidden sum of at least T + k − 1).
  const groups = new Map<string, LedgerRow[]>();
  for (const f of figures) if (f.breakdown && isPeopleCount(byId.get(f.indicator)!, f.field)) {
    const key = `${f.indicator}|${f.period}|${f.breakdown}|${f.field}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  for (const [key, cats] of groups) {
    const [indicator, period, breakdown, field] = key.split('|');
    if (!byId.get(indicator)!.disclosure.suppress) continue;
    const total = num(get({ indicator, period, breakdown: '', category: '' }, field));
    if (total === undefined) continue;
    const hidden = cats.filter((c) => num(c.shown) === undefined);
    if (hidden.length === 0) continue;
    const hiddenSum = total - cats.reduce((s, c) => s + (num(c.shown) ?? 0), 0);
    if (hidden.length === 1 || hiddenSum < T + hidden.length - 1) {
      found.push(`${indicator} ${period} ${breakdown} ${field}: ${hidden.length} hidden categories sum to ${hiddenSum}`);
    }
  }
  return found;
}

