import { describe, expect, it } from 'vitest';
import { composeExempt, composePublic } from '../../src/compose/index.js';
import type { PaperModel } from '../../src/compose/model.js';
import { commentaryFingerprint, PLACEHOLDER } from '../../src/commentary/rule.js';
import type { Commentary, CommentaryEntry } from '../../src/types.js';
import * as b from './builders.js';

// SPEC Second round › Commentary and revisions: a stub's placeholder text, carried_over text and
// stale: true entries are never printed; the paper says "Commentary to follow." instead.

const STUB: CommentaryEntry = {
  public: `Indicator 20, Stability …, is Amber at 68.1% (62 of 91) in November 2023.\n\n${PLACEHOLDER} reasons, actions and expected impact.]\n`,
  exempt: `Indicator 20 is Amber at 68.1% (62 of 91) in November 2023.\n\n${PLACEHOLDER} anything members should know that cannot be published, or delete this text.]\n`,
};
const WRITTEN: CommentaryEntry = { public: 'Stability fell after two planned moves.', exempt: 'Both moves followed a review.' };

function withEntry(entry: CommentaryEntry): Commentary {
  return { month: b.MONTH, indicators: { [b.stability.id]: entry }, by_exception: [] };
}

function stabilityItem(model: PaperModel) {
  const commentary = model.sections.find((s) => s.id === 'commentary')!;
  return commentary.exceptions.find((e) => e.heading.startsWith('Indicator 20:'))!;
}

const part1 = (c: Commentary) => composePublic(b.context(), b.publicView(), c);
const part2 = (c: Commentary) => composeExempt(b.context(), b.assessed(), b.disclosed(), c);

describe('what commentary the papers print', () => {
  it('never prints an untouched stub, public or exempt, in either part', () => {
    for (const model of [part1(withEntry(STUB)), part2(withEntry(STUB))]) {
      expect(JSON.stringify(model)).not.toContain(PLACEHOLDER);
      expect(stabilityItem(model)).toMatchObject({ publicText: null, exemptText: null, placeholder: 'Commentary to follow.' });
    }
  });

  it('prints a stub once a person has replaced its placeholder, and only what they wrote', () => {
    const edited = { ...STUB, public: 'Officers are reviewing every move.' };
    expect(stabilityItem(part1(withEntry(edited)))).toMatchObject({ publicText: 'Officers are reviewing every move.', placeholder: null });
    // Part 2 still waits for the exempt text: it prints the public words and says the rest is to follow.
    expect(stabilityItem(part2(withEntry(edited)))).toMatchObject({ publicText: 'Officers are reviewing every move.', exemptText: null, placeholder: 'Commentary to follow.' });
  });

  it('never prints carried-over or stale: true text until the mark is removed', () => {
    for (const marked of [{ ...WRITTEN, carried_over: '2023-10' }, { ...WRITTEN, stale: true }]) {
      for (const model of [part1(withEntry(marked)), part2(withEntry(marked))]) {
        expect(JSON.stringify(model)).not.toContain('Stability fell');
        expect(stabilityItem(model).placeholder).toBe('Commentary to follow.');
      }
    }
    expect(stabilityItem(part1(withEntry(WRITTEN)))).toMatchObject({ publicText: WRITTEN.public, placeholder: null });
    expect(stabilityItem(part2(withEntry(WRITTEN)))).toMatchObject({ publicText: WRITTEN.public, exemptText: WRITTEN.exempt, placeholder: null });
  });

  it('withholds exempt text drafted from hidden figures that changed in Part 2 only, leaving Part 1 as it was', () => {
    // Indicator 21's headline is hidden in Part 1: its exempt digest changing is Part 2's to know.
    const care = b.careLeavers.id;
    const assessed = b.assessed();
    assessed.exceptions = [...assessed.exceptions, care];
    const entry = (fingerprint: string): Commentary => ({
      month: b.MONTH,
      indicators: { [care]: { drafted_from: { rag: 'Red', value: '92.5%', fingerprint }, public: 'Engagement improved.', exempt: 'Three remain NEET.' } },
      by_exception: [],
    });
    const current = commentaryFingerprint(assessed.assessments.find((a) => a.indicator.id === care)!);
    const item = (m: PaperModel) => m.sections.find((s) => s.id === 'commentary')!.exceptions.find((e) => e.heading.startsWith('Indicator 21:'))!;
    const ctx = b.context();
    const publicView = b.publicView(assessed);
    publicView.exceptions = [...publicView.exceptions, care];
    expect(JSON.stringify(composePublic(ctx, publicView, entry('sha256:older')))).toBe(JSON.stringify(composePublic(ctx, publicView, entry(current))));
    expect(item(composeExempt(ctx, assessed, b.disclosed(assessed), entry(current)))).toMatchObject({ exemptText: 'Three remain NEET.', placeholder: null });
    expect(item(composeExempt(ctx, assessed, b.disclosed(assessed), entry('sha256:older')))).toMatchObject({
      publicText: 'Engagement improved.',
      exemptText: null,
      placeholder: 'Commentary to follow.',
    });
    const marked = entry(current);
    marked.indicators[care].stale = 'exempt';
    expect(JSON.stringify(composePublic(ctx, publicView, marked))).toBe(JSON.stringify(composePublic(ctx, publicView, entry(current))));
    expect(item(composeExempt(ctx, assessed, b.disclosed(assessed), marked)).exemptText).toBeNull();
  });

  it('leaves out a by-exception report that holds only a placeholder', () => {
    const c: Commentary = { month: b.MONTH, indicators: {}, by_exception: [{ indicator: b.schools.id, public: `${PLACEHOLDER} x]` }] };
    expect(part1(c).sections.find((s) => s.id === 'commentary')!.byException).toEqual([]);
  });
});
