import Handlebars from 'handlebars';
import { scaleLinear, scalePoint } from 'd3-scale';
import { line } from 'd3-shape';
import type { Indicator, Month } from '../types.js';
import { monthName, monthShort, rateBase } from '../format.js';
import { formatInUnit } from '../assess/rag.js';
import { targetWords } from './figures.js';

const esc = Handlebars.Utils.escapeExpression;

/**
 * One period of a trend. `value` is null when nothing may be drawn (suppressed or missing):
 * the chart then has no coordinates for it at all, only the symbol under its month.
 */
export interface TrendPoint {
  period: Month;
  value: number | null;
  /** The figure as the tables show it ("68.1%"), or the symbol standing in for it ("[c]"). */
  label: string;
  symbol: string | null;
  /** The symbol in words, from the workspace's settings ("suppressed" for `*` if so configured). */
  symbolWord?: string;
}

export interface ChartReference {
  name: string;
  value: number;
  period: string;
}

export interface ChartInput {
  /** Unique in the document: the SVG's element ids are built from it. */
  id: string;
  indicator: Indicator;
  points: TrendPoint[];
  england: ChartReference | null;
}

function periodWord(indicator: Indicator, n: number): string {
  const word = { monthly: 'month', quarterly: 'quarter', annual: 'year' }[indicator.frequency];
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** What the chart shows, in words, from the drawn points only. */
export function describeTrend(input: ChartInput): string {
  const { indicator, points } = input;
  if (points.length === 0) return `No trend figures for Indicator ${indicator.number}.`;
  const first = points[0].period;
  const last = points[points.length - 1];
  const parts = [
    `Line chart of Indicator ${indicator.number}, ${indicator.title}, over the ${periodWord(indicator, points.length)} from ${monthName(first)} to ${monthName(last.period)}.`,
  ];
  parts.push(`Latest, ${monthName(last.period)}: ${last.label}.`);
  const drawn = points.filter((p): p is TrendPoint & { value: number } => p.value !== null);
  if (drawn.length > 1) {
    const low = drawn.reduce((a, b) => (b.value < a.value ? b : a));
    const high = drawn.reduce((a, b) => (b.value > a.value ? b : a));
    parts.push(`Lowest ${low.label} in ${monthName(low.period)}; highest ${high.label} in ${monthName(high.period)}.`);
  }
  if (indicator.target_range) parts.push(`The target range, ${targetWords(indicator)}, is marked as a band.`);
  else if (indicator.target !== undefined) parts.push(`The target, ${targetWords(indicator)}, is marked as a dashed line.`);
  if (input.england) parts.push(`${input.england.name} (${input.england.period}) ${formatInUnit(indicator, input.england.value)} is marked as a dotted line.`);
  const gaps = points.filter((p) => p.value === null);
  if (gaps.length > 0) {
    parts.push(
      `Not drawn: ${gaps.map((p) => `${monthName(p.period)} ${p.symbol ?? ''} ${p.symbol ? (p.symbolWord ?? '') : ''}`.replace(/\s+/g, ' ').trim()).join('; ')}.`,
    );
  }
  parts.push(`Values: ${points.map((p) => `${monthShort(p.period)} ${p.label}`).join(', ')}.`);
  return parts.join(' ');
}

function yDomain(input: ChartInput, values: number[]): [number, number] {
  const { indicator } = input;
  const all = [...values];
  if (indicator.target !== undefined) all.push(indicator.target);
  if (indicator.target_range) all.push(...indicator.target_range);
  if (input.england) all.push(input.england.value);
  if (all.length === 0) return [0, 1];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (lo === hi) {
    lo -= Math.max(1, Math.abs(lo) * 0.1);
    hi += Math.max(1, Math.abs(hi) * 0.1);
  }
  const pad = (hi - lo) * 0.1;
  lo = lo - pad;
  hi = hi + pad;
  // Negative outturns do not exist for these units; a percentage cannot pass 100.
  if (lo < 0 && Math.min(...all) >= 0) lo = 0;
  if (indicator.unit === 'percent' && hi > 100 && Math.max(...all) <= 100) hi = 100;
  return [lo, hi];
}

const n1 = (x: number) => String(Math.round(x * 10) / 10);

/** Chart text size in viewBox units (report.css `.chart .tick, .ref-label`): 8 pt or more as printed. */
const FONT = 11.5;
/** Source Sans 3's ascent and descent, and an average advance, as fractions of the font size. */
const ASCENT = 0.75;
const DESCENT = 0.25;
const ADVANCE = 0.52;

/**
 * Label centres, in order of preference, moved apart just enough that no two label boxes overlap, and
 * kept between `lo` and `hi` (the plot's top and bottom edges).
 */
export function spreadLabels(wanted: number[], lo: number, hi: number, gap = FONT + 2): number[] {
  const order = wanted.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y || a.i - b.i);
  const placed = order.map((o) => o.y);
  for (let k = 1; k < placed.length; k++) placed[k] = Math.max(placed[k], placed[k - 1] + gap);
  // Pushed past the bottom: slide the stack up as far as it overflows, still in order.
  const over = placed.length ? placed[placed.length - 1] - hi : 0;
  if (over > 0) for (let k = 0; k < placed.length; k++) placed[k] -= over;
  for (let k = placed.length - 2; k >= 0; k--) placed[k] = Math.min(placed[k], placed[k + 1] - gap);
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k], lo);
  const out = new Array<number>(wanted.length);
  order.forEach((o, k) => (out[o.i] = placed[k]));
  return out;
}

