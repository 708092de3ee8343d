#!/usr/bin/env node
// Writes examples/dfe-bromley/outturns.csv and catalogue.yaml from the DfE published
// local-authority statistics kept unchanged in examples/dfe-bromley/raw/ (see its README for
// their provenance and licence). Run: node scripts/make-dfe-example.mjs
//
// What real annual data looks like: every figure is as at its own period (31 March for
// children looked after and children in need, 30 September for the workforce census),
// the publisher's symbols (c, x, z, u, low) are copied as they are, rates come with the
// population DfE used for each year, workforce figures are full-time equivalents, and the
// turnover rate, which cannot be recomputed from the published counts, is given as DfE
// published it. Benchmarks are England's figure and the mean of Bromley's ten statistical
// neighbours (DfE 2025 model) for the latest period. Targets are illustrative only.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const DIR = fileURLToPath(new URL('../examples/dfe-bromley/', import.meta.url));
const LA = '305'; // Bromley's old_la_code

const cache = new Map();
function rows(file) {
  if (!cache.has(file)) cache.set(file, parse(readFileSync(`${DIR}raw/${file}`), { columns: true, bom: true, skip_empty_lines: true }));
  return cache.get(file);
}

const SYMBOL = /^\[?(c|x|z|u|low)\]?$/i;
const isNumber = (s) => s !== undefined && s !== '' && !SYMBOL.test(s) && Number.isFinite(Number(s));

const sn = rows('sn_model_2025_wide.csv').find((r) => r.old_la_code === LA);
const NEIGHBOURS = Array.from({ length: 10 }, (_, i) => sn[`SN_${i + 1}`]);

/** Rows of one area: Bromley, England, or one neighbour. */
const inArea = (code) => (r) => (code === 'England' ? r.geographic_level === 'National' : r.geographic_level === 'Local authority' && r.old_la_code === code);

/** A wide file: one row per area and year, the figures in named columns. */
function wide(file, { where = () => true, num, den, value }) {
  return (code) => {
    const out = new Map();
    for (const r of rows(file).filter(inArea(code)).filter(where)) {
      out.set(r.time_period, {
        numerator: typeof num === 'function' ? num(r) : num ? r[num] : '',
        denominator: typeof den === 'function' ? den(r) : den ? r[den] : '',
        value: typeof value === 'function' ? value(r) : value ? r[value] : '',
      });
    }
    return out;
  };
}

/** A long file: the numerator and the total are two rows of one group, told apart by a breakdown column. */
function long(file, { groupCol, group, breakdownCol, part, total, count, percent, extra = () => true }) {
  return (code) => {
    const out = new Map();
    const mine = rows(file).filter(inArea(code)).filter((r) => r[groupCol] === group && extra(r));
    for (const year of new Set(mine.map((r) => r.time_period))) {
      const p = mine.find((r) => r.time_period === year && r[breakdownCol] === part);
      const t = mine.find((r) => r.time_period === year && r[breakdownCol] === total);
      if (!p || !t) continue;
      out.set(year, { numerator: p[count], denominator: t[count], value: p[percent] });
    }
    return out;
  };
}

const fte = (s) => (isNumber(s) ? String(Number(s)) : s);
const plus = (a, b) => (isNumber(a) && isNumber(b) ? String(Number((Number(a) + Number(b)).toFixed(1))) : SYMBOL.test(a) ? a : b);

