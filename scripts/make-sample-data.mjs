#!/usr/bin/env node
// Writes data/outturns.csv: synthetic but plausible outturns for the bundled
// sample workspace, 2022-04..2024-03. Deterministic (seeded PRNG) so that the
// committed CSV, and the sample PDFs built from it, only change when this
// script does. Run: node scripts/make-sample-data.mjs
//
// November 2023 is the month the seed paper reports, so several of its
// figures are pinned to show each case the papers must handle: exceptions,
// small numbers that Part 1 must suppress, and a missing outturn.

import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const OUT = fileURLToPath(new URL('../data/outturns.csv', import.meta.url));

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const random = mulberry32(20231130);
function gauss(sd) {
  const u = 1 - random();
  const v = random();
  return sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const MONTHS = [];
for (let i = 0; i < 24; i++) {
  const y = 2022 + Math.floor((3 + i) / 12);
  const m = ((3 + i) % 12) + 1;
  MONTHS.push(`${y}-${String(m).padStart(2, '0')}`);
}
/** Months since April of the financial year: 0 = April … 11 = March. */
const fyMonth = (t) => t % 12;
/** Seasonal swing peaking in the given financial-year month. */
const season = (t, peak) => Math.cos((2 * Math.PI * (fyMonth(t) - peak)) / 12);
const clamp = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

const rows = [];
function row(indicator, period, { numerator = '', denominator = '', value = '', breakdown = '', category = '', note = '' }) {
  rows.push([indicator, period, numerator, denominator, value, breakdown, category, note]);
}

/** A percentage snapshot (or rolling figure): a drifting cohort and a drifting rate, with pins. */
function percentSeries(id, { den0, denSlope = 0, denSd = 0, p0, pSlope = 0, amp = 0, peak = 0, pSd = 0, pins = {}, skip = [] }) {
  MONTHS.forEach((period, t) => {
    const pin = pins[period];
    const den = pin ? pin[1] : Math.max(1, Math.round(den0 + denSlope * t + gauss(denSd)));
    const pct = p0 + pSlope * t + amp * season(t, peak) + gauss(pSd);
    const num = pin ? pin[0] : clamp(Math.round((den * pct) / 100), 0, den);
    if (!skip.includes(period)) row(id, period, { numerator: num, denominator: den });
  });
}

/** A percentage built up since 1 April from monthly cohorts, so it resets each April. */
function ytdPercentSeries(id, { mden, mdenSd, p0, pSlope = 0, pSd }) {
  let num = 0;
  let den = 0;
  MONTHS.forEach((period, t) => {
    if (fyMonth(t) === 0) {
      num = 0;
      den = 0;
    }
    const d = Math.max(1, Math.round(mden + gauss(mdenSd)));
    const n = clamp(Math.round((d * (p0 + pSlope * t + gauss(pSd))) / 100), 0, d);
    num += n;
    den += d;
    row(id, period, { numerator: num, denominator: den });
  });
}

function countSeries(id, { c0, slope = 0, amp = 0, peak = 0, sd = 0, pins = {} }) {
  MONTHS.forEach((period, t) => {
    const c = pins[period] ?? Math.max(0, Math.round(c0 + slope * t + amp * season(t, peak) + gauss(sd)));
    row(id, period, { numerator: c });
  });
}

function fixedCounts(id, counts) {
  MONTHS.forEach((period, t) => row(id, period, { numerator: counts[t] }));
}

// 1 Early help caseload: rises through the autumn term, dips in the summer.
countSeries('eh-open-children', { c0: 1080, slope: 3, amp: 60, peak: 7, sd: 15 });
// 2 Step-up from early help, rolling 12 months.
percentSeries('eh-step-up', { den0: 1380, denSlope: 4, denSd: 20, p0: 9.1, pSlope: -0.03, pSd: 0.3 });
// 3 Early help assessments in 30 working days, year to date.
ytdPercentSeries('eh-assessments-timely', { mden: 95, mdenSd: 8, p0: 88, pSlope: 0.1, pSd: 3 });
// 4 Re-referrals, rolling 12 months.
percentSeries('re-referrals-12m', { den0: 2850, denSlope: 6, denSd: 25, p0: 18.9, pSlope: -0.02, pSd: 0.3 });
// 5 Single assessments in 45 working days, year to date.
ytdPercentSeries('sa-45-days', { mden: 240, mdenSd: 15, p0: 91.5, pSlope: 0.03, pSd: 1.5 });
// 6 CIN visits: no return for November 2023 (the recording system was being migrated).
percentSeries('cin-visits-timely', {
  den0: 610, denSlope: 1, denSd: 12, p0: 92.5, pSlope: 0.04, pSd: 1, skip: ['2023-11'],
});
// 7 Children on a CP plan (the rate is numerator / population).
countSeries('cp-rate', { c0: 262, slope: 0.6, amp: 8, peak: 9, sd: 5 });
// 8 ICPCs in 15 working days, year to date.
ytdPercentSeries('icpc-15-days', { mden: 30, mdenSd: 4, p0: 90, pSd: 4 });
// 9 Second or subsequent CP plans, rolling 12 months: drifting up out of the 12–18% range.
percentSeries('cp-second-time', {
  den0: 320, denSlope: 0.5, denSd: 6, p0: 14.6, pSlope: 0.22, pSd: 0.5,
  pins: { '2023-10': [66, 334], '2023-11': [68, 332] },
});
// 10 CP plans lasting 2 years or more: small counts throughout.
fixedCounts('cp-plans-2-years', [6, 5, 7, 6, 4, 4, 5, 6, 7, 5, 4, 4, 5, 4, 6, 5, 4, 4, 4, 3, 4, 5, 4, 3]);
// 11 CP visits in 10 working days.
percentSeries('cp-visits-10-days', { den0: 262, denSlope: 0.6, denSd: 5, p0: 94, pSd: 1.2 });
// 12 Children looked after (the rate is numerator / population).
countSeries('cla-rate', { c0: 318, slope: 0.4, sd: 4 });
// 13 Three or more placements in 12 months: rising this year, Red in November.
percentSeries('cla-stability-short-term', {
  den0: 318, denSlope: 0.4, denSd: 4, p0: 8.6, pSlope: 0.1, pSd: 0.5,
  pins: { '2023-10': [35, 325], '2023-11': [38, 323] },
});
// 14 Health assessments.
percentSeries('cla-health-assessments', { den0: 248, denSlope: 0.2, denSd: 4, p0: 93, pSd: 1.2 });
// 15 Dental checks.
percentSeries('cla-dental', { den0: 248, denSlope: 0.2, denSd: 4, p0: 85.5, pSlope: 0.02, pSd: 1.2 });
// 16 Development assessments of under-5s: a cohort of about 20, so Part 1 often withholds it.
percentSeries('cla-dev-checks', {
  den0: 20, denSd: 1.5, p0: 92, pSd: 3, pins: { '2023-10': [19, 21], '2023-11': [18, 21] },
});
// 17 Personal Education Plans: dips at the start of each term while new PEPs are written.
percentSeries('cla-pep', { den0: 188, denSd: 4, p0: 96.5, amp: 1, peak: 3, pSd: 0.6 });
// 18 CLA visits.
percentSeries('cla-visits-timely', { den0: 318, denSlope: 0.4, denSd: 4, p0: 97, pSd: 0.8 });

// 19 Adoption A1: few adoptions, so the average is over a handful of children.
{
  const cases = [11, 11, 12, 10, 10, 9, 9, 10, 9, 8, 9, 8, 8, 7, 7, 6, 6, 5, 5, 4, 5, 6, 6, 7];
  MONTHS.forEach((period, t) => {
    const days = period === '2023-11' ? 398 : Math.round(452 - 1.5 * t + gauss(18));
    row('adoption-a1', period, { numerator: cases[t], value: days });
  });
}

// 20 Long-term placement stability: the seed paper's indicator, gradually
// decreasing over 2023-24 to 62 of 91 (Amber) in November.
{
  const series = [
    [66, 91], [66, 90], [67, 92], [66, 92], [65, 91], [66, 90], [67, 93], [66, 92], [65, 91], [65, 90], [66, 91], [66, 90],
    [67, 92], [66, 92], [66, 93], [65, 92], [64, 91], [64, 92], [63, 91], [62, 91], [63, 92], [64, 92], [65, 92], [65, 91],
  ];
  // The 0–9 band is a handful of children, so Part 1 must suppress it every month.
  const under10 = [[5, 6], [5, 6], [4, 5], [4, 5], [4, 5], [5, 6], [5, 6], [5, 6], [4, 5], [4, 5], [4, 5], [4, 5],
    [5, 6], [5, 6], [5, 6], [4, 5], [4, 5], [4, 5], [4, 5], [4, 5], [4, 5], [4, 6], [5, 6], [5, 6]];
  MONTHS.forEach((period, t) => {
    const [num, den] = series[t];
    const [n0, d0] = under10[t];
    const d1 = { '2023-10': 28, '2023-11': 27 }[period] ?? Math.round((den - d0) * 0.31);
    const n1 = { '2023-10': 19, '2023-11': 18 }[period] ?? Math.min(d1, Math.round((num - n0) * 0.3));
    row('cla-stability-long-term', period, { numerator: num, denominator: den });
    row('cla-stability-long-term', period, { numerator: n0, denominator: d0, breakdown: 'age_band', category: '0-9' });
    row('cla-stability-long-term', period, { numerator: n1, denominator: d1, breakdown: 'age_band', category: '10-12' });
    row('cla-stability-long-term', period, {
      numerator: num - n0 - n1, denominator: den - d0 - d1, breakdown: 'age_band', category: '13-15',
    });
  });
}

// 21 Care leavers in EET: falling over 2023-24, Red in November.
percentSeries('cl-eet', {
  den0: 146, denSlope: 0.3, denSd: 3, p0: 59.5, pSlope: -0.3, pSd: 1,
  pins: { '2023-10': [80, 153], '2023-11': [79, 154] },
});
// 22 Care leavers in suitable accommodation.
percentSeries('cl-accommodation', { den0: 146, denSlope: 0.3, denSd: 3, p0: 92.5, pSd: 1 });
// 23 EHC plans in 20 weeks, year to date: well above the national rate.
ytdPercentSeries('ehcp-20-weeks', { mden: 46, mdenSd: 6, p0: 68, pSlope: 0.15, pSd: 5 });
// 24 EHC annual reviews, rolling 12 months: improving but still Amber.
percentSeries('ehcp-annual-reviews', {
  den0: 1980, denSlope: 5, denSd: 15, p0: 66, pSlope: 0.4, pSd: 0.8,
  pins: { '2023-11': [1565, 2106] },
});

// 25 Schools good or outstanding: quarterly, at the end of June, September, December and March.
{
  const quarters = { '2022-06': [88, 97], '2022-09': [89, 97], '2022-12': [89, 98], '2023-03': [90, 98],
    '2023-06': [90, 98], '2023-09': [91, 98], '2023-12': [91, 99], '2024-03': [92, 99] };
  for (const [period, [num, den]] of Object.entries(quarters)) {
    row('schools-good-outstanding', period, { numerator: num, denominator: den });
  }
}
// 26 Persistent absence: annual, reported each March for the previous academic year.
row('persistent-absence', '2023-03', { numerator: 9156, denominator: 47880, note: 'Academic year 2021/22' });
row('persistent-absence', '2024-03', { numerator: 8540, denominator: 48210, note: 'Academic year 2022/23' });
// 27 NEET and not known: "not known" peaks each autumn as the new cohort is tracked.
percentSeries('neet-16-17', { den0: 6880, denSlope: 4, denSd: 30, p0: 3.15, amp: 0.9, peak: 5, pSd: 0.12 });

// 28 First-time entrants, year to date: one to three children a month, by gender.
{
  const male = [3, 2, 1, 2, 3, 1, 2, 2, 1, 3, 2, 2, 2, 1, 3, 2, 1, 2, 2, 3, 1, 2, 2, 1];
  const female = [0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 1];
  let m = 0;
  let f = 0;
  MONTHS.forEach((period, t) => {
    if (fyMonth(t) === 0) {
      m = 0;
      f = 0;
    }
    m += male[t];
    f += female[t];
    row('yj-fte', period, { numerator: m + f });
    row('yj-fte', period, { numerator: f, breakdown: 'gender', category: 'Female' });
    row('yj-fte', period, { numerator: m, breakdown: 'gender', category: 'Male' });
  });
}
// 29 Children in custody: a count of 0 to 3 (the rate is numerator / population).
fixedCounts('yj-custody-rate', [3, 3, 2, 2, 1, 1, 2, 2, 3, 2, 2, 1, 1, 1, 0, 1, 1, 2, 2, 2, 2, 1, 1, 1]);

// 30 Social worker vacancies: falling as the recruitment campaign takes effect.
percentSeries('sw-vacancy-rate', {
  den0: 158, denSlope: 0.1, denSd: 0.8, p0: 18, pSlope: -0.18, pSd: 0.8, pins: { '2023-11': [22, 160] },
});
// 31 Average caseload (value) over the case-holding social workers (numerator).
MONTHS.forEach((period, t) => {
  const workers = Math.round(108 + 0.5 * t + gauss(2));
  const caseload = period === '2023-11' ? 15.2 : Math.round((16.9 - 0.08 * t + gauss(0.3)) * 10) / 10;
  row('sw-caseload', period, { numerator: workers, value: caseload });
});

// Indicators that count the same children (catalogue `cohort:`) must agree, as they do in a real
// extract: a percentage over all children looked after has the looked-after count as its
// denominator. The follower keeps its own percentage, rescaled onto the shared cohort.
function sameCohort(lead, follower, leadField) {
  const at = (r) => `${r[1]}|${r[5]}|${r[6]}`;
  const cohort = new Map(rows.filter((r) => r[0] === lead).map((r) => [at(r), r[leadField === 'numerator' ? 2 : 3]]));
  for (const r of rows) {
    if (r[0] !== follower || !cohort.has(at(r))) continue;
    const den = cohort.get(at(r));
    r[2] = Math.min(den, Math.round((r[2] * den) / r[3]));
    r[3] = den;
  }
}
sameCohort('cla-rate', 'cla-stability-short-term', 'numerator');
sameCohort('cla-rate', 'cla-visits-timely', 'numerator');
sameCohort('cp-rate', 'cp-visits-10-days', 'numerator');
sameCohort('cla-health-assessments', 'cla-dental', 'denominator');
sameCohort('cl-eet', 'cl-accommodation', 'denominator');

const header = 'indicator,period,numerator,denominator,value,breakdown,category,note';
writeFileSync(OUT, [header, ...rows.map((r) => r.join(','))].join('\n') + '\n');
console.log(`wrote ${rows.length} outturns to ${OUT}`);
