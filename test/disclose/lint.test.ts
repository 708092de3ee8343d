import { describe, expect, it } from 'vitest';
import { disclose, lintPublicText } from '../../src/disclose/index.js';
import { numbersIn, readerText } from '../../src/disclose/lint.js';
import { DEFAULT_DISCLOSURE } from '../../src/defaults.js';
import { assess, unratedCount, workspaceFromRows } from './builder.js';

const matches = (text: string) => lintPublicText(text, DEFAULT_DISCLOSURE).map((m) => m.masked);
const rulesOf = (text: string) => lintPublicText(text, DEFAULT_DISCLOSURE).map((m) => m.rule);

// SPEC Second round › Channels: lint the text the reader will see, with a wide lexicon of words
// for people and number forms; messages never carry the number.
describe('lintPublicText', () => {
  it('finds small numbers next to words for people, and masks the number in what it reports', () => {
    expect(matches('This month 3 young people left care.')).toEqual(['… young people']);
    expect(matches('Three children moved placement; 2 care leavers found work.')).toEqual(['… children', '… care leavers']);
    expect(matches('four looked after children and five of the families')).toEqual(['… looked after children', '… of the families']);
  });

  it('reads the text as the reader sees it: Markdown, leading zeros, fullwidth and other digits', () => {
    for (const text of ['**3** children', '_two_ kids', '03 children', '３ children', '٣ youngsters', '३ UASC']) expect(rulesOf(text), text).toEqual(['small-number']);
    expect(readerText('**3** children')).toBe('3 children');
  });

  it('knows more words for people and the words that are numbers', () => {
    for (const text of ['a single child', 'both children', 'the twins', '2 kids', '4 youngsters', '3 UASC', 'two of the 91 children']) {
      expect(rulesOf(text).length, text).toBeGreaterThan(0);
    }
    expect(rulesOf('All but 2 of the 91 children')).toContain('all-but');
    expect(rulesOf('Ninety were seen, 4 of whom waited')).toEqual(['of-whom']);
  });

  it('leaves larger numbers, percentages, decimals and years alone', () => {
    expect(matches('15 children, 6 young people, 5% of children, 2.5 children on average, since 2023 children')).toEqual([]);
    expect(matches('Performance rose over 3 months.')).toEqual([]);
  });

  it('follows the threshold', () => {
    expect(lintPublicText('seven children', { ...DEFAULT_DISCLOSURE, threshold: 7 }).map((m) => m.rule)).toEqual(['small-number']);
  });

  it('reads every number a reader sees, whatever its form', () => {
    expect(numbersIn('**89** of the 9１ children; 2,381 of 2,706 (88.0%); both; a single').sort((x, y) => x - y)).toEqual([1, 2, 88.0, 89, 91, 2381, 2706]);
    // The paper's own numbering and months are not counts of anyone.
    expect(numbersIn('Indicator 16 is assessed in the Part 2 report: its figures for December 2023 are in Part 2 only; 7 children.')).toEqual([7]);
  });
});

describe('public commentary that gives back a hidden figure (SPEC Second round › Channels)', () => {
  // 89 of 91 children: the complement 2 is small, so Part 1 hides the numerator and the percentage.
  const ws = (text: string) =>
    workspaceFromRows({
      indicators: [unratedCount({ id: 'a', unit: 'percent', number: 1 })],
      rows: [['a', '2023-11', 89, 91, null]],
      commentary: [{ month: '2023-11', indicators: { a: { public: text } }, by_exception: [] }],
    });
  const problems = async (text: string) => (await disclose(ws(text), assess(ws(text), '2023-11'))).warnings;

  it('is an error, naming the file and rule but never the figure', async () => {
    for (const text of ['89 of the 91 children were seen.', 'All but **2** of the 91 children were seen.', 'Eighty-nine percent… no: 89.']) {
      const errors = (await problems(text)).filter((p) => p.severity === 'error');
      expect(errors, text).toHaveLength(1);
      expect(errors[0]).toMatchObject({ file: 'commentary/2023-11.yaml' });
      expect(errors[0].message).toContain('rule: hidden-figure');
      expect(errors[0].message).not.toMatch(/\b(89|97\.8|2)\b/);
    }
  });

  it('covers every period the paper holds, and indicators declared to count the same children', async () => {
    // A year ago, 3 of 40 (hidden, 3 being small); this month 30 of 40 (shown).
    const trend = unratedCount({ id: 'a', unit: 'percent', number: 1, cohort: { denominator: 'leavers' } });
    const partner = unratedCount({ id: 'b', unit: 'percent', number: 2, cohort: { denominator: 'leavers' } });
    const build = (text: string, about: string) =>
      workspaceFromRows({
        indicators: [trend, partner],
        rows: [['a', '2022-11', 3, 40, null], ['a', '2023-11', 30, 40, null], ['b', '2022-11', 20, 40, null], ['b', '2023-11', 21, 40, null]],
        commentary: [{ month: '2023-11', indicators: { [about]: { public: text } }, by_exception: [] }],
      });
    const errors = async (text: string, about: string) => {
      const w = build(text, about);
      return (await disclose(w, assess(w, '2023-11'))).warnings.filter((p) => p.severity === 'error');
    };
    expect(await errors('A year ago 37 of the 40 leavers were not in education.', 'a')).toHaveLength(1);
    expect(await errors('Last November only 3 had a place.', 'b')).toHaveLength(1);
    expect(await errors('Now 30 of the 40 are in education, up from last year.', 'a')).toEqual([]);
  });

  it('lets numbers Part 1 shows, and unrelated ones, through', async () => {
    expect((await problems('Of the 91 children, most were seen within 10 days.')).filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('commentary lint in disclose', () => {
  it('turns findings into warnings on the commentary file, naming the indicator', async () => {
    const ws = workspaceFromRows({
      indicators: [unratedCount({ id: 'a' })],
      rows: [['a', '2023-11', 40, null, null]],
      commentary: [{ month: '2023-11', indicators: { a: { public: 'Two children returned home.', exempt: '2 children' } }, by_exception: [{ indicator: 'b', public: '1 young person' }] }],
    });
    const d = await disclose(ws, assess(ws, '2023-11'));
    expect(d.warnings.map((w) => [w.file, w.severity])).toEqual([
      ['commentary/2023-11.yaml', 'warning'],
      ['commentary/2023-11.yaml', 'warning'],
    ]);
    expect(d.warnings[0].message).toContain('indicator a');
    expect(d.warnings[0].message).toContain('"… children"');
    expect(d.warnings[1].message).toContain('indicator b');
  });
});
