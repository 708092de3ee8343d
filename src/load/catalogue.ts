import { z } from 'zod';
import { defaultCurrentFor, defaultDecimals } from '../format.js';
import { definedOnly } from '../lib/objects.js';
import type { Catalogue, Indicator, Problem, Unit } from '../types.js';
import { cohortSchema, normaliseCohort } from './cohort.js';
import { loose, month, text } from './schemas.js';
import { didYouMean } from './suggest.js';
import { parseYamlWith, problemAt, type YamlFile } from './yaml.js';

const id = z.string().regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and hyphens (e.g. cla-stability-long-term)' });

const populationValue = z.number().int().min(1);
const yearStart = z.number().int().min(1).max(12);
const breakdownId = z.string().regex(/^[A-Za-z0-9_-]+$/, { error: 'must be a name of letters, digits, _ and - (e.g. age_band)' });

const indicator = z.strictObject({
  id,
  number: z.number().int().min(1),
  title: text,
  section: text,
  definition: text,
  why_important: text,
  // Checked in crossChecks, so that "rate_per_100000" is answered with rate_per, not "did you mean rate_per_10000".
  unit: z.string(),
  rate_per: z.union([z.literal(1000), z.literal(10000), z.literal(100000)]).optional(),
  decimals: z.number().int().min(0).max(6).optional(),
  frequency: z.enum(['monthly', 'quarterly', 'annual']),
  basis: z.enum(['snapshot', 'year_to_date', 'rolling_12_months']),
  polarity: z.enum(['higher_is_better', 'lower_is_better', 'within_range', 'none']),
  target: z.number().optional(),
  target_range: z.tuple([z.number(), z.number()]).optional(),
  rag: z
    .strictObject({ tolerance: z.number().min(0).optional(), tolerance_percent: z.number().min(0).optional(), floor: z.number().optional() })
    .optional(),
  benchmarks: z.array(z.strictObject({ name: text, value: z.number(), period: loose.pipe(text) })).default([]),
  population: z
    .union([
      z.strictObject({ value: populationValue, label: text.optional() }),
      z.array(z.strictObject({ period: month, value: populationValue, label: text.optional() })).min(1),
    ])
    .optional(),
  // A breakdown is its name, or { id, categories } to check the extract's categories against a list.
  breakdowns: z.array(z.union([breakdownId, z.strictObject({ id: breakdownId, categories: z.array(loose.pipe(text)).min(1) })])).default([]),
  disclosure: z.strictObject({ suppress: z.boolean() }).optional(),
  cohort: cohortSchema,
  owner: text.optional(),
  source: text.optional(),
  current_for: z.number().int().min(1).max(60).optional(),
  year_start: yearStart.optional(),
  counts: z.enum(['people', 'fte']).optional(),
  source_published: z.boolean().optional(),
  exceptions: z.enum(['new', 'every_month']).optional(),
  chart_benchmark: text.optional(),
});

export const catalogueSchema = z.strictObject({
  defaults: z.strictObject({ year_start: yearStart.optional(), chart_benchmark: text.optional() }).optional(),
  sections: z.array(z.strictObject({ id, title: text })).min(1),
  indicators: z.array(indicator),
});

const UNITS: readonly string[] = ['percent', 'count', 'rate', 'rate_per_10000', 'days', 'ratio'];

type RawIndicator = z.output<typeof indicator>;

function breakdownName(b: RawIndicator['breakdowns'][number]): string {
  return typeof b === 'string' ? b : b.id;
}

export function parseCatalogueYaml(text: string, file: string): { catalogue?: Catalogue; problems: Problem[] } {
  const { yaml, value, problems } = parseYamlWith(text, file, catalogueSchema);
  if (!yaml || !value) return { problems };
  problems.push(...crossChecks(yaml, value.sections, value.indicators));
  if (problems.length) return { problems };
  const defaults = { year_start: value.defaults?.year_start ?? 4, chart_benchmark: value.defaults?.chart_benchmark ?? 'England' };
  const indicators = value.indicators.map((ind) => normalise(ind, defaults));
  return { catalogue: { sections: value.sections, indicators }, problems };
}

