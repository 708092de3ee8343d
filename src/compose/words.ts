/**
 * The paper's own words: every heading, label and fixed sentence the tool writes into either
 * part, in one place so a council can reword its paper here (the layout is in the templates,
 * the officers' words in scrutiny.yaml and the commentary files).
 */
import type { DisclosureSymbols, Indicator } from '../types.js';
import { monthWord, rateBase, thousands } from '../format.js';
import { TREND_LENGTH } from '../assess/index.js';
import type { DirectionKey, PaperPart, RagKey, RagView } from './model.js';

/** What each rating and direction is called: the paper pairs each with a shape, so colour is only a help. */
export const RAG_LABEL: Record<RagKey, string> = { green: 'Green', amber: 'Amber', red: 'Red', not_rated: 'Not rated', no_data: 'No data', suppressed: 'See Part 2' };
export const DIRECTION_LABEL: Record<DirectionKey, string> = {
  improving: 'Improving', declining: 'Declining', no_change: 'No change', not_comparable: 'Not comparable', contextual: 'No better direction',
};

const POLARITY: Record<Indicator['polarity'], string> = {
  higher_is_better: 'higher is better',
  lower_is_better: 'lower is better',
  within_range: 'within the target range is better',
  none: 'contextual (no better direction)',
};

export function polarityWords(indicator: Indicator): string {
  return POLARITY[indicator.polarity];
}

export function frequencyWords(indicator: Indicator): string {
  const frequency = { monthly: 'Monthly', quarterly: 'Quarterly', annual: 'Annual' }[indicator.frequency];
  const basis = { snapshot: 'snapshot at the period end', year_to_date: `cumulative since 1 ${monthWord(indicator.year_start)}`, rolling_12_months: 'rolling 12 months' }[indicator.basis];
  return `${frequency}, ${basis}`;
}

