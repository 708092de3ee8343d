import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import { assessMonth } from '../../src/assess/index.js';
import { disclose } from '../../src/disclose/index.js';
import { monthRange } from '../../src/format.js';
import type { LedgerRow } from '../../src/types.js';
import { attacks, newAttacks } from '../helpers/attacker.js';
import { repoRoot } from '../helpers/cli.js';

// The attacker (test/helpers/attacker.ts) on the sample and the adversarial fixtures.
async function attackMonths(dir: string, isSample: boolean, months: string[]) {
  const { workspace } = await loadOrThrow(dir, isSample);
  const found: string[] = [];
  let hiddenCells = 0;
  for (const month of months) {
    const { figures } = await disclose(workspace, assessMonth(workspace, month));
    hiddenCells += figures.filter((f) => f.shown.startsWith('[c]')).length;
    found.push(...newAttacks(workspace, figures).map((a) => `${month}: ${a}`));
  }
  return { found, hiddenCells };
}

describe('an independent attacker on Part 1’s published figures', () => {
  it('recovers nothing from the sample in any month of 2023-24', async () => {
    const { found, hiddenCells } = await attackMonths(sampleWorkspaceDir, true, monthRange('2023-04', '2024-03'));
    expect(hiddenCells).toBeGreaterThan(50);
    expect(found).toEqual([]);
  });

  // SPEC Second round › Channels: indicators may declare that they count the same children.
  it('the sample declares its indicators that count the same children, and their figures agree in every period', async () => {
    const { workspace } = await loadOrThrow(sampleWorkspaceDir, true);
    const members = new Map<string, string[]>();
    for (const ind of workspace.catalogue.indicators) {
      for (const [field, name] of Object.entries(ind.cohort ?? {})) members.set(name as string, [...(members.get(name as string) ?? []), `${ind.id}.${field}`]);
    }
    expect(Object.fromEntries(members)).toEqual({
      'children-on-a-plan': ['cp-rate.numerator', 'cp-visits-10-days.denominator'],
      'children-looked-after': ['cla-rate.numerator', 'cla-stability-short-term.denominator', 'cla-visits-timely.denominator'],
      'looked-after-12-months': ['cla-health-assessments.denominator', 'cla-dental.denominator'],
      'care-leavers-19-21': ['cl-eet.denominator', 'cl-accommodation.denominator'],
    });
    for (const list of members.values()) {
      const counts = list.map((m) => {
        const [id, field] = m.split('.') as [string, 'numerator' | 'denominator'];
        return new Map(workspace.outturns.filter((o) => o.indicator === id && o.breakdown === null).map((o) => [o.period, o[field]]));
      });
      let compared = 0;
      for (const [period, count] of counts[0]) {
        for (const other of counts.slice(1)) {
          if (!other.has(period)) continue;
          expect(other.get(period), `${list.join(' / ')} ${period}`).toBe(count);
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(20);
    }
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
