/**
 * An independent attacker: from the published figures alone (a headline count and its 1-D
 * breakdowns, zeros shown so hidden ⇒ ≥ 1), every integer value each hidden figure can take.
 */
import type { LedgerRow } from '../../src/types.js';

export function feasibleValues(figures: LedgerRow[], indicator: string, period: string, symbol: string, bound: number): Map<string, Set<number>> {
  const rows = figures.filter((f) => f.indicator === indicator && f.period === period && f.field === 'value');
  const headline = rows.find((r) => r.breakdown === '');
  const tables = new Map<string, LedgerRow[]>();
  for (const r of rows) if (r.breakdown !== '') tables.set(r.breakdown, [...(tables.get(r.breakdown) ?? []), r]);
  const name = (r: LedgerRow) => (r.breakdown ? `${r.breakdown}=${r.category}` : 'total');
  const out = new Map<string, Set<number>>();
  for (const r of rows) if (r.shown === symbol) out.set(name(r), new Set());

  const totals = headline && headline.shown !== symbol ? [Number(headline.shown)] : Array.from({ length: bound }, (_, i) => i + 1);
  for (const total of totals) {
    // Per table, every split of what the shown cells leave over the hidden cells (each ≥ 1).
    const perTable: Map<string, number>[][] = [];
    for (const cells of tables.values()) {
      const hidden = cells.filter((c) => c.shown === symbol);
      const rest = total - cells.filter((c) => c.shown !== symbol).reduce((s, c) => s + Number(c.shown), 0);
      const splits: Map<string, number>[] = [];
      const walk = (i: number, left: number, acc: number[]) => {
        if (i === hidden.length - 1) {
          if (left >= 1) splits.push(new Map(hidden.map((h, j) => [name(h), j === i ? left : acc[j]])));
          return;
        }
        for (let v = 1; v <= left - (hidden.length - 1 - i); v++) walk(i + 1, left - v, [...acc, v]);
      };
      if (hidden.length === 0) splits.push(rest === 0 ? new Map() : new Map([['!', 0]]));
      else walk(0, rest, []);
      perTable.push(splits.filter((s) => !s.has('!')));
    }
    if (perTable.some((s) => s.length === 0)) continue;
    if (out.has('total')) out.get('total')!.add(total);
    for (const splits of perTable) for (const s of splits) for (const [k, v] of s) out.get(k)!.add(v);
  }
  return out;
}