/** A checked catalogue entry with every default filled in, in the one shape the pipeline reads. */
function normalise(ind: RawIndicator, defaults: { year_start: number; chart_benchmark: string }): Indicator {
  const unit: Unit = ind.unit === 'rate_per_10000' ? 'rate' : (ind.unit as Unit);
  const counts = ind.counts ?? 'people';
  const sourcePublished = ind.source_published ?? false;
  const declared = ind.breakdowns.filter((b) => typeof b !== 'string');
  const out: Indicator = {
    ...ind,
    unit,
    breakdowns: ind.breakdowns.map(breakdownName),
    ...(declared.length ? { breakdown_categories: Object.fromEntries(declared.map((b) => [b.id, b.categories])) } : {}),
    ...(unit === 'rate' ? { rate_per: ind.rate_per ?? 10000 } : {}),
    population: ind.population === undefined ? undefined : populationOf(ind.population),
    decimals: ind.decimals ?? defaultDecimals(unit),
    current_for: ind.current_for ?? defaultCurrentFor(ind.frequency),
    year_start: ind.year_start ?? defaults.year_start,
    chart_benchmark: ind.chart_benchmark ?? defaults.chart_benchmark,
    counts,
    source_published: sourcePublished,
    exceptions: ind.exceptions ?? 'new',
    cohort: normaliseCohort(unit, ind.cohort).cohort,
    // SPEC Second round › Rates…: FTE staff figures and figures another body already published
    // are not children's counts to protect, unless the catalogue says otherwise.
    disclosure: ind.disclosure ?? { suppress: counts !== 'fte' && !sourcePublished },
  };
  return definedOnly(out);
}

function populationOf(p: NonNullable<RawIndicator['population']>): NonNullable<Indicator['population']> {
  if (!Array.isArray(p)) return { ...(p.label ? { label: p.label } : {}), values: [{ period: null, value: p.value }] };
  const label = [...p].reverse().find((e) => e.label)?.label;
  return { ...(label ? { label } : {}), values: p.map((e) => ({ period: e.period, value: e.value })) };
}

