import { describe, expect, it } from 'vitest';
import { sparkline, spreadLabels, trendChart, type ChartInput } from '../../src/compose/chart.js';
import { addMonths } from '../../src/format.js';
import { careLeavers } from './builders.js';
import { stabilityIndicator as testIndicator } from '../helpers/builders.js';

function input(values: (number | null)[]): ChartInput {
  return {
    id: 'chart-test',
    indicator: careLeavers,
    england: { name: 'England', value: 68, period: '2023-24' },
    points: values.map((value, i) => {
      const period = addMonths('2023-11', i - (values.length - 1));
      return { period, value, label: value === null ? '[c]' : `${value.toFixed(1)}%`, symbol: value === null ? '[c]' : null, ...(value === null ? { symbolWord: 'suppressed' } : {}) };
    }),
  };
}

const circles = (svg: string) => [...svg.matchAll(/<circle[^>]*cx="([\d.]+)"/g)].map((m) => Number(m[1]));
const pathOf = (svg: string) => /<path class="outturn" d="([^"]+)"/.exec(svg)![1];
const tickX = (svg: string, label: string) => Number(new RegExp(`<text class="tick" x="([\\d.]+)"[^>]*>${label}</text>`).exec(svg)![1]);

describe('trend chart', () => {
  const values = [62.5, 71.3, 65, 67.5, 67.5, 70, 72.5, 72.5, 75, 75, 77.5, 75, 66.6];
  values[1] = null as unknown as number;

  it('leaves a gap with no coordinates for a suppressed point', () => {
    const svg = trendChart(input(values));
    const gapX = tickX(svg, 'Dec 22');
    const path = pathOf(svg);
    // The line breaks: one segment before the gap (a lone point) and one after it.
    expect(path.match(/M/g)).toHaveLength(2);
    const xs = [...path.matchAll(/([\d.]+),([\d.]+)/g)].map((m) => Number(m[1]));
    expect(xs).not.toContain(gapX);
    expect(circles(svg)).toHaveLength(12);
    expect(circles(svg)).not.toContain(gapX);
    expect(svg).toContain('[c]</text>');
    expect(svg).not.toContain('71.3');
  });

  it('is an image with a title and a text alternative built from the drawn points', () => {
    const svg = trendChart(input(values));
    expect(svg).toMatch(/^<svg class="chart trend" role="img" aria-labelledby="chart-test-title chart-test-desc"/);
    expect(svg).toContain('<title id="chart-test-title">Trend for Indicator 21: Care leavers in education, employment or training.</title>');
    const desc = /<desc id="chart-test-desc">([^<]+)<\/desc>/.exec(svg)![1];
    expect(desc).toContain('over the 13 months from November 2022 to November 2023');
    expect(desc).toContain('Lowest 62.5% in November 2022; highest 77.5% in September 2023.');
    expect(desc).toContain('Not drawn: December 2022 [c] suppressed.');
    expect(desc).toContain('The target, 60%, is marked as a dashed line.');
  });

  it('says so when there is nothing to draw, rather than inventing an axis', () => {
    const svg = trendChart(input(Array(13).fill(null)));
    expect(svg).not.toContain('<path');
    expect(svg).not.toContain('<circle');
    expect(svg).toContain('No figures to show for these 13 months');
  });

  it('sparkline: a gap for the hidden latest point, and no dot for it', () => {
    const hidden = [...values];
    hidden[12] = null as unknown as number;
    const svg = sparkline(input(hidden));
    expect(svg).toMatch(/role="img" aria-labelledby="chart-test-title"/);
    expect(circles(svg)).toHaveLength(0);
    expect(svg).not.toContain('66.6');
  });

  it('reads its title and description as two sentences', () => {
    const svg = trendChart(input(values));
    expect(svg).toMatch(/training\.<\/title><desc/);
  });

  it('never lets two reference labels overlap, even when target and England are equal', () => {
    const ind = { ...careLeavers, target: 68 };
    const svg = trendChart({ ...input(values), indicator: ind, england: { name: 'England', value: 68, period: '2023-24' } });
    const ys = [...svg.matchAll(/<text class="ref-label" x="[\d.]+" y="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(2);
    // 11.5-unit text, centred on y: boxes clear of each other.
    expect(Math.abs(ys[0] - ys[1])).toBeGreaterThanOrEqual(11.5);
  });

  it('spreads labels apart within the plot, keeping their order', () => {
    expect(spreadLabels([50, 50, 51], 0, 200, 13)).toEqual([50, 63, 76]);
    expect(spreadLabels([198, 199], 0, 200, 13)).toEqual([187, 200]);
    expect(spreadLabels([10, 100], 0, 200, 13)).toEqual([10, 100]);
  });

  it('sets the unit label clear of the top tick', () => {
    const ind = testIndicator({ unit: 'rate', rate_per: 10000, target: 40, polarity: 'lower_is_better', population: { label: '0–17', values: [{ period: null, value: 48730 }] } });
    const svg = trendChart({ ...input(values), indicator: ind, england: null });
    const unitY = Number(/<text class="tick unit" x="[\d.]+" y="([\d.]+)"/.exec(svg)![1]);
    const tickYs = [...svg.matchAll(/<text class="tick" x="[\d.]+" y="([\d.]+)" text-anchor="end" dominant-baseline="middle"/g)].map((m) => Number(m[1]));
    const topTick = Math.min(...tickYs);
    // The unit's baseline plus its descent stays above the top of the top tick (centred, half its size up).
    expect(unitY + 11.5 * 0.25).toBeLessThanOrEqual(topTick - 11.5 / 2);
    expect(unitY - 11.5 * 0.75).toBeGreaterThanOrEqual(0);
  });

  it('draws a target range with visible edges', () => {
    const ind = testIndicator({ polarity: 'within_range', target: undefined, target_range: [60, 75] });
    const svg = trendChart({ ...input(values), indicator: ind });
    expect(svg.match(/<line class="band-edge"/g)).toHaveLength(2);
  });

  it('keeps the reference lines out of the words when there is nothing to draw', () => {
    const svg = trendChart(input(Array(13).fill(null)));
    const ground = svg.indexOf('class="no-figures-ground"');
    expect(ground).toBeGreaterThan(svg.lastIndexOf('class="target"'));
    expect(ground).toBeLessThan(svg.indexOf('class="no-figures"'));
  });
});

describe('SPEC Second round › Source symbols: chart gaps are worded from the workspace’s symbols', () => {
  it('labels a gap "suppressed" when the suppressed symbol is "*"', async () => {
    const { fromPublic } = await import('../../src/compose/views.js');
    const { stabilityIndicator } = await import('../helpers/builders.js');
    const { DEFAULT_DISCLOSURE } = await import('../../src/defaults.js');
    const symbols = { ...DEFAULT_DISCLOSURE.symbols, suppressed: '*' };
    const indicator = stabilityIndicator();
    const view = fromPublic(
      {
        indicator, month: '2023-11', current: null, previous: null, lastYear: null, breakdowns: [], rag: 'no_data',
        direction: 'not_comparable', direction_year: 'not_comparable', benchmarks: [], headlineSuppressed: false, newFigure: false,
        trend: [{ period: '2023-10', figure: { period: '2023-10', value: { shown: '70.0' } } }, { period: '2023-11', figure: { period: '2023-11', value: { suppressed: '*' } } }],
      },
      symbols,
      () => null,
    );
    const svg = trendChart({ id: 'star', indicator, points: view.trend, england: null });
    expect(svg).toContain('Not drawn: November 2023 * suppressed.');
  });
});