/** The key to the larger chart, naming only what it draws. */
export function chartLegend(input: ChartInput): string {
  const { indicator, points } = input;
  const parts = ['Solid line and dots: outturn.'];
  if (indicator.target_range) parts.push('Shaded band: target range.');
  else if (indicator.target !== undefined) parts.push('Dashed line: target.');
  if (input.england) parts.push(`Dotted line: ${input.england.name} (${input.england.period}).`);
  if (points.some((p) => p.value === null)) parts.push('A gap, with the symbol under its month, is a period with no figure published.');
  return parts.join(' ');
}

/** The larger trend chart of an indicator's detail block. */
export function trendChart(input: ChartInput): string {
  const { indicator, points } = input;
  // Wide and low so two or three detail blocks share a page; the row of gap symbols under the
  // month labels takes room only when there is a gap to mark.
  const W = 640;
  const unitLabel = { percent: null, rate: `per ${rateBase(indicator)}`, days: 'days', count: null, ratio: null }[indicator.unit];
  // The unit sits above the axis, its box clear of the top tick's (centred on m.top).
  const top = unitLabel ? Math.ceil(FONT * (ASCENT + DESCENT + 0.5) + 4) + 4 : 14;
  // Room on the right for the longest reference label, so none runs off the chart.
  const refTexts = [
    indicator.target_range ? 'Target range' : indicator.target !== undefined ? `Target ${formatInUnit(indicator, indicator.target)}` : '',
    input.england ? `${input.england.name} ${formatInUnit(indicator, input.england.value)}` : '',
  ];
  const right = Math.max(120, Math.ceil(Math.max(...refTexts.map((t) => t.length)) * FONT * ADVANCE) + 12);
  const m = { top, right, bottom: points.some((p) => p.symbol) ? 40 : 24, left: 50 };
  const H = 88 + m.top + m.bottom;
  const titleId = `${input.id}-title`;
  const descId = `${input.id}-desc`;
  const drawn = points.filter((p) => p.value !== null).map((p) => p.value as number);
  const x = scalePoint<string>()
    .domain(points.map((p) => p.period))
    .range([m.left, W - m.right])
    .padding(0.5);
  const y = scaleLinear()
    .domain(yDomain(input, drawn))
    .nice(4)
    .range([H - m.bottom, m.top]);
  const [y0, y1] = y.domain();
  const path = line<TrendPoint>()
    .defined((p) => p.value !== null)
    .x((p) => x(p.period) ?? 0)
    .y((p) => y(p.value ?? 0))
    .digits(1)(points);

  const out: string[] = [];
  out.push(
    `<svg class="chart trend" role="img" aria-labelledby="${titleId} ${descId}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">`,
    // A full stop, so the title and the description read as two sentences in the alternative text.
    `<title id="${titleId}">Trend for Indicator ${indicator.number}: ${esc(indicator.title)}.</title>`,
    `<desc id="${descId}">${esc(describeTrend(input))}</desc>`,
  );
  if (drawn.length > 0) {
    const tickText = y.tickFormat(4, ',f');
    if (unitLabel) out.push(`<text class="tick unit" x="0" y="${n1(m.top - FONT * (0.5 + DESCENT) - 2)}">${unitLabel}</text>`);
    for (const t of y.ticks(4)) {
      out.push(
        `<line class="grid" x1="${m.left}" x2="${W - m.right}" y1="${n1(y(t))}" y2="${n1(y(t))}"/>`,
        `<text class="tick" x="${m.left - 6}" y="${n1(y(t))}" text-anchor="end" dominant-baseline="middle">${tickText(t)}${indicator.unit === 'percent' ? '%' : ''}</text>`,
      );
    }
  }
  const plotRight = W - m.right;
  // Reference lines first, their labels after, spread so that no two label boxes overlap.
  const labels: { y: number; text: string }[] = [];
  if (indicator.target_range) {
    const [lo, hi] = indicator.target_range.map((v) => Math.min(Math.max(v, y0), y1));
    out.push(
      `<rect class="band" x="${m.left}" width="${plotRight - m.left}" y="${n1(y(hi))}" height="${n1(y(lo) - y(hi))}"/>`,
      `<line class="band-edge" x1="${m.left}" x2="${plotRight}" y1="${n1(y(hi))}" y2="${n1(y(hi))}"/>`,
      `<line class="band-edge" x1="${m.left}" x2="${plotRight}" y1="${n1(y(lo))}" y2="${n1(y(lo))}"/>`,
    );
    labels.push({ y: (y(lo) + y(hi)) / 2, text: 'Target range' });
  } else if (indicator.target !== undefined) {
    const ty = n1(y(indicator.target));
    out.push(`<line class="target" x1="${m.left}" x2="${plotRight}" y1="${ty}" y2="${ty}"/>`);
    labels.push({ y: y(indicator.target), text: `Target ${formatInUnit(indicator, indicator.target)}` });
  }
  if (input.england) {
    const ey = n1(y(input.england.value));
    out.push(`<line class="benchmark" x1="${m.left}" x2="${plotRight}" y1="${ey}" y2="${ey}"/>`);
    labels.push({ y: y(input.england.value), text: `${input.england.name} ${formatInUnit(indicator, input.england.value)}` });
  }
  const spread = spreadLabels(
    labels.map((l) => l.y),
    FONT / 2,
    H - m.bottom,
  );
  labels.forEach((l, i) => out.push(`<text class="ref-label" x="${plotRight + 6}" y="${n1(spread[i])}" dominant-baseline="middle">${esc(l.text)}</text>`));
  out.push(`<line class="axis" x1="${m.left}" x2="${plotRight}" y1="${H - m.bottom}" y2="${H - m.bottom}"/>`);
  for (const p of points) {
    const px = n1(x(p.period) ?? 0);
    const [mon, yr] = monthShort(p.period).split(' ');
    out.push(`<text class="tick" x="${px}" y="${H - m.bottom + 16}" text-anchor="middle">${mon} ${yr.slice(2)}</text>`);
    if (p.symbol) out.push(`<text class="tick gap-symbol" x="${px}" y="${H - m.bottom + 32}" text-anchor="middle">${esc(p.symbol)}</text>`);
  }
  if (drawn.length === 0) {
    // On a plain ground of its own, so no reference line runs through the words.
    const text = `No figures to show for these ${periodWord(indicator, points.length)}`;
    const cx = (m.left + plotRight) / 2;
    const cy = (m.top + H - m.bottom) / 2;
    const w = text.length * 12 * ADVANCE + 12;
    out.push(
      `<rect class="no-figures-ground" x="${n1(cx - w / 2)}" y="${n1(cy - 12)}" width="${n1(w)}" height="24"/>`,
      `<text class="no-figures" x="${n1(cx)}" y="${n1(cy)}" text-anchor="middle" dominant-baseline="middle">${text}</text>`,
    );
  }
  if (path) out.push(`<path class="outturn" d="${path}"/>`);
  for (const p of points) {
    if (p.value === null) continue;
    out.push(`<circle class="point" cx="${n1(x(p.period) ?? 0)}" cy="${n1(y(p.value))}" r="3"/>`);
  }
  out.push('</svg>');
  return out.join('');
}

