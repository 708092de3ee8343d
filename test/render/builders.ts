/**
 * Hand-built inputs for compose and render: a small catalogue and the matching assessed and
 * suppressed views, as assess and disclose would hand them over.
 */
import type { Assessed, Assessment, Figure, Rag } from '../../src/assess/types.js';
import type { Cell, Disclosed, PublicAssessment, PublicFigure, PublicView } from '../../src/disclose/types.js';
import type { Catalogue, Commentary, Config, Indicator, Month } from '../../src/types.js';
import type { PaperContext } from '../../src/compose/index.js';
import { oneMeetingConfig, stabilityIndicator } from '../helpers/builders.js';
import { addMonths, shownNumber } from '../../src/format.js';

export const MONTH: Month = '2023-11';

export function bromleyConfig(overrides: Partial<Config> = {}): Config {
  return oneMeetingConfig({
    authority: 'London Borough of Bromley',
    committee: 'Children, Education and Families Policy Development and Scrutiny Committee',
    dataset: "Children's Scrutiny Dataset",
    title: "Performance reporting – Children's Scrutiny Dataset",
    decision_type: 'Non-Urgent Non-Executive Non-Key',
    contact_officer: { name: 'Alex Example', role: 'Head of Strategy and Performance', phone: '020 8461 0000', email: 'alex.example@bromley.gov.uk' },
    chief_officer: { name: 'Sam Example', role: 'Director of Children, Education and Families' },
    ward: 'All Wards',
    meetings: { '2023-11': { date: '2024-02-01', report_number: 'CEF24005' } },
    exempt_paragraphs: [1, 2],
    sections: {
      reason: 'This report provides the {{committee}} with the {{dataset}} as at the end of {{month_name}}.',
      recommendations: ['Members are asked to note and comment on the performance of the {{dataset}}.'],
      impact_on_vulnerable: '1. Summary of Impact: the dataset tracks services for vulnerable children.',
      policy: '1. Policy Status: Not Applicable.',
      financial: '1. Cost of proposal: Not Applicable.',
      commentary_intro: ['The {{dataset}} is reported to each meeting of the committee.', 'Indicators are rated Red, Amber or Green against their targets.'],
      implications: [
        { heading: 'Impact on Vulnerable Adults and Children', paragraphs: ['The indicators concern vulnerable children.'] },
        { heading: 'Policy Implications', paragraphs: [] },
      ],
      non_applicable_headings: 'Financial, Personnel, Legal and Procurement Implications.',
      background_documents: '[Working Together 2023](https://www.gov.uk/government/publications/working-together-to-safeguard-children--2)',
    },
    ...overrides,
  });
}

export function benchmarkedIndicator(overrides: Partial<Indicator> & Pick<Indicator, 'id' | 'number'>): Indicator {
  return stabilityIndicator({
    title: `Indicator ${overrides.number}`,
    definition: 'A definition.',
    why_important: 'Why it matters.',
    benchmarks: [
      { name: 'England', value: 68, period: '2023-24' },
      { name: 'Statistical neighbours', value: 66.2, period: '2023-24' },
    ],
    ...overrides,
  });
}

export const stability = benchmarkedIndicator({
  id: 'cla-stability-long-term',
  number: 20,
  title: 'Stability of placements for children looked after – length of placement',
  breakdowns: ['age_band'],
});
export const careLeavers = benchmarkedIndicator({ id: 'care-leavers-eet', number: 21, title: 'Care leavers in education, employment or training', target: 60 });
export const adoption = benchmarkedIndicator({
  id: 'adoption-days',
  number: 22,
  title: 'Average days between entering care and moving in with the adoptive family',
  unit: 'days',
  decimals: 0,
  polarity: 'lower_is_better',
  target: 426,
  rag: { tolerance_percent: 10 },
  benchmarks: [{ name: 'England', value: 475, period: '2020-23' }],
});
export const referrals = benchmarkedIndicator({
  id: 'referrals-rate',
  number: 3,
  title: 'Rate of referrals to children’s social care per 10,000',
  section: 'front-door',
  unit: 'rate',
  polarity: 'within_range',
  target: undefined,
  target_range: [400, 520],
  rag: { tolerance: 30 },
  population: { label: '0–17 population, ONS mid-2022', values: [{ period: null, value: 61230 }] },
  benchmarks: [{ name: 'England', value: 544.5, period: '2022-23' }],
});
export const schools = benchmarkedIndicator({
  id: 'schools-count',
  number: 4,
  title: 'Schools judged outstanding',
  section: 'front-door',
  unit: 'count',
  decimals: 0,
  polarity: 'none',
  target: undefined,
  rag: undefined,
  benchmarks: [],
  disclosure: { suppress: false },
});

