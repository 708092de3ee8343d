import { describe, expect, it } from 'vitest';
import { disclose, lintPublicText } from '../../src/disclose/index.js';
import { DEFAULT_DISCLOSURE } from '../../src/defaults.js';
import { assess, indicator, workspace } from './builder.js';

const matches = (text: string) => lintPublicText(text, DEFAULT_DISCLOSURE).map((m) => m.match);

describe('lintPublicText', () => {
  it('finds small numbers next to words for people', () => {
    expect(matches('This month 3 young people left care.')).toEqual(['3 young people']);
    expect(matches('Three children moved placement; 2 care leavers found work.')).toEqual(['Three children', '2 care leavers']);
    expect(matches('four looked after children and five of the families')).toEqual(['four looked after children', 'five of the families']);
  });

  it('leaves larger numbers, percentages, decimals and years alone', () => {
    expect(matches('15 children, 6 young people, 5% of children, 2.5 children on average, since 2023 children')).toEqual([]);
    expect(matches('Performance rose over 3 months.')).toEqual([]);
  });

  it('reports the position of each match', () => {
    expect(lintPublicText('Of these, 1 child', DEFAULT_DISCLOSURE)).toEqual([{ match: '1 child', index: 10 }]);
  });

  it('follows the threshold', () => {
    expect(lintPublicText('seven children', { ...DEFAULT_DISCLOSURE, threshold: 7 }).map((m) => m.match)).toEqual(['seven children']);
  });
});

describe('commentary lint in disclose', () => {
  it('turns findings into warnings on the commentary file, naming the indicator', async () => {
    const ws = workspace({
      indicators: [indicator({ id: 'a' })],
      rows: [['a', '2023-11', 40, null, null]],
      commentary: [{ month: '2023-11', indicators: { a: { public: 'Two children returned home.', exempt: '2 children' } }, by_exception: [{ indicator: 'b', public: '1 young person' }] }],
    });
    const d = await disclose(ws, assess(ws, '2023-11'));
    expect(d.warnings.map((w) => [w.file, w.severity])).toEqual([
      ['commentary/2023-11.yaml', 'warning'],
      ['commentary/2023-11.yaml', 'warning'],
    ]);
    expect(d.warnings[0].message).toContain('indicator a');
    expect(d.warnings[0].message).toContain('"Two children"');
    expect(d.warnings[1].message).toContain('indicator b');
  });
});
