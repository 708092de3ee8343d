import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { composeExempt, composePublic, SAMPLE_NOTICE, SUPPRESSION_SENTENCE } from '../../src/compose/index.js';
import { createRenderer } from '../../src/render/index.js';
import type { Assessed } from '../../src/assess/types.js';
import * as b from './builders.js';
import { disclose } from '../../src/disclose/index.js';
import { workspaceOf } from '../helpers/builders.js';

const renderer = createRenderer();

/** The same month with the hidden care-leavers numerators changed; everything Part 1 shows stays put. */
function withHiddenNumerators(now: number, december: number): Assessed {
  const a = b.assessed();
  const care = a.assessments.find((x) => x.indicator.id === b.careLeavers.id)!;
  const fig = (period: string, n: number) => ({ period, numerator: n, denominator: 40, value: (100 * n) / 40 });
  care.current = fig(b.MONTH, now);
  care.trend = care.trend.map((t) =>
    t.period === b.MONTH ? { period: t.period, figure: fig(t.period, now) } : t.period === '2022-12' ? { period: t.period, figure: fig(t.period, december) } : t,
  );
  return a;
}

describe('composePublic', () => {
  it('holds no raw figure of a suppressed cell', () => {
    const model = composePublic(b.context(), b.publicView(), b.commentary());
    const json = JSON.stringify(model);
    // Care leavers: 37 of 40 (92.5%) now and 37 of 40 in December 2022 are hidden in Part 1.
    expect(json).not.toContain('92.5');
    expect(json).not.toMatch(/\b37 of 40/);
    const row = model.index.sections.flatMap((s) => s.rows).find((r) => r.number === 21)!;
    expect(row.outturn).toBe('[c] of 40, [c]');
    expect(row.rag.label).toBe('See Part 2');
    expect(row.direction.key).toBe('not_comparable');
    expect(row.benchmarks.every((x) => x.comparison === null)).toBe(true);
  });

  it('gives the same Part 1, byte for byte, whatever the suppressed values are (SPEC Disclosure control for Part 1)', async () => {
    // The raw figures go through the real disclosure engine, so a value that reached Part 1 would show.
    const ws = workspaceOf({ indicators: b.catalogue().indicators, sections: b.catalogue().sections, outturns: [], config: b.bromleyConfig() });
    const render = async (now: number, december: number) =>
      renderer.render(composePublic(b.context(), (await disclose(ws, withHiddenNumerators(now, december))).public, b.commentary()));
    const reference = await render(37, 37);
    expect(reference).toContain('[c] of 40');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 35, max: 39 }), fc.integer({ min: 35, max: 39 }), async (now, december) => {
        expect(await render(now, december)).toBe(reference);
      }),
      { numRuns: 15 },
    );
    // And the test can fail: a shown figure changed does change Part 1.
    expect(await render(30, 37)).not.toBe(reference);
  });

  it('lists the exceptions in order with the public commentary only', () => {
    const model = composePublic(b.context(), b.publicView(), b.commentary());
    const commentary = model.sections.find((s) => s.id === 'commentary')!;
    expect(commentary.paragraphs.at(-1)!.text).toBe(
      "As at the end of November 2023, the following Children's Scrutiny Dataset key performance indicator(s) were performing below expectation.",
    );
    expect(commentary.exceptions.map((e) => e.heading)).toEqual([
      'Indicator 3: Rate of referrals to children’s social care per 10,000 – Amber',
      'Indicator 20: Stability of placements for children looked after – length of placement – Amber',
      'Indicator 22: Average days between entering care and moving in with the adoptive family – Amber',
    ]);
    const [referrals, stability] = commentary.exceptions;
    expect(referrals.placeholder).toBe('Commentary to follow.');
    expect(stability.publicText).toContain('gradually decreased');
    expect(stability.exemptText).toBeNull();
    expect(JSON.stringify(model)).not.toContain('allegations');
    expect(commentary.byException.map((e) => e.heading)).toEqual(['Indicator 4: Schools judged outstanding – Not rated']);
  });

  it('says in a fixed sentence that suppressed indicators are assessed in Part 2, without counting or naming them', () => {
    const model = composePublic(b.context(), b.publicView(), b.commentary());
    const commentary = model.sections.find((s) => s.id === 'commentary')!;
    expect(commentary.closing.map((p) => p.text)).toEqual([SUPPRESSION_SENTENCE]);
    const section3 = JSON.stringify(commentary);
    expect(section3).not.toContain('Care leavers');
    expect(section3).not.toContain('Indicator 21');

    const view = { ...b.publicView(), anyHeadlineSuppressed: false };
    const plain = composePublic(b.context(), view, b.commentary()).sections.find((s) => s.id === 'commentary')!;
    expect(plain.closing).toEqual([]);
  });

  it('numbers the paragraphs, fills placeholders as plain text and leaves out headings with no text', () => {
    const ctx = b.context();
    ctx.config.sections.legal = '   ';
    ctx.config.sections.reason = 'As at the end of {{month_name}} ({{month}}) for {{authority}}: {{#each x}}{{constructor}}';
    const model = composePublic(ctx, b.publicView(), b.commentary());
    const ids = model.sections.map((s) => s.id);
    expect(ids).toEqual([
      'reason',
      'recommendations',
      'impact-on-vulnerable',
      'policy',
      'financial',
      'commentary',
      'implications-1',
      'non-applicable-headings',
      'background-documents',
    ]);
    expect(model.sections[0].paragraphs).toEqual([
      { number: '1.1', text: 'As at the end of November 2023 (2023-11) for London Borough of Bromley: {{#each x}}{{constructor}}' },
    ]);
    const commentary = model.sections.find((s) => s.id === 'commentary')!;
    expect(commentary.paragraphs.map((p) => p.number)).toEqual(['3.1', '3.2', '3.3']);
    expect(commentary.closing[0].number).toBe('3.4');
    expect(model.sections.find((s) => s.id === 'implications-1')!.heading).toBe('4. Impact on Vulnerable Adults and Children');
  });

  it('names the document and the part, and marks the sample', () => {
    const model = composePublic(b.context({ isSample: true }), b.publicView(), undefined);
    expect(model.documentTitle).toBe("Children's Scrutiny Dataset – November 2023 – Part 1 (Public)");
    expect(model.cover.partLabel).toBe('PART ONE – PUBLIC');
    expect(model.cover.date).toBe('Thursday 1 February 2024');
    expect(model.sampleNotice).toBe(SAMPLE_NOTICE);
    expect(model.exemptNotice).toBeNull();
    expect(model.suppressions).toBeNull();
  });

  it('groups the index by catalogue section, skipping empty ones, with the figures in words', () => {
    const model = composePublic(b.context(), b.publicView(), undefined);
    expect(model.index.sections.map((s) => s.title)).toEqual(['Front door and early help', 'Children looked after']);
    const rows = model.index.sections.flatMap((s) => s.rows);
    const stability = rows.find((r) => r.number === 20)!;
    expect(stability).toMatchObject({ polarity: 'higher is better', target: '70%', outturn: '62 of 91, 68.1%', previous: '69.2% (Oct 2023)' });
    expect(rows.find((r) => r.number === 3)!.target).toBe('400 to 520 per 10,000');
    const detail = model.index.sections[1].details[0];
    expect(detail.ragRule).toBe('Green: 70% or more. Amber: 65% to 69.9%. Red: below 65%.');
    expect(detail.breakdowns[0].rows.map((r) => [r.header, ...r.cells])).toEqual([
      ['10-12', '20', '30', '66.7%'],
      ['13-15', '42', '61', '68.9%'],
      ['All', '62', '91', '68.1%'],
    ]);
  });
});

describe('composeExempt', () => {
  it('carries the Schedule 12A notice, every figure, the exempt commentary and the suppression appendix', () => {
    const a = b.assessed();
    const model = composeExempt(b.context(), a, b.disclosed(a), b.commentary());
    expect(model.exemptNotice).toBe('NOT FOR PUBLICATION by virtue of paragraph(s) 1, 2 of Part 1 of Schedule 12A to the Local Government Act 1972');
    expect(model.runningHeader).toBe(model.exemptNotice);
    expect(model.cover.partLabel).toBe('PART TWO – EXEMPT');
    const row = model.index.sections.flatMap((s) => s.rows).find((r) => r.number === 21)!;
    expect(row.outturn).toBe('37 of 40, 92.5%');
    expect(row.rag.label).toBe('Green');
    const commentary = model.sections.find((s) => s.id === 'commentary')!;
    expect(commentary.exceptions[1].exemptText).toContain('allegations');
    expect(commentary.closing).toEqual([]);
    expect(model.suppressions!.tables[0].rows[0]).toEqual({
      header: '21: Care leavers in education, employment or training',
      cells: ['November 2023', 'Headline', 'Numerator', 'complement of 1 to 5 (denominator − numerator)', 'Primary'],
    });
  });
});