export function catalogue(): Catalogue {
  return {
    sections: [
      { id: 'front-door', title: 'Front door and early help' },
      { id: 'looked-after', title: 'Children looked after' },
      { id: 'empty', title: 'A theme with nothing in it' },
    ],
    indicators: [referrals, schools, stability, careLeavers, adoption],
  };
}

export function context(overrides: Partial<PaperContext> = {}): PaperContext {
  return { config: bromleyConfig(), catalogue: catalogue(), month: MONTH, isSample: false, ledgers: new Map(), ...overrides };
}

const shown = (s: string): Cell => ({ shown: s });
const hidden: Cell = { suppressed: '[c]' };

function pct(period: Month, n: number, d: number): Figure {
  return { period, numerator: n, denominator: d, value: (100 * n) / d };
}

/** 13 months of a percentage, oldest first, from a list of numerators over a fixed cohort. */
function trendOf(nums: (number | null)[], den: number, month: Month = MONTH): Assessment['trend'] {
  return nums.map((n, i) => {
    const period = addMonths(month, i - (nums.length - 1));
    return { period, figure: n === null ? null : pct(period, n, den) };
  });
}

function assessment(ind: Indicator, parts: Partial<Assessment>): Assessment {
  return {
    indicator: ind,
    month: MONTH,
    current: null,
    previous: null,
    lastYear: null,
    trend: [],
    breakdowns: [],
    rag: 'no_data',
    direction: 'not_comparable',
    direction_year: 'not_comparable',
    benchmarks: ind.benchmarks.map((b) => ({ ...b, comparison: 'not_comparable' as const })),
    newFigure: true,
    ...parts,
  };
}

export function assessed(): Assessed {
  // Care leavers: December 2022 is a count of 3 not in EET out of 40 → Part 1 shows it as [c].
  const stabilityTrend = trendOf([66, 65, 64, 64, 63, 65, 66, 64, 63, 63, 62, 63, 62], 91);
  const careTrend = trendOf([25, 37, 26, 27, 27, 28, 29, 29, 30, 30, 31, 30, 30], 40);
  const adoptionTrend = [440, 450, 461, 455, 470, 468, 472, 480, 475, 478, 482, 476, 488].map((v, i) => {
    const period = addMonths(MONTH, i - 12);
    return { period, figure: { period, numerator: 18, denominator: null, value: v } };
  });
  const referralTrend = [410, 415, 432, 448, 455, 470, 490, 505, 512, 530, 541, 548, 556].map((v, i) => {
    const period = addMonths(MONTH, i - 12);
    return { period, figure: { period, numerator: Math.round((v * 61230) / 10000 / 12), denominator: null, value: v } };
  });
  // current, previous and same month last year, read off a 13-month trend
  const figuresOf = (trend: { period: string; figure: Figure | null }[]) => ({
    current: trend[12].figure,
    previous: trend[11].figure,
    lastYear: trend[0].figure,
    trend,
  });
  const assessments: Assessment[] = [
    assessment(referrals, {
      ...figuresOf(referralTrend),
      rag: 'amber',
      direction: 'declining',
      direction_year: 'declining',
      benchmarks: [{ name: 'England', value: 544.5, period: '2022-23', comparison: 'better' }],
    }),
    assessment(schools, {
      current: { period: MONTH, numerator: 28, denominator: null, value: 28 },
      rag: 'not_rated',
      trend: trendOf(Array(13).fill(null), 1),
    }),
    assessment(stability, {
      current: pct(MONTH, 62, 91),
      previous: pct('2023-10', 63, 91),
      lastYear: pct('2022-11', 66, 91),
      trend: stabilityTrend,
      breakdowns: [
        { ...pct(MONTH, 20, 30), breakdown: 'age_band', category: '10-12' },
        { ...pct(MONTH, 42, 61), breakdown: 'age_band', category: '13-15' },
      ],
      rag: 'amber',
      direction: 'declining',
      direction_year: 'declining',
      benchmarks: [
        { name: 'England', value: 68, period: '2023-24', comparison: 'worse' },
        { name: 'Statistical neighbours', value: 66.2, period: '2023-24', comparison: 'worse' },
      ],
    }),
    assessment(careLeavers, {
      // 37 of 40: the complement 3 is a count of people, so Part 1 hides the headline.
      current: pct(MONTH, 37, 40),
      previous: pct('2023-10', 30, 40),
      lastYear: pct('2022-11', 25, 40),
      trend: careTrend.map((t, i) => (i === 12 ? { period: t.period, figure: pct(t.period, 37, 40) } : t)),
      rag: 'green',
      direction: 'improving',
      direction_year: 'improving',
      benchmarks: careLeavers.benchmarks.map((b) => ({ ...b, comparison: 'better' as const })),
    }),
    assessment(adoption, {
      ...figuresOf(adoptionTrend),
      rag: 'amber',
      direction: 'declining',
      direction_year: 'declining',
      benchmarks: [{ name: 'England', value: 475, period: '2020-23', comparison: 'worse' }],
    }),
  ];
  return { month: MONTH, assessments, exceptions: [referrals.id, stability.id, adoption.id], warnings: [] };
}