/** The index's small trend: the line and its last point, no axes; the words carry the detail. */
export function sparkline(input: ChartInput): string {
  const W = 112;
  const H = 30;
  const { indicator, points } = input;
  const titleId = `${input.id}-title`;
  const drawn = points.filter((p) => p.value !== null).map((p) => p.value as number);
  const x = scalePoint<string>()
    .domain(points.map((p) => p.period))
    .range([3, W - 3]);
  const y = scaleLinear()
    .domain(yDomain({ ...input, england: null }, drawn))
    .range([H - 3, 3]);
  const path = line<TrendPoint>()
    .defined((p) => p.value !== null)
    .x((p) => x(p.period) ?? 0)
    .y((p) => y(p.value ?? 0))
    .digits(1)(points);
  const out = [
    `<svg class="chart sparkline" role="img" aria-labelledby="${titleId}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${titleId}">${esc(describeTrend(input))}</title>`,
  ];
  if (indicator.target !== undefined && !indicator.target_range) {
    const ty = n1(y(indicator.target));
    out.push(`<line class="target" x1="0" x2="${W}" y1="${ty}" y2="${ty}"/>`);
  }
  if (path) out.push(`<path class="outturn" d="${path}"/>`);
  const last = points[points.length - 1];
  if (last && last.value !== null) out.push(`<circle class="point" cx="${n1(x(last.period) ?? 0)}" cy="${n1(y(last.value))}" r="2.5"/>`);
  out.push('</svg>');
  return out.join('');
}
