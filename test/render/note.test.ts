import { describe, expect, it } from 'vitest';
import { composeExempt, composePublic } from '../../src/compose/index.js';
import { createRenderer } from '../../src/render/index.js';
import { checkMonth } from '../../src/check.js';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import type { PaperModel } from '../../src/compose/model.js';
import * as b from './builders.js';

const indexRow = (m: PaperModel, n: number) => m.index.sections.flatMap((s) => s.rows).find((r) => r.number === n)!;

/**
 * The extract's `note` column (SPEC "outturns.csv" lists it and says no more): free text about one
 * figure, printed beside that figure in Part 2 only (README "outturns.csv"), since Part 1 prints
 * nothing unchecked that could state a hidden figure.
 */
describe('SPEC outturns.csv › note: beside its figure in Part 2, never in Part 1', () => {
  it('Part 2 prints each figure\'s note after it: outturn, previous period and breakdown category', () => {
    const a = b.assessed();
    const stability = a.assessments.find((x) => x.indicator.id === b.stability.id)!;
    stability.current = { ...stability.current!, note: 'provisional: 2 cases under review' };
    stability.previous = { ...stability.previous!, note: 'revised in December' };
    stability.breakdowns[0] = { ...stability.breakdowns[0], note: 'one placement ended early' };
    const model = composeExempt(b.context(), a, b.disclosed(a), b.commentary());
    const row = indexRow(model, b.stability.number);
    expect(row.outturn).toBe('62 of 91, 68.1% (note: provisional: 2 cases under review)');
    expect(row.previous).toBe('69.2% (Oct 2023) (note: revised in December)');
    expect(row.lastYear).toBe('72.5% (Nov 2022)');
    const detail = model.index.sections.flatMap((s) => s.details).find((d) => d.anchor === `indicator-${b.stability.id}-detail`)!;
    expect(detail.facts[0].value).toBe('62 of 91, 68.1% (note: provisional: 2 cases under review)');
    expect(detail.breakdowns[0].rows.map((r) => r.header)).toEqual(['10-12 (note: one placement ended early)', '13-15', 'All']);

    const part1 = JSON.stringify(composePublic(b.context(), b.publicView(a), b.commentary()));
    for (const note of ['provisional', 'revised in December', 'placement ended']) expect(part1).not.toContain(note);
  });

  it('on the sample, the persistent absence note names the academic year in Part 2 and nowhere in Part 1', async () => {
    const month = '2024-03';
    const { workspace: ws, warnings } = await loadOrThrow(sampleWorkspaceDir, true, month);
    const c = await checkMonth(ws, month, false, warnings);
    const ctx = { config: ws.config, catalogue: ws.catalogue, month, isSample: true, ledgers: ws.ledgers };
    const renderer = createRenderer();
    const part2 = composeExempt(ctx, c.assessed, c.disclosed, c.commentary);
    expect(indexRow(part2, 26).outturn).toMatch(/\(note: Academic year 2022\/23\)$/);
    expect(renderer.render(part2)).toContain('(note: Academic year 2022/23)');
    expect(renderer.render(composePublic(ctx, c.disclosed.public, c.commentary))).not.toContain('Academic year');
  });
});