/** "age_band" → "Age band" */
export function dimensionWords(breakdown: string): string {
  const words = breakdown.replace(/[_-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function symbolMeanings(symbols: DisclosureSymbols, threshold: number): { symbol: string; meaning: string }[] {
  return [
    { symbol: symbols.suppressed, meaning: `Suppressed: a count of 1 to ${threshold} children, or a figure from which one could be worked out, is not published (by this report, or already by the source of the figures).` },
    { symbol: symbols.not_available, meaning: 'Not available: there is no figure for the period.' },
    { symbol: symbols.not_applicable, meaning: 'Not applicable: the figure does not apply to this indicator.' },
    { symbol: symbols.low_reliability, meaning: 'Low reliability: a figure based on few events, or one its source marks as unreliable, to be read with caution.' },
    { symbol: symbols.rounds_to_zero, meaning: 'Rounds to zero: the source shows a figure that is more than zero but rounds to zero.' },
  ];
}

/** The "same month last year" cell of an annual indicator, whose previous period is already that. */
export const ANNUAL_LAST_YEAR = 'Annual: see previous period';

/** The source of an indicator whose figures another body published (`source_published`). */
export function publishedBy(source: string): string {
  return `${source} (figures as published by the source)`;
}

/** Part 2's note on a figure the publisher withheld: neither part has it. */
export const WITHHELD_BY_SOURCE = '(withheld by the source)';

export const SUPPRESSION_SENTENCE =
  "Some indicators' figures are suppressed in this public report to protect the identity of individual children; those indicators are assessed in the Part 2 (exempt) report.";

export const SAMPLE_NOTICE = 'SAMPLE – synthetic figures';

export const COMMENTARY_TO_FOLLOW = 'Commentary to follow.';

export const PART_WORDS: Record<PaperPart, { name: string; coverLabel: string }> = {
  public: { name: 'Part 1 (Public)', coverLabel: 'PART ONE – PUBLIC' },
  exempt: { name: 'Part 2 (Exempt)', coverLabel: 'PART TWO – EXEMPT' },
};

export function exemptNotice(paragraphs: readonly (string | number)[]): string {
  return `NOT FOR PUBLICATION by virtue of paragraph(s) ${paragraphs.join(', ')} of Part 1 of Schedule 12A to the Local Government Act 1972`;
}

/** Section headings, and the cover-sheet headings between the recommendations and the commentary in the seed paper's order. */
export const HEADINGS = {
  reason: '1. Reason for report',
  recommendations: '2. Recommendation(s)',
  commentary: '3. Commentary',
  nonApplicable: 'Non-Applicable Headings',
  background: 'Background Documents',
  coverSheet: [
    ['impact_on_vulnerable', 'Impact on Vulnerable Adults and Children'], ['policy', 'Transformation Policy'],
    ['financial', 'Financial'], ['personnel', 'Personnel'], ['legal', 'Legal'], ['procurement', 'Procurement'], ['property', 'Property'],
    ['carbon', 'Carbon Reduction and Social Value'], ['customer_impact', 'Customer Impact'], ['ward_councillor_views', 'Ward Councillor Views'],
  ],
} as const;

/** The sentence that opens the list of exceptions in section 3, or says there are none. */
export function exceptionsLead(args: { monthName: string; dataset: string; any: boolean; someHidden: boolean }): string {
  if (args.any) return `As at the end of ${args.monthName}, the following ${args.dataset} key performance indicator(s) were performing below expectation.`;
  const which = args.someHidden ? ` key performance indicators whose figures are shown in this report` : ' key performance indicators';
  return `As at the end of ${args.monthName}, none of the ${args.dataset}${which} were performing below expectation.`;
}

export function indicatorHeading(indicator: Indicator, rag?: RagView | null): string {
  return `Indicator ${indicator.number}: ${indicator.title}${rag ? ` – ${rag.label}` : ''}`;
}

export const BENCHMARK_COMPARISON = { better: 'outturn better', worse: 'outturn worse', same: 'outturn the same' } as const;

export const FACT_LABELS = {
  outturn: 'Outturn', rag: 'RAG', target: 'Target', frequency: 'Frequency', population: 'Population', source: 'Source', owner: 'Owner',
} as const;

const BREAKDOWN_COLUMNS: Partial<Record<Indicator['unit'], string[]>> = {
  percent: ['Number', 'Out of', 'Percentage'],
  days: ['Cases', 'Average days'],
};

export function breakdownColumns(indicator: Indicator, dimension: string): string[] {
  if (indicator.unit === 'rate') return [dimension, 'Number', `Rate per ${rateBase(indicator)}`];
  return [dimension, ...(BREAKDOWN_COLUMNS[indicator.unit] ?? ['Figure'])];
}

export const BREAKDOWN_TOTAL = 'All';

export function breakdownCaption(indicator: Indicator, dimension: string, monthName: string): string {
  return `Indicator ${indicator.number} by ${dimension.toLowerCase()}, ${monthName}`;
}

/** The key to the performance index: what each rating, direction and symbol means. */
export const KEY_MEANINGS = {
  rag: {
    green: 'On or better than target.',
    amber: "Below expectation: short of target, but within the indicator's amber tolerance (its rule is given with each indicator).",
    red: 'Below expectation: short of target by more than the amber tolerance.',
    not_rated: 'A contextual indicator with no target: not rated.',
    no_data: 'No outturn was available for the month.',
    suppressed: 'The figure is suppressed in this public report; the indicator is assessed in the Part 2 (exempt) report.',
  },
  direction: {
    improving: 'Better than the comparison period, judged by whether higher or lower is better (for a target range, closer to the range).',
    declining: 'Worse than the comparison period, judged the same way.',
    no_change: 'The same as the comparison period at the precision shown.',
    not_comparable: 'One of the two figures is missing or not published, so no comparison is made.',
    contextual: 'A contextual indicator: both figures are shown, but neither higher nor lower is better, so no direction is judged.',
  },
} as const;

export function indexHeading(monthName: string): string {
  return `Appendix 1: Performance index as at the end of ${monthName}`;
}

export function indexIntro(dataset: string): string {
  return `The ${dataset} key performance indicators, grouped by theme. The previous period is the last period of the indicator's own frequency; the trend shows its last ${TREND_LENGTH} periods. Each indicator's definition, RAG rule, breakdowns and a larger trend chart follow the tables, theme by theme.`;
}

export const APPENDIX = {
  heading: 'Appendix 2: Figures suppressed in the Part 1 (public) report',
  caption: 'Figures suppressed in Part 1, with the rule that applied',
  /** A long log's tables: which of how many, and whose figures its first and last rows are (the log's order). */
  partCaption: (caption: string, n: number, of: number, first: string, last: string) =>
    `${caption}, table ${n} of ${of}: ${first === last ? first : `from ${first} to ${last}`}`,
  columns: ['Indicator', 'Period', 'Breakdown', 'Field', 'Rule', 'Primary or secondary'],
  field: { value: 'Figure', numerator: 'Numerator', denominator: 'Denominator' },
  headline: 'Headline',
  kind: { primary: 'Primary', secondary: 'Secondary' },
  /** "complement protecting <figure>", as the disclosure log records it, in members' words. */
  protecting: (figure: string) => `Hidden as well, so that ${figure} cannot be worked out from it`,
  /** When there are too many figures to list one by one (compose/appendix.ts, MAX_LISTED_FIGURES). */
  countedCaption: 'Figures suppressed in Part 1, counted for each indicator, period and breakdown',
  countedColumns: ['Indicator', 'Period', 'Breakdown', 'Primary suppressions', 'Secondary suppressions'],
  countedIntro(count: number, symbol: string, listed: number): string {
    return (
      `The Part 1 report shows ${thousands(count)} figures as ${symbol}, more than the ${thousands(listed)} this appendix lists one by one, so the table counts them for each indicator, period and breakdown. ` +
      'The exempt disclosure log (disclosure-log.csv, beside this paper) lists every one, with the rule that hid it. ' +
      'Primary suppression hides a small number; secondary suppression hides a figure from which a hidden one could be worked out.'
    );
  },
  intro(count: number, symbol: string): string {
    return count === 0
      ? 'The Part 1 report suppressed no figures this month.'
      : `The Part 1 report shows ${count} figure${count === 1 ? '' : 's'} as ${symbol}. Primary suppression hides a small number; secondary suppression hides a figure from which a hidden one could be worked out.`;
  },
} as const;

/**
 * The footnote under the index tables when a figure carries [r] (SPEC Second round › Commentary
 * and revisions). Part 1's names nothing Part 1 does not show.
 */
export function revisedFootnote(mark: string, part: 'public' | 'exempt'): string {
  const base = `${mark} Revised: the figure differs from the one first published for the same period, in that month's paper; it has been revised since.`;
  return part === 'exempt' ? `${base} The exempt disclosure log (disclosure-log.csv) lists the figure first published and the figure now.` : base;
}
