import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadOrThrow } from '../../src/build.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import { assessMonth } from '../../src/assess/index.js';
import { disclose } from '../../src/disclose/index.js';
import { monthRange } from '../../src/format.js';
import type { Indicator, LedgerRow, Workspace } from '../../src/types.js';
import { repoRoot } from '../helpers/cli.js';

// An attacker with only Part 1's figures CSV, written independently of src/disclose: every
// check below is a way a reader could recover a hidden count from what Part 1 publishes.
const T = 5;
const num = (s: string | undefined) => (s === undefined || s.startsWith('[') ? undefined : Number(s));

function attacks(ws: Workspace, figures: LedgerRow[]): string[] {
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

async function attackMonths(dir: string, isSample: boolean, months: string[]) {
  const { workspace } = await loadOrThrow(dir, isSample);
  const found: string[] = [];
  let hiddenCells = 0;
  for (const month of months) {
    const { figures } = await disclose(workspace, assessMonth(workspace, month));
    hiddenCells += figures.filter((f) => f.shown.startsWith('[c]')).length;
    found.push(...attacks(workspace, figures).map((a) => `${month}: ${a}`));
  }
  return { found, hiddenCells };
}

describe('an independent attacker on Part 1’s published figures', () => {
  it('recovers nothing from the sample in any month of 2023-24', async () => {
    const { found, hiddenCells } = await attackMonths(sampleWorkspaceDir, true, monthRange('2023-04', '2024-03'));
    expect(hiddenCells).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });

  it.each(['breakdown-total-leak', 'percent-complement', 'ytd-cross-report'])('recovers nothing from fixtures/disclosure/%s', async (name) => {
    const { found, hiddenCells } = await attackMonths(join(repoRoot, 'fixtures', 'disclosure', name), false, ['2023-11']);
    expect(hiddenCells).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });

  it('would catch the same tables with primary suppression only (so the checks can fail)', async () => {
    const { workspace } = await loadOrThrow(join(repoRoot, 'fixtures', 'disclosure', 'breakdown-total-leak'), false);
    const { figures, log } = await disclose(workspace, assessMonth(workspace, '2023-11'));
    const secondary = new Set(log.filter((r) => r.kind === 'secondary').map((r) => `${r.indicator}|${r.period}|${r.breakdown}|${r.category}|${r.field}`));
    expect(secondary.size).toBeGreaterThan(0);
    const trueValue = (f: LedgerRow) =>
      workspace.outturns.find((o) => o.indicator === f.indicator && o.period === f.period && (o.breakdown ?? '') === f.breakdown && (o.category ?? '') === f.category)!;
    const primaryOnly = figures.map((f) =>
      secondary.has(`${f.indicator}|${f.period}|${f.breakdown}|${f.category}|${f.field}`) ? { ...f, shown: String(trueValue(f)[f.field === 'denominator' ? 'denominator' : 'numerator']) } : f,
    );
    expect(attacks(workspace, primaryOnly).length).toBeGreaterThan(0);
  });
});
