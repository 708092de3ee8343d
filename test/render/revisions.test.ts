import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeExempt, composePublic } from '../../src/compose/index.js';
import type { PaperModel } from '../../src/compose/model.js';
import { createRenderer } from '../../src/render/index.js';
import { disclose } from '../../src/disclose/index.js';
import { findRevisions, madeFromThisExtract, revisionOf } from '../../src/revisions.js';
import { ledgerToRecord } from '../../src/write/ledger.js';
import { figuresCsv } from '../../src/write/csv.js';
import { InputError, formatProblem, formatProblemWithFigures } from '../../src/errors.js';
import type { Assessed } from '../../src/assess/types.js';
import type { LedgerRow, Month } from '../../src/types.js';
import * as b from './builders.js';
import { workspaceOf } from '../helpers/builders.js';
import { tempDir } from '../helpers/temp.js';

const row = (indicator: string, period: Month, field: LedgerRow['field'], shown: string, breakdown = '', category = ''): LedgerRow => ({ indicator, period, breakdown, category, field, shown });

/**
 * What the committee was shown in October and November: stability's October figure was 60 of 91
 * (65.9%), now 63 (69.2%); care leavers' October 29 of 40 (72.5%), now 30 (75.0%); November's
 * stability age band 10–12 numerator was 19, now 20; care leavers' November numerator 36, now 37
 * and hidden in Part 1; their December 2022 numerator was published as [c].
 */
function ledgers(): Map<Month, LedgerRow[]> {
  return new Map([
    ['2022-12', [row(b.careLeavers.id, '2022-12', 'numerator', '[c]')]],
    [
      '2023-10',
      [
        row(b.stability.id, '2023-10', 'numerator', '60'),
        row(b.stability.id, '2023-10', 'value', '65.9'),
        row(b.stability.id, '2023-10', 'denominator', '91'),
        row(b.careLeavers.id, '2023-10', 'value', '72.5'),
      ],
    ],
    [
      '2023-11',
      [row(b.stability.id, '2023-11', 'numerator', '19', 'age_band', '10-12'), row(b.careLeavers.id, '2023-11', 'numerator', '36'), row(b.careLeavers.id, '2023-11', 'value', '[c]')],
    ],
  ]);
}

const indexRow = (m: PaperModel, n: number) => m.index.sections.flatMap((s) => s.rows).find((r) => r.number === n)!;
const detailOf = (m: PaperModel, id: string) => m.index.sections.flatMap((s) => s.details).find((d) => d.anchor === `indicator-${id}-detail`)!;