function publicFigure(ind: Indicator, f: Figure | null, hide: Set<string> = new Set()): PublicFigure | null {
  if (!f) return null;
  const text = (field: 'value' | 'numerator' | 'denominator', n: number | null) =>
    hide.has(field) ? hidden : shown(n === null ? '[x]' : field === 'value' ? shownNumber(n, ind.decimals) : String(n));
  const out: PublicFigure = { period: f.period, value: text('value', f.value) };
  if (f.numerator !== null) out.numerator = text('numerator', f.numerator);
  if (f.denominator !== null) out.denominator = text('denominator', f.denominator);
  return out;
}

/** What disclose would make of assessed(): care leavers' headline and its December 2022 point hidden. */
export function publicView(from: Assessed = assessed()): PublicView {
  const assessments: PublicAssessment[] = from.assessments.map((a) => {
    const hideHeadline = a.indicator.id === careLeavers.id;
    const hideFor = (period: Month) =>
      hideHeadline && (period === MONTH || period === '2022-12') ? new Set(['value', 'numerator']) : new Set<string>();
    return {
      indicator: a.indicator,
      month: a.month,
      current: publicFigure(a.indicator, a.current, hideFor(MONTH)),
      previous: publicFigure(a.indicator, a.previous),
      lastYear: publicFigure(a.indicator, a.lastYear),
      trend: a.trend.map((t) => ({ period: t.period, figure: publicFigure(a.indicator, t.figure, hideFor(t.period)) })),
      breakdowns: a.breakdowns.map((b) => ({ ...(publicFigure(a.indicator, b) as PublicFigure), breakdown: b.breakdown, category: b.category })),
      rag: hideHeadline ? 'suppressed' : (a.rag as Rag),
      direction: hideHeadline ? 'not_comparable' : a.direction,
      direction_year: hideHeadline ? 'not_comparable' : a.direction_year,
      benchmarks: hideHeadline ? a.benchmarks.map((b) => ({ ...b, comparison: 'not_comparable' as const })) : a.benchmarks,
      headlineSuppressed: hideHeadline,
      newFigure: a.newFigure,
    };
  });
  return { month: from.month, assessments, exceptions: from.exceptions, anyHeadlineSuppressed: true };
}

export function disclosed(from: Assessed = assessed()): Disclosed {
  return {
    public: publicView(from),
    log: [
      { indicator: careLeavers.id, period: MONTH, breakdown: '', category: '', field: 'numerator', rule: 'complement of 1 to 5 (denominator − numerator)', kind: 'primary' },
      { indicator: careLeavers.id, period: MONTH, breakdown: '', category: '', field: 'value', rule: 'percentage of a suppressed numerator', kind: 'secondary' },
      { indicator: careLeavers.id, period: '2022-12', breakdown: '', category: '', field: 'numerator', rule: 'complement of 1 to 5 (denominator − numerator)', kind: 'primary' },
    ],
    figures: [],
    warnings: [],
  };
}

export function commentary(): Commentary {
  return {
    month: MONTH,
    indicators: {
      [stability.id]: {
        public: 'Long-term placement stability has **gradually decreased** over this financial year.',
        exempt: 'Two placements ended after allegations; both children are now settled.',
      },
      [careLeavers.id]: { public: 'Care leaver engagement improved.', exempt: 'Three young people remain NEET.' },
    },
    by_exception: [{ indicator: schools.id, public: 'Two more schools were judged outstanding this term.' }],
  };
}