const CLA = 'Children looked after on 31 March each year';
const INDICATORS = [
  {
    id: 'cin-rereferrals', number: 1, section: 'front-door', month: '03', unit: 'percent', decimals: 1,
    title: 'Re-referrals to children’s social care within 12 months',
    definition: 'Referrals in the year to 31 March that were within 12 months of a previous referral, as a percentage of all referrals.',
    why: 'High levels may mean that cases are being closed too early; some re-referral is always expected.',
    polarity: 'lower_is_better', target: 22, rag: '{ tolerance: 2 }', source: 'DfE, Children in need (table C1)',
    read: wide('c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv', { num: 'rereferral_count', den: 'referral_count', value: 'rereferral_percent' }),
  },
  {
    id: 'cp-subsequent-plan', number: 2, section: 'front-door', month: '03', unit: 'percent', decimals: 1,
    title: 'Child protection plans that were a second or subsequent plan',
    definition: 'Child protection plans starting in the year to 31 March that were the child’s second or subsequent plan, as a percentage of all plans starting.',
    why: 'A child returning to a plan may mean that an earlier plan ended before the risk was resolved.',
    polarity: 'lower_is_better', target: 20, rag: '{ tolerance: 3 }', source: 'DfE, Children in need (table D3)',
    read: wide('d3_cpps_subsequent_plan_2013_to_2025.csv', { num: 'CPP_subsequent', den: 'CPP_start', value: 'CPP_subsequent_percent' }),
  },
  {
    id: 'cp-two-years', number: 3, section: 'front-door', month: '03', unit: 'percent', decimals: 1,
    title: 'Child protection plans lasting 2 years or more',
    definition: 'Children on a child protection plan at 31 March whose plan had lasted 2 years or more, as a percentage of all children on a plan.',
    why: 'A plan lasting this long may mean that the plan is not bringing about change.',
    polarity: 'lower_is_better', target: 3, rag: '{ tolerance: 1 }', source: 'DfE, Children in need (table D5)',
    read: wide('d5_cpps_at31march_by_duration_2013_to_2025.csv', { num: '2_years_or_more', den: 'CPP_At31', value: '2_years_or_more_percent' }),
  },
  {
    id: 'cla-rate', number: 4, section: 'looked-after', month: '03', unit: 'rate', decimals: 0,
    title: 'Children looked after per 10,000 children',
    definition: 'Children looked after at 31 March per 10,000 children aged under 18, over the ONS mid-year population DfE used for the year.',
    why: 'The size of the looked-after population, against the borough’s child population: context for every other indicator.',
    polarity: 'none', source: 'DfE, Children looked after in England including adoptions',
    read: wide('cla_number_and_rate_per_10k_children.csv', { where: (r) => r.population_type === CLA, num: 'children_count', value: 'rate_per_10000' }),
    population: (code) =>
      rows('cla_number_and_rate_per_10k_children.csv')
        .filter(inArea(code))
        .filter((r) => r.population_type === CLA && isNumber(r.population_estimate))
        .map((r) => ({ period: `${r.time_period}-03`, value: Number(r.population_estimate) }))
        .sort((a, b) => (a.period < b.period ? -1 : 1))
        // One entry per change: the list says which population each year's rate is over.
        .filter((p, i, all) => i === 0 || p.value !== all[i - 1].value),
  },
  {
    id: 'cla-stability-long-term', number: 5, section: 'looked-after', month: '03', unit: 'percent', decimals: 0,
    title: 'Stability of placements of children looked after – length of placement',
    definition: 'Children looked after continuously for at least 2.5 years at 31 March, aged under 16, living with the same carer for at least 2 years.',
    why: 'Stable placements let children form lasting attachments and stay at the same school.',
    polarity: 'higher_is_better', target: 70, rag: '{ tolerance: 5 }', source: 'DfE, Children looked after in England including adoptions',
    read: long('la_cla_placement_stability.csv', {
      groupCol: 'cla_group', group: 'Children looked after continuously for at least 2.5 years on 31 March aged under 16 years',
      breakdownCol: 'placement_stability', part: 'Living with the same carer for at least 2 years', total: 'Total children', count: 'children_count', percent: 'children_percent',
    }),
  },
  {
    id: 'cla-three-placements', number: 6, section: 'looked-after', month: '03', unit: 'percent', decimals: 0,
    title: 'Stability of placements of children looked after – number of placements',
    definition: 'Children looked after at 31 March who had 3 or more placements during the year, as a percentage of all children looked after.',
    why: 'Each move of placement disrupts a child’s relationships, school and health care.',
    polarity: 'lower_is_better', target: 10, rag: '{ tolerance: 2 }', source: 'DfE, Children looked after in England including adoptions',
    read: long('la_cla_placement_stability.csv', {
      groupCol: 'cla_group', group: 'CLA on 31 March', breakdownCol: 'placement_stability',
      part: 'With 3 or more placements during the year', total: 'Total children', count: 'children_count', percent: 'children_percent',
    }),
  },
  {
    id: 'cla-health-assessments', number: 7, section: 'looked-after', month: '03', unit: 'percent', decimals: 0,
    title: 'Children looked after with an up-to-date health assessment',
    definition: 'Children looked after continuously for 12 months at 31 March who had their annual health assessment.',
    why: 'Children in care have poorer health than their peers; the assessment is where their needs are found.',
    polarity: 'higher_is_better', target: 90, rag: '{ tolerance: 5 }', source: 'DfE, Outcomes for children in need, including children looked after',
    read: long('la_conviction_health_outcome_cla.csv', {
      groupCol: 'characteristic', group: 'Health assessments: Children looked after all ages', breakdownCol: 'breakdown',
      part: 'Had their annual health assessment', total: 'Total all ages', count: 'children_count', percent: 'children_percent',
    }),
  },
  {
    id: 'cla-convictions', number: 8, section: 'looked-after', month: '03', unit: 'percent', decimals: 0,
    title: 'Children looked after aged 10 to 17 convicted or cautioned',
    definition: 'Children looked after continuously for 12 months at 31 March, aged 10 to 17, convicted or subject to a youth caution or youth conditional caution during the year.',
    why: 'Care should protect children from criminalisation; DfE withholds small counts, shown here as it published them.',
    polarity: 'lower_is_better', target: 3, rag: '{ tolerance: 1 }', source: 'DfE, Outcomes for children in need, including children looked after',
    read: long('la_conviction_health_outcome_cla.csv', {
      groupCol: 'characteristic', group: 'Convictions: Children looked after Ages 10 to 17 years', breakdownCol: 'breakdown',
      part: 'Convicted or subject to youth cautions, or youth conditional cautions during the year', total: 'Total ages 10 to 17 years', count: 'children_count', percent: 'children_percent',
    }),
  },
  {
    id: 'care-leavers-eet', number: 9, section: 'care-leavers', month: '03', unit: 'percent', decimals: 0,
    title: 'Care leavers aged 19 to 21 in education, employment or training',
    definition: 'Care leavers aged 19, 20 and 21 whose activity around their birthday was education, employment or training.',
    why: 'Education, employment and training are the foundations of an independent adult life.',
    polarity: 'higher_is_better', target: 60, rag: '{ tolerance: 5 }', source: 'DfE, Children looked after in England including adoptions',
    read: long('la_care_leavers_activity.csv', {
      groupCol: 'care_leaver_age', group: '19 to 21 years', breakdownCol: 'breakdown',
      part: 'Total in education, employment or training', total: 'Total', count: 'care_leaver_count', percent: 'care_leaver_percent',
    }),
  },
  {
    id: 'care-leavers-accommodation', number: 10, section: 'care-leavers', month: '03', unit: 'percent', decimals: 0,
    title: 'Care leavers aged 19 to 21 in suitable accommodation',
    definition: 'Care leavers aged 19, 20 and 21 whose accommodation around their birthday was considered suitable.',
    why: 'Suitable accommodation is a condition of almost everything else going well.',
    polarity: 'higher_is_better', target: 90, rag: '{ tolerance: 5 }', source: 'DfE, Children looked after in England including adoptions',
    read: long('la_care_leavers_accommodation_suitability.csv', {
      groupCol: 'care_leaver_age', group: '19 to 21 years', breakdownCol: 'breakdown',
      part: 'Accommodation considered suitable', total: 'Suitability total', count: 'care_leaver_count', percent: 'care_leaver_percent',
    }),
  },
  {
    id: 'sw-vacancy-rate', number: 11, section: 'workforce', month: '09', unit: 'percent', decimals: 1, counts: 'fte',
    title: 'Children and family social worker vacancy rate (FTE)',
    definition: 'Vacant social worker posts at 30 September as a percentage of vacancies plus social workers in post, in full-time equivalents.',
    why: 'Vacancies mean higher caseloads and more changes of social worker for children.',
    polarity: 'lower_is_better', target: 15, rag: '{ tolerance: 3 }', source: 'DfE, Children’s social work workforce',
    read: wide('csww_indicators_2017_to_2025.csv', { num: (r) => fte(r.vacancy_fte), den: (r) => plus(r.vacancy_fte, r.inpost_fte), value: 'vacancy_rate_fte' }),
  },
  {
    id: 'sw-agency-rate', number: 12, section: 'workforce', month: '09', unit: 'percent', decimals: 1, counts: 'fte',
    title: 'Agency children and family social workers (FTE)',
    definition: 'Agency social workers at 30 September as a percentage of agency workers plus social workers in post, in full-time equivalents.',
    why: 'A stable, employed workforce keeps the same social worker with a child.',
    polarity: 'lower_is_better', target: 15, rag: '{ tolerance: 3 }', source: 'DfE, Children’s social work workforce',
    read: wide('csww_indicators_2017_to_2025.csv', { num: (r) => fte(r.agency_fte), den: (r) => plus(r.agency_fte, r.inpost_fte), value: 'agency_rate_fte' }),
  },
  {
    id: 'sw-turnover-rate', number: 13, section: 'workforce', month: '09', unit: 'percent', decimals: 1, sourcePublished: true,
    title: 'Children and family social worker turnover rate (FTE)',
    definition: 'Social workers leaving in the year to 30 September as a percentage of the average in post over the year, in full-time equivalents, as DfE published it.',
    why: 'Turnover breaks the relationships children have with their social workers.',
    polarity: 'lower_is_better', target: 15, rag: '{ tolerance: 2 }', source: 'DfE, Children’s social work workforce',
    read: wide('csww_indicators_2017_to_2025.csv', { value: 'turnover_rate_fte' }),
  },
  {
    id: 'sw-caseload', number: 14, section: 'workforce', month: '09', unit: 'ratio', decimals: 1, counts: 'fte',
    title: 'Average caseload of children and family social workers (FTE)',
    definition: 'Cases held at 30 September divided by the full-time equivalent of case-holding social workers; the number shown with it is that FTE.',
    why: 'Manageable caseloads give social workers time for the children they work with.',
    polarity: 'lower_is_better', target: 16, rag: '{ tolerance: 2 }', source: 'DfE, Children’s social work workforce',
    read: wide('csww_indicators_2017_to_2025.csv', { num: (r) => fte(r.case_holders_fte), value: 'caseload_fte' }),
  },
];