describe('SPEC Second round › Commentary and revisions: a figure that differs from the ledger of its month is shown with [r] in both parts and a footnote', () => {
  it('marks a revised number in Part 1 where Part 1 shows it, and never a symbol', () => {
    const model = composePublic(b.context({ ledgers: ledgers() }), b.publicView(), b.commentary());
    expect(indexRow(model, b.stability.number).previous).toBe('69.2% [r] (Oct 2023)');
    expect(indexRow(model, b.careLeavers.number).previous).toBe('75.0% [r] (Oct 2023)');
    // Care leavers' November figure is hidden in Part 1: it stays its symbol, unmarked.
    expect(indexRow(model, b.careLeavers.number).outturn).toBe('[c] of 40, [c]');
    const table = detailOf(model, b.stability.id).breakdowns[0];
    expect(table.rows.find((r) => r.header === '10-12')!.cells).toEqual(['20 [r]', '30', '66.7%']);
    expect(table.rows.find((r) => r.header === '13-15')!.cells).toEqual(['42', '61', '68.9%']);
    expect(JSON.stringify(model)).not.toMatch(/\[c\] \[r\]/);
    expect(model.index.footnotes).toHaveLength(1);
    expect(model.index.footnotes[0]).toMatch(/^\[r\] Revised: the figure differs from the one first published for the same period, in that month's paper/);
    expect(model.index.footnotes[0]).not.toContain('disclosure log');
    const html = createRenderer().render(model);
    expect(html).toContain('<p class="footnote">[r] Revised:');
  });

  it('marks in Part 2 every revised number, hidden in Part 1 or not; a figure the ledger published as [c] is not marked', () => {
    const model = composeExempt(b.context({ ledgers: ledgers() }), b.assessed(), b.disclosed(), b.commentary());
    expect(indexRow(model, b.careLeavers.number).outturn).toBe('37 [r] of 40, 92.5%');
    expect(indexRow(model, b.stability.number).previous).toBe('69.2% [r] (Oct 2023)');
    expect(detailOf(model, b.stability.id).breakdowns[0].rows.find((r) => r.header === '10-12')!.cells).toEqual(['20 [r]', '30', '66.7%']);
    // November's value was published as [c]: nothing to revise, though its numerator is revised.
    const chart = detailOf(model, b.careLeavers.id).chart;
    expect(chart).toContain('75.0% [r]');
    expect(chart).not.toContain('92.5% [r]');
    expect(model.index.footnotes[0]).toContain('The exempt disclosure log (disclosure-log.csv) lists the figure first published and the figure now.');
  });

  it('prints no mark and no footnote when nothing differs from the ledgers', () => {
    const same = new Map([['2023-10', [row(b.stability.id, '2023-10', 'numerator', '63'), row(b.stability.id, '2023-10', 'value', '69.2')]]]);
    for (const model of [
      composePublic(b.context({ ledgers: same }), b.publicView(), b.commentary()),
      composeExempt(b.context({ ledgers: same }), b.assessed(), b.disclosed(), b.commentary()),
    ]) {
      expect(JSON.stringify(model)).not.toContain('[r]');
      expect(model.index.footnotes).toEqual([]);
    }
  });

  it('only a number the ledger published can be revised, and only by a different number', () => {
    const of = revisionOf(ledgers());
    const at = (indicator: string, period: Month, field: LedgerRow['field']) => ({ indicator, period, breakdown: '', category: '', field });
    expect(of(at(b.stability.id, '2023-10', 'numerator'), '63')).toBe('60');
    expect(of(at(b.stability.id, '2023-10', 'numerator'), '60')).toBeNull();
    expect(of(at(b.stability.id, '2023-10', 'denominator'), '91')).toBeNull();
    expect(of(at(b.careLeavers.id, '2022-12', 'numerator'), '37')).toBeNull();
    expect(of(at(b.careLeavers.id, '2023-11', 'numerator'), '[c]')).toBeNull();
    // A figure belongs to its own month's ledger: an October figure is not looked up in November's.
    expect(of(at(b.stability.id, '2023-09', 'numerator'), '1')).toBeNull();
    expect(findRevisions(ledgers(), [row(b.stability.id, '2023-10', 'value', '69.2'), row(b.stability.id, '2023-10', 'denominator', '91')])).toEqual([
      { indicator: b.stability.id, period: '2023-10', breakdown: '', category: '', field: 'value', was: '65.9', now: '69.2' },
    ]);
  });

  it('Part 1 stays byte for byte the same whatever the hidden figures, with a ledger that published a hidden figure (SPEC Second round › Channels)', async () => {
    const ws = workspaceOf({ indicators: b.catalogue().indicators, sections: b.catalogue().sections, outturns: [], config: b.bromleyConfig() });
    const withHidden = (now: number): Assessed => {
      const a = b.assessed();
      const care = a.assessments.find((x) => x.indicator.id === b.careLeavers.id)!;
      care.current = { period: b.MONTH, numerator: now, denominator: 40, value: (100 * now) / 40 };
      care.trend = care.trend.map((t) => (t.period === b.MONTH ? { period: t.period, figure: care.current } : t));
      return a;
    };
    const renderer = createRenderer();
    const render = async (now: number) => renderer.render(composePublic(b.context({ ledgers: ledgers() }), (await disclose(ws, withHidden(now))).public, b.commentary()));
    const reference = await render(37);
    expect(reference).toContain('[c] of 40');
    // 36 is the number the November ledger recorded: the revision Part 2 marks must not show here.
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 35, max: 39 }), async (now) => {
        expect(await render(now)).toBe(reference);
      }),
      { numRuns: 5 },
    );
  });
});