/** What zod cannot say on its own: uniqueness, references, and rules that join several keys. */
function crossChecks(y: YamlFile, sections: { id: string }[], indicators: RawIndicator[]): Problem[] {
  const out: Problem[] = [];
  const firstLine = (path: (string | number)[]) => problemAt(y, path, '').line;

  const sectionIds = new Map<string, number>();
  sections.forEach((s, i) => {
    const seen = sectionIds.get(s.id);
    if (seen !== undefined) out.push(problemAt(y, ['sections', i, 'id'], `"${s.id}" is used twice`, `the first is on line ${firstLine(['sections', seen, 'id'])}; give each section its own id`));
    else sectionIds.set(s.id, i);
  });

  const ids = new Map<string, number>();
  const numbers = new Map<number, number>();
  indicators.forEach((ind, i) => {
    const at = (key: string | (string | number)[], what: string, hint?: string) =>
      out.push(problemAt(y, ['indicators', i, ...(Array.isArray(key) ? key : [key])], what, hint));

    const dupId = ids.get(ind.id);
    if (dupId !== undefined) at('id', `"${ind.id}" is used twice`, `the first is on line ${firstLine(['indicators', dupId, 'id'])}; ids must be unique`);
    else ids.set(ind.id, i);
    const dupNumber = numbers.get(ind.number);
    if (dupNumber !== undefined) at('number', `${ind.number} is used twice`, `the first is on line ${firstLine(['indicators', dupNumber, 'number'])}; numbers must be unique`);
    else numbers.set(ind.number, i);

    if (!sectionIds.has(ind.section)) at('section', `"${ind.section}" is not a section id`, didYouMean(ind.section, sectionIds.keys()) ?? `expected one of ${[...sectionIds.keys()].join(', ')}`);

    const hasTarget = ind.target !== undefined;
    const hasRange = ind.target_range !== undefined;
    switch (ind.polarity) {
      case 'within_range':
        if (hasTarget) at('target', 'a within_range indicator has a target_range, not a target', 'write target_range: [low, high] instead');
        else if (!hasRange) at('polarity', 'within_range needs a target_range', 'add target_range: [low, high]');
        else if (ind.target_range![0] > ind.target_range![1]) at('target_range', `[${ind.target_range!.join(', ')}] has its low end above its high end`, `write [${ind.target_range![1]}, ${ind.target_range![0]}]`);
        break;
      case 'none':
        if (hasTarget) at('target', 'polarity none is not rated, so it has no target', 'remove the target, or set higher_is_better or lower_is_better');
        if (hasRange) at('target_range', 'polarity none is not rated, so it has no target_range', 'remove it, or set polarity: within_range');
        break;
      default:
        if (hasRange) at('target_range', `a ${ind.polarity} indicator has a target, not a target_range`, 'write target: N, or set polarity: within_range');
        else if (!hasTarget) at('polarity', `${ind.polarity} needs a target`, 'add target: N, or set polarity: none for a contextual indicator');
    }

    const rated = ind.polarity !== 'none' && (hasTarget || hasRange);
    const ruleKeys = ind.rag ? (Object.keys(ind.rag) as (keyof typeof ind.rag)[]).filter((k) => ind.rag![k] !== undefined) : [];
    // A missing target was reported above; a rag under it is then not a second mistake.
    if (ind.rag && ind.polarity === 'none') at('rag', 'polarity none is not rated, so it has no amber rule', 'remove rag, or set a polarity and a target');
    // SPEC: no amber rule means Green/Red only; an empty rag block is more likely a slip.
    else if (rated && ind.rag && ruleKeys.length === 0) at('rag', 'has no amber rule', 'give one of tolerance, tolerance_percent or floor, or remove rag for Green/Red only');
    else if (ruleKeys.length > 1) at(['rag', ruleKeys[1]], `has ${ruleKeys.join(' and ')}; exactly one amber rule is allowed`, `keep one of ${ruleKeys.join(', ')}`);
    else if (ind.rag?.floor !== undefined && rated) {
      const floor = ind.rag.floor;
      if (ind.polarity === 'within_range') at(['rag', 'floor'], 'a floor has no side for a within_range indicator', 'use tolerance or tolerance_percent');
      else if (ind.polarity === 'higher_is_better' && !(floor < ind.target!)) at(['rag', 'floor'], `${floor} must be below the target ${ind.target} when higher is better`, 'Amber lies between the floor and the target');
      else if (ind.polarity === 'lower_is_better' && !(floor > ind.target!)) at(['rag', 'floor'], `${floor} must be above the target ${ind.target} when lower is better`, 'Amber lies between the target and the floor');
    }

    const isRate = ind.unit === 'rate' || ind.unit === 'rate_per_10000';
    if (!UNITS.includes(ind.unit)) {
      const base = /^rate_?per_?([\d,_]+)$/i.exec(ind.unit)?.[1]?.replace(/[,_]/g, '');
      if (base) at('unit', `"${ind.unit}" is not a unit`, `write unit: rate with rate_per: ${base}`);
      // rate_per_10000 is a synonym kept for old catalogues: never offered for a rate on another base.
      else at('unit', `"${ind.unit}" is not a unit; expected one of ${UNITS.filter((u) => u !== 'rate_per_10000').join(', ')}`, didYouMean(ind.unit, UNITS.filter((u) => u !== 'rate_per_10000')));
    } else if (ind.unit === 'rate' && ind.rate_per === undefined) at('unit', 'a rate needs its base', 'add rate_per: 10000 (or 100000, 1000)');
    else if (ind.unit === 'rate_per_10000' && ind.rate_per !== undefined && ind.rate_per !== 10000)
      at('rate_per', `${ind.rate_per} contradicts unit rate_per_10000`, `write unit: rate with rate_per: ${ind.rate_per}`);
    if (!isRate && ind.rate_per !== undefined) at('rate_per', `is only used by rates, not ${ind.unit}`, 'remove it, or set unit: rate');
    if (!isRate && ind.population) at('population', `is only used by rates, not ${ind.unit}`, 'remove it');
    const byPeriod = Array.isArray(ind.population) ? ind.population : [];
    byPeriod.forEach((p, j) => {
      if (j > 0 && byPeriod[j - 1].period >= p.period)
        at(['population', j, 'period'], `${p.period} is not after ${byPeriod[j - 1].period}`, 'list the populations oldest first, one per period');
    });
    if (ind.source_published && !ind.source) at('source_published', 'names no source', 'add source: the body that published the figures (e.g. "DfE, Children looked after in England")');

    const { wrongField } = normaliseCohort((ind.unit === 'rate_per_10000' ? 'rate' : ind.unit) as Unit, ind.cohort);
    if (wrongField) at(['cohort', wrongField], `a ${ind.unit} indicator has no ${wrongField} that counts people`, `name the cohort of its ${ind.unit === 'count' ? 'value' : ind.unit === 'percent' ? 'numerator or denominator' : 'numerator'} instead`);

    const seenBreakdowns = new Set<string>();
    ind.breakdowns.forEach((b, j) => {
      const name = breakdownName(b);
      if (seenBreakdowns.has(name)) at(['breakdowns', j], `"${name}" is listed twice`, 'remove the repeat');
      seenBreakdowns.add(name);
      if (typeof b === 'string') return;
      const seenCategories = new Set<string>();
      b.categories.forEach((c, k) => {
        if (seenCategories.has(c)) at(['breakdowns', j, 'categories', k], `"${c}" is listed twice`, 'remove the repeat');
        seenCategories.add(c);
      });
    });
  });
  return out;
}