const SECTIONS = [
  ['front-door', 'Children in need and child protection'],
  ['looked-after', 'Children looked after'],
  ['care-leavers', 'Care leavers'],
  ['workforce', 'Social work workforce'],
];

/** The headline figure of one area and year, for a benchmark: the value as published, else computed. */
function figure(ind, f) {
  if (!f) return null;
  if (isNumber(f.value)) return Number(f.value);
  if (ind.unit === 'percent' && isNumber(f.numerator) && isNumber(f.denominator) && Number(f.denominator) > 0) return (100 * Number(f.numerator)) / Number(f.denominator);
  return null;
}

const yearLabel = (ind, year) => (ind.month === '03' ? `${Number(year) - 1}-${String(year).slice(2)}` : `Sep ${year}`);
const round = (x, d) => Number(x.toFixed(d));
const q = (s) => JSON.stringify(s);

const outturns = ['indicator,period,numerator,denominator,value,breakdown,category,note'];
const catalogue = ['# Written by scripts/make-dfe-example.mjs from raw/ (DfE published statistics); do not edit by hand.', 'sections:'];
for (const [id, title] of SECTIONS) catalogue.push(`  - { id: ${id}, title: ${q(title)} }`);
catalogue.push('indicators:');

for (const ind of INDICATORS) {
  const ours = ind.read(LA);
  const years = [...ours.keys()].sort();
  for (const year of years) {
    const f = ours.get(year);
    // A value-only figure keeps only its value; otherwise numerator, denominator and value as DfE printed them.
    const cells = ind.sourcePublished ? ['', '', f.value] : [f.numerator, f.denominator, f.value];
    outturns.push([ind.id, `${year}-${ind.month}`, ...cells, '', '', ''].join(','));
  }
  const latest = years.at(-1);
  const england = figure(ind, ind.read('England').get(latest));
  const neighbours = NEIGHBOURS.map((code) => figure(ind, ind.read(code).get(latest))).filter((x) => x !== null);
  const benchmarks = [];
  if (england !== null) benchmarks.push(`      - { name: England, value: ${round(england, ind.decimals)}, period: ${q(yearLabel(ind, latest))} }`);
  if (neighbours.length > 0) {
    const mean = neighbours.reduce((a, b) => a + b, 0) / neighbours.length;
    benchmarks.push(`      - { name: Statistical neighbours (mean of ${neighbours.length}), value: ${round(mean, ind.decimals)}, period: ${q(yearLabel(ind, latest))} }`);
  }
  catalogue.push(
    `  - id: ${ind.id}`,
    `    number: ${ind.number}`,
    `    title: ${q(ind.title)}`,
    `    section: ${ind.section}`,
    `    definition: ${q(ind.definition)}`,
    `    why_important: ${q(ind.why)}`,
    `    unit: ${ind.unit}`,
    ...(ind.unit === 'rate' ? ['    rate_per: 10000'] : []),
    `    decimals: ${ind.decimals}`,
    '    frequency: annual',
    '    basis: snapshot',
    `    polarity: ${ind.polarity}`,
    ...(ind.target !== undefined ? [`    target: ${ind.target}`, `    rag: ${ind.rag}`] : []),
    ...(ind.counts ? [`    counts: ${ind.counts}`] : []),
    ...(ind.sourcePublished ? ['    source_published: true'] : []),
    `    source: ${q(ind.source)}`,
    ...(benchmarks.length ? ['    benchmarks:', ...benchmarks] : []),
  );
  if (ind.population) {
    catalogue.push('    population:');
    for (const p of ind.population(LA)) catalogue.push(`      - { period: ${p.period}, value: ${p.value}, label: "Children aged 0 to 17, ONS mid-year estimate used by DfE" }`);
  }
}

writeFileSync(`${DIR}outturns.csv`, `${outturns.join('\n')}\n`);
writeFileSync(`${DIR}catalogue.yaml`, `${catalogue.join('\n')}\n`);
process.stdout.write(`wrote ${outturns.length - 1} outturns for ${INDICATORS.length} indicators to ${DIR}\n`);