describe('SPEC Second round › Commentary and revisions: --record refusing a differing ledger names every figure that differs', () => {
  it('names each differing figure by indicator, period, breakdown and field; the numbers only where figures may be shown', async () => {
    const dir = tempDir('scrutiny-ledger-');
    const ws = { ...workspaceOf({ indicators: b.catalogue().indicators, outturns: [], config: b.bromleyConfig() }), dir };
    const recorded = [
      row(b.stability.id, '2023-11', 'numerator', '62'),
      row(b.stability.id, '2023-11', 'numerator', '19', 'age_band', '10-12'),
      row(b.stability.id, '2023-11', 'value', '68.1'),
      row(b.careLeavers.id, '2023-11', 'numerator', '[c]'),
      row(b.referrals.id, '2023-11', 'value', '556.0'),
    ];
    mkdirSync(join(dir, 'published'));
    writeFileSync(join(dir, 'published', '2023-11.csv'), figuresCsv(recorded));
    const now = [
      row(b.stability.id, '2023-11', 'numerator', '62'),
      row(b.stability.id, '2023-11', 'numerator', '20', 'age_band', '10-12'),
      row(b.stability.id, '2023-11', 'value', '68.1'),
      row(b.careLeavers.id, '2023-11', 'numerator', '37'),
      row(b.adoption.id, '2023-11', 'value', '488'),
    ];
    const refused = await ledgerToRecord(ws, '2023-11', figuresCsv(now), now).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(InputError);
    const e = refused as InputError;
    expect(e.all).toBe(true);
    const lines = e.problems.map(formatProblem);
    expect(lines[0]).toContain('published/2023-11.csv  the ledger for 2023-11 is already recorded and differs from this build in 4 figures, named below');
    expect(lines).toContain(`published/2023-11.csv:3:6  Indicator ${b.stability.number} (${b.stability.id}) differs in 1 figure: 2023-11 age_band 10-12 numerator`);
    expect(lines).toContain(`published/2023-11.csv:5:6  Indicator ${b.careLeavers.number} (${b.careLeavers.id}) differs in 1 figure: 2023-11 numerator`);
    expect(lines).toContain(`published/2023-11.csv:6:6  Indicator ${b.referrals.number} (${b.referrals.id}) differs in 1 figure: 2023-11 value (not in this build)`);
    expect(lines).toContain(`published/2023-11.csv  Indicator ${b.adoption.number} (${b.adoption.id}) differs in 1 figure: 2023-11 value (not in the recorded ledger)`);
    expect(lines).toHaveLength(5);
    // Off a terminal, no number: neither the recorded one nor this build's.
    for (const line of lines.slice(1)) expect(line.slice(line.indexOf(' differs in '))).not.toMatch(/\b(19|20|37|488|556\.0)\b|\[c\]/);
    const withFigures = e.problems.map(formatProblemWithFigures);
    expect(withFigures).toContain(`published/2023-11.csv:3:6  Indicator ${b.stability.number} (${b.stability.id}) differs in 1 figure: 2023-11 age_band 10-12 numerator recorded 19, this build 20`);
    expect(withFigures).toContain(`published/2023-11.csv:5:6  Indicator ${b.careLeavers.number} (${b.careLeavers.id}) differs in 1 figure: 2023-11 numerator recorded [c], this build 37`);
  });

  it('records a new ledger, and does nothing for one already recorded as it is', async () => {
    const dir = tempDir('scrutiny-ledger-');
    const ws = { ...workspaceOf({ indicators: b.catalogue().indicators, outturns: [], config: b.bromleyConfig() }), dir };
    const now = [row(b.stability.id, '2023-11', 'numerator', '62')];
    expect(await ledgerToRecord(ws, '2023-11', figuresCsv(now), now)).toEqual({ path: join(dir, 'published', '2023-11.csv'), csv: figuresCsv(now) });
    mkdirSync(join(dir, 'published'));
    writeFileSync(join(dir, 'published', '2023-11.csv'), figuresCsv(now));
    expect(await ledgerToRecord(ws, '2023-11', figuresCsv(now), now)).toBeUndefined();
  });
});

describe('ledgers a build made from its own extract', () => {
  it('are not compared for revisions (SPEC Second round: [r] marks what differs from what was published), while a recorded one is', () => {
    const row = (shown: string) => ({ indicator: 'x', period: '2023-10', breakdown: '', category: '', field: 'value' as const, shown });
    const recorded = [row('62')];
    // A recorded ledger that differs is a revision …
    expect(findRevisions(new Map([['2023-10', recorded]]), [row('65')])).toEqual([{ indicator: 'x', period: '2023-10', breakdown: '', category: '', field: 'value', was: '62', now: '65' }]);
    expect(revisionOf(new Map([['2023-10', recorded]]))(row('65'), '65')).toBe('62');
    // … a ledger this build set from the same extract is never looked at: its figures are the extract's.
    const own = madeFromThisExtract([row('62')]);
    expect(findRevisions(new Map([['2023-10', own]]), [row('65')])).toEqual([]);
    expect(revisionOf(new Map([['2023-10', own]]))(row('65'), '65')).toBeNull();
  });
});
