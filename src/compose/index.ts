import type { Assessed, Assessment, Figure } from '../assess/types.js';
import type { Disclosed, PublicAssessment, PublicFigure, PublicView, Cell } from '../disclose/types.js';
import type { Catalogue, Commentary, Config, DisclosureRules, Indicator, Month, Person } from '../types.js';
import { InputError } from '../errors.js';
import { longDate, monthName, roundShown, shownNumber } from '../format.js';
import { formatInUnit, ragRuleText } from '../assess/rag.js';
import { chartLegend, sparkline, trendChart, type ChartInput, type TrendPoint } from './chart.js';
import type {
  BenchmarkView,
  CommentaryItem,
  Cover,
  CoverPerson,
  IndexRow,
  IndexSection,
  IndicatorDetail,
  KeyEntry,
  Paragraph,
  PaperModel,
  PaperPart,
  PaperSection,
  PerformanceIndex,
  RagView,
  SuppressionAppendix,
  TableView,
} from './model.js';
import {
  dimensionWords,
  directionView,
  frequencyWords,
  outturnWords,
  periodFigureWords,
  polarityWords,
  ragView,
  shownValue,
  symbolIn,
  symbolMeanings,
  targetWords,
  withUnit,
  type FigureText,
} from './words.js';

export type * from './model.js';

export interface PaperContext {
  config: Config;
  catalogue: Catalogue;
  month: Month;
  isSample: boolean;
}

export const SUPPRESSION_SENTENCE =
  "Some indicators' figures are suppressed in this public report to protect the identity of individual children; those indicators are assessed in the Part 2 (exempt) report.";

export const SAMPLE_NOTICE = 'SAMPLE – synthetic figures';

const COMMENTARY_TO_FOLLOW = 'Commentary to follow.';

/**
 * One indicator as either part may show it, already reduced to the texts and drawable
 * numbers of that part. Part 1's comes from the suppressed view alone.
 */
interface IndicatorView {
  indicator: Indicator;
  current: FigureText | null;
  previous: FigureText | null;
  lastYear: FigureText | null;
  trend: TrendPoint[];
  breakdowns: (FigureText & { breakdown: string; category: string })[];
  rag: RagView;
  direction: PublicAssessment['direction'];
  directionYear: PublicAssessment['direction_year'];
  benchmarks: BenchmarkView[];
}

function cellText(cell: Cell): string {
  return 'shown' in cell ? cell.shown : cell.suppressed;
}

function publicFigureText(figure: PublicFigure | null): FigureText | null {
  if (!figure) return null;
  return {
    period: figure.period,
    value: cellText(figure.value),
    numerator: figure.numerator ? cellText(figure.numerator) : null,
    denominator: figure.denominator ? cellText(figure.denominator) : null,
    ...('flag' in figure.value && figure.value.flag ? { flag: figure.value.flag } : {}),
  };
}

function exemptFigureText(indicator: Indicator, figure: Figure | null, rules: DisclosureRules): FigureText | null {
  if (!figure) return null;
  // Part 2 carries the same reliability caveat as Part 1: a rate over few events.
  const unreliable = indicator.unit === 'rate_per_10000' && figure.value !== null && figure.numerator !== null && figure.numerator < rules.rate_reliability_events;
  return {
    period: figure.period,
    value: figure.value === null ? rules.symbols.not_available : shownNumber(figure.value, indicator.decimals),
    numerator: figure.numerator === null ? null : String(figure.numerator),
    denominator: figure.denominator === null ? null : String(figure.denominator),
    ...(unreliable ? { flag: rules.symbols.low_reliability } : {}),
  };
}

function trendPoint(indicator: Indicator, period: Month, text: FigureText | null, notAvailable: string): TrendPoint {
  const shown = text?.value ?? notAvailable;
  const symbol = symbolIn(shown);
  const value = shownValue(shown);
  return { period, value, label: withUnit(indicator, shown), symbol: value === null ? (symbol ?? notAvailable) : symbol };
}

function benchmarkViews(a: { indicator: Indicator; benchmarks: Assessment['benchmarks'] }, comparable: boolean): BenchmarkView[] {
  return a.benchmarks.map((b) => ({
    name: b.name,
    value: formatInUnit(a.indicator, b.value),
    period: b.period,
    comparison: comparable && b.comparison !== 'not_comparable' ? { better: 'outturn better', worse: 'outturn worse', same: 'outturn the same' }[b.comparison] : null,
  }));
}

function fromPublic(a: PublicAssessment, notAvailable: string): IndicatorView {
  return {
    indicator: a.indicator,
    current: publicFigureText(a.current),
    previous: publicFigureText(a.previous),
    lastYear: publicFigureText(a.lastYear),
    trend: a.trend.map((t) => trendPoint(a.indicator, t.period, publicFigureText(t.figure), notAvailable)),
    breakdowns: a.breakdowns.map((b) => ({ ...(publicFigureText(b) as FigureText), breakdown: b.breakdown, category: b.category })),
    rag: ragView(a.headlineSuppressed ? 'suppressed' : a.rag),
    direction: a.headlineSuppressed ? 'not_comparable' : a.direction,
    directionYear: a.headlineSuppressed ? 'not_comparable' : a.direction_year,
    benchmarks: benchmarkViews(a, !a.headlineSuppressed),
  };
}

function fromAssessment(a: Assessment, rules: DisclosureRules): IndicatorView {
  const notAvailable = rules.symbols.not_available;
  const text = (f: Figure | null) => exemptFigureText(a.indicator, f, rules);
  return {
    indicator: a.indicator,
    current: text(a.current),
    previous: text(a.previous),
    lastYear: text(a.lastYear),
    trend: a.trend.map((t) => {
      const point = trendPoint(a.indicator, t.period, text(t.figure), notAvailable);
      return point.value === null ? point : { ...point, value: roundShown(point.value, a.indicator.decimals) };
    }),
    breakdowns: a.breakdowns.map((b) => ({ ...(text(b) as FigureText), breakdown: b.breakdown, category: b.category })),
    rag: ragView(a.rag),
    direction: a.direction,
    directionYear: a.direction_year,
    benchmarks: benchmarkViews(a, true),
  };
}

function fill(ctx: PaperContext, text: string): string {
  const values: Record<string, string> = {
    month_name: monthName(ctx.month),
    month: ctx.month,
    authority: ctx.config.authority,
    committee: ctx.config.committee,
    dataset: ctx.config.dataset,
  };
  return Object.entries(values).reduce((t, [key, value]) => t.replace(new RegExp(`\\{\\{\\s*${key}\\s*\\}\\}`, 'g'), () => value), text);
}

function present(text: string | undefined | null): text is string {
  return typeof text === 'string' && text.trim() !== '';
}

function section(id: string, heading: string, paragraphs: Paragraph[]): PaperSection {
  return { id, heading, paragraphs, exceptions: [], byException: [], closing: [] };
}

function numbered(ctx: PaperContext, prefix: number, texts: (string | undefined)[]): Paragraph[] {
  return texts.filter(present).map((t, i) => ({ number: `${prefix}.${i + 1}`, text: fill(ctx, t) }));
}

function person(p: Person): CoverPerson {
  return { name: p.name, role: p.role, phone: p.phone ?? null, email: p.email ?? null };
}

function cover(ctx: PaperContext, part: PaperPart): Cover {
  const { config, month } = ctx;
  const meeting = config.meetings[month];
  if (!meeting) {
    throw new InputError([
      { file: 'scrutiny.yaml', message: `meetings: no entry for ${month}`, hint: `add meetings."${month}": { date: YYYY-MM-DD, report_number: … }`, severity: 'error' },
    ]);
  }
  return {
    reportNumber: meeting.report_number,
    authority: config.authority,
    partLabel: part === 'public' ? 'PART ONE – PUBLIC' : 'PART TWO – EXEMPT',
    decisionMaker: config.committee,
    date: longDate(meeting.date),
    decisionType: config.decision_type,
    title: fill(ctx, config.title),
    contactOfficer: person(config.contact_officer),
    chiefOfficer: person(config.chief_officer),
    ward: config.ward,
  };
}

/** The cover-sheet headings between the recommendations and the commentary, in the seed paper's order. */
const COVER_SHEET_HEADINGS = [
  ['impact_on_vulnerable', 'Impact on Vulnerable Adults and Children'],
  ['policy', 'Transformation Policy'],
  ['financial', 'Financial'],
  ['personnel', 'Personnel'],
  ['legal', 'Legal'],
  ['procurement', 'Procurement'],
  ['property', 'Property'],
  ['carbon', 'Carbon Reduction and Social Value'],
  ['customer_impact', 'Customer Impact'],
  ['ward_councillor_views', 'Ward Councillor Views'],
] as const;

interface CommentaryPlan {
  exceptions: CommentaryItem[];
  byException: CommentaryItem[];
  closing: string[];
  noExceptions: string;
}

function sections(ctx: PaperContext, plan: CommentaryPlan): PaperSection[] {
  const s = ctx.config.sections;
  const out: PaperSection[] = [];
  if (present(s.reason)) out.push(section('reason', '1. Reason for report', numbered(ctx, 1, [s.reason])));
  const recommendations = numbered(ctx, 2, s.recommendations ?? []);
  if (recommendations.length > 0) out.push(section('recommendations', '2. Recommendation(s)', recommendations));
  for (const [key, heading] of COVER_SHEET_HEADINGS) {
    const text = s[key];
    if (present(text)) out.push(section(key.replace(/_/g, '-'), heading, [{ number: null, text: fill(ctx, text) }]));
  }
  const intro = numbered(ctx, 3, s.commentary_intro ?? []);
  const lead =
    plan.exceptions.length > 0
      ? `As at the end of ${monthName(ctx.month)}, the following ${ctx.config.dataset} key performance indicator(s) were performing below expectation.`
      : plan.noExceptions;
  let next = intro.length + 1;
  const commentary = section('commentary', '3. Commentary', [...intro, { number: `3.${next++}`, text: lead }]);
  commentary.exceptions = plan.exceptions;
  commentary.byException = plan.byException;
  commentary.closing = plan.closing.map((text) => ({ number: `3.${next++}`, text }));
  out.push(commentary);
  (s.implications ?? []).forEach((imp, i) => {
    const paragraphs = numbered(ctx, 4 + i, imp.paragraphs);
    if (paragraphs.length > 0) out.push(section(`implications-${i + 1}`, `${4 + i}. ${imp.heading}`, paragraphs));
  });
  if (present(s.non_applicable_headings)) out.push(section('non-applicable-headings', 'Non-Applicable Headings', [{ number: null, text: fill(ctx, s.non_applicable_headings) }]));
  if (present(s.background_documents)) out.push(section('background-documents', 'Background Documents', [{ number: null, text: fill(ctx, s.background_documents) }]));
  return out;
}

function commentaryItem(view: IndicatorView, withRag: boolean, publicText: string | undefined, exemptText: string | undefined): CommentaryItem {
  const { indicator } = view;
  const rag = withRag && view.rag.key !== 'suppressed' ? view.rag : null;
  return {
    heading: `Indicator ${indicator.number}: ${indicator.title}${rag ? ` – ${rag.label}` : ''}`,
    rag,
    publicText: present(publicText) ? publicText : null,
    exemptText: present(exemptText) ? exemptText : null,
    placeholder: present(publicText) || present(exemptText) ? null : COMMENTARY_TO_FOLLOW,
  };
}

function plan(views: Map<string, IndicatorView>, exceptionIds: string[], commentary: Commentary | undefined, part: PaperPart): Omit<CommentaryPlan, 'closing' | 'noExceptions'> {
  const exempt = part === 'exempt';
  const exceptions = exceptionIds
    .map((id) => views.get(id))
    .filter((v): v is IndicatorView => v !== undefined)
    .map((v) => {
      const entry = commentary?.indicators[v.indicator.id];
      return commentaryItem(v, true, entry?.public, exempt ? entry?.exempt : undefined);
    });
  const byException = (commentary?.by_exception ?? [])
    .filter((e) => !exceptionIds.includes(e.indicator) && views.has(e.indicator))
    .filter((e) => present(e.public) || (exempt && present(e.exempt)))
    .map((e) => commentaryItem(views.get(e.indicator) as IndicatorView, true, e.public, exempt ? e.exempt : undefined));
  return { exceptions, byException };
}

function englandOf(indicator: Indicator): ChartInput['england'] {
  const england = indicator.benchmarks.find((b) => b.name.trim().toLowerCase() === 'england');
  return england ? { name: england.name, value: england.value, period: england.period } : null;
}

function breakdownTables(ctx: PaperContext, view: IndicatorView): TableView[] {
  const { indicator } = view;
  const dims = [...new Set(view.breakdowns.map((b) => b.breakdown))];
  const columnsFor = (dim: string): string[] => {
    switch (indicator.unit) {
      case 'percent':
        return [dim, 'Number', 'Out of', 'Percentage'];
      case 'rate_per_10000':
        return [dim, 'Number', 'Rate per 10,000'];
      case 'days':
        return [dim, 'Cases', 'Average days'];
      default:
        return [dim, 'Figure'];
    }
  };
  const cellsFor = (f: FigureText): string[] => {
    const none = ctx.config.disclosure.symbols.not_applicable;
    switch (indicator.unit) {
      case 'percent':
        return [f.numerator ?? none, f.denominator ?? none, withUnit(indicator, f.value)];
      case 'rate_per_10000':
      case 'days':
        return [f.numerator ?? none, f.value];
      default:
        return [f.value];
    }
  };
  return dims.map((dim) => {
    const label = dimensionWords(dim);
    const rows = view.breakdowns.filter((b) => b.breakdown === dim).map((b) => ({ header: b.category, cells: cellsFor(b) }));
    if (view.current) rows.push({ header: 'All', cells: cellsFor(view.current) });
    return { caption: `Indicator ${indicator.number} by ${label.toLowerCase()}, ${monthName(ctx.month)}`, columns: columnsFor(label), rows };
  });
}

function anchorOf(indicator: Indicator): string {
  return `indicator-${indicator.id}`;
}

function indexRow(ctx: PaperContext, view: IndicatorView): IndexRow {
  const { indicator } = view;
  const symbols = ctx.config.disclosure.symbols;
  return {
    anchor: anchorOf(indicator),
    number: indicator.number,
    title: indicator.title,
    polarity: polarityWords(indicator),
    target: targetWords(indicator),
    outturn: outturnWords(indicator, view.current, symbols),
    previous: periodFigureWords(indicator, view.previous, symbols),
    lastYear: periodFigureWords(indicator, view.lastYear, symbols),
    direction: directionView(view.direction),
    directionYear: directionView(view.directionYear),
    rag: view.rag,
    benchmarks: view.benchmarks,
    sparkline: sparkline({ id: `spark-${indicator.id}`, indicator, points: view.trend, england: null }),
  };
}

function detail(ctx: PaperContext, view: IndicatorView): IndicatorDetail {
  const { indicator } = view;
  const facts = [
    { label: 'Outturn', value: outturnWords(indicator, view.current, ctx.config.disclosure.symbols) },
    { label: 'RAG', value: view.rag.label },
    { label: 'Target', value: `${targetWords(indicator)}; ${polarityWords(indicator)}` },
    { label: 'Frequency', value: frequencyWords(indicator) },
  ];
  if (indicator.population) facts.push({ label: 'Population', value: `${indicator.population.value.toLocaleString('en-GB')} (${indicator.population.label})` });
  if (indicator.source) facts.push({ label: 'Source', value: indicator.source });
  if (indicator.owner) facts.push({ label: 'Owner', value: indicator.owner });
  const chartInput: ChartInput = { id: `chart-${indicator.id}`, indicator, points: view.trend, england: englandOf(indicator) };
  return {
    anchor: `${anchorOf(indicator)}-detail`,
    heading: `Indicator ${indicator.number}: ${indicator.title}`,
    facts,
    definition: indicator.definition,
    whyImportant: indicator.why_important,
    ragRule: ragRuleText(indicator),
    chart: trendChart(chartInput),
    chartLegend: chartLegend(chartInput),
    breakdowns: breakdownTables(ctx, view),
  };
}

function key(ctx: PaperContext, part: PaperPart): KeyEntry[] {
  const rag = (k: Parameters<typeof ragView>[0], meaning: string): KeyEntry => ({ term: ragView(k).label, meaning, rag: ragView(k), direction: null });
  const dir = (k: Parameters<typeof directionView>[0], meaning: string): KeyEntry => ({ term: directionView(k).label, meaning, rag: null, direction: directionView(k) });
  const entries: KeyEntry[] = [
    rag('green', 'On or better than target.'),
    rag('amber', "Below expectation: short of target, but within the indicator's amber tolerance (its rule is given with each indicator)."),
    rag('red', 'Below expectation: short of target by more than the amber tolerance.'),
    rag('not_rated', 'A contextual indicator with no target: not rated.'),
    rag('no_data', 'No outturn was available for the month.'),
  ];
  if (part === 'public') entries.push(rag('suppressed', 'The figure is suppressed in this public report; the indicator is assessed in the Part 2 (exempt) report.'));
  entries.push(
    dir('improving', 'Better than the comparison period, judged by whether higher or lower is better (for a target range, closer to the range).'),
    dir('declining', 'Worse than the comparison period, judged the same way.'),
    dir('no_change', 'The same as the comparison period at the precision shown.'),
    dir('not_comparable', 'One of the two figures is missing or not published, so no comparison is made.'),
  );
  for (const s of symbolMeanings(ctx.config.disclosure.symbols, ctx.config.disclosure.threshold)) entries.push({ term: s.symbol, meaning: s.meaning, rag: null, direction: null });
  return entries;
}

function performanceIndex(ctx: PaperContext, part: PaperPart, views: IndicatorView[]): PerformanceIndex {
  const indexSections: IndexSection[] = ctx.catalogue.sections
    .map((s) => {
      const inSection = views.filter((v) => v.indicator.section === s.id);
      return { id: `section-${s.id}`, title: s.title, rows: inSection.map((v) => indexRow(ctx, v)), details: inSection.map((v) => detail(ctx, v)) };
    })
    .filter((s) => s.rows.length > 0);
  return {
    heading: `Appendix 1: Performance index as at the end of ${monthName(ctx.month)}`,
    intro: `The ${ctx.config.dataset} key performance indicators, grouped by theme. The previous period is the last period of the indicator's own frequency; the trend shows its last 13 periods. Each indicator's definition, RAG rule, breakdowns and a larger trend chart follow the tables, theme by theme.`,
    key: key(ctx, part),
    sections: indexSections,
  };
}

function baseModel(ctx: PaperContext, part: PaperPart, views: IndicatorView[], commentaryPlan: CommentaryPlan): PaperModel {
  const c = cover(ctx, part);
  const partName = part === 'public' ? 'Part 1 (Public)' : 'Part 2 (Exempt)';
  const exemptNotice =
    part === 'exempt'
      ? `NOT FOR PUBLICATION by virtue of paragraph(s) ${ctx.config.exempt_paragraphs.join(', ')} of Part 1 of Schedule 12A to the Local Government Act 1972`
      : null;
  return {
    part,
    lang: 'en-GB',
    documentTitle: `${ctx.config.dataset} – ${monthName(ctx.month)} – ${partName}`,
    runningHeader: exemptNotice ?? `${ctx.config.authority} – ${c.reportNumber} – ${partName}`,
    exemptNotice,
    sampleNotice: ctx.isSample ? SAMPLE_NOTICE : null,
    cover: c,
    sections: sections(ctx, commentaryPlan),
    index: performanceIndex(ctx, part, views),
    suppressions: null,
  };
}

/** Part 1: built from the suppressed view and the public commentary only, so it cannot show a hidden figure. */
export function composePublic(ctx: PaperContext, view: PublicView, commentary: Commentary | undefined): PaperModel {
  const notAvailable = ctx.config.disclosure.symbols.not_available;
  const views = view.assessments.map((a) => fromPublic(a, notAvailable));
  const byId = new Map(views.map((v) => [v.indicator.id, v]));
  const { exceptions, byException } = plan(byId, view.exceptions, commentary, 'public');
  const monthWords = monthName(ctx.month);
  return baseModel(ctx, 'public', views, {
    exceptions,
    byException,
    closing: view.anyHeadlineSuppressed ? [SUPPRESSION_SENTENCE] : [],
    noExceptions: view.anyHeadlineSuppressed
      ? `As at the end of ${monthWords}, none of the ${ctx.config.dataset} key performance indicators whose figures are shown in this report were performing below expectation.`
      : `As at the end of ${monthWords}, none of the ${ctx.config.dataset} key performance indicators were performing below expectation.`,
  });
}

/** Part 2: every figure, the exempt commentary, and what Part 1 suppressed and why. */
export function composeExempt(ctx: PaperContext, assessed: Assessed, disclosed: Disclosed, commentary: Commentary | undefined): PaperModel {
  const views = assessed.assessments.map((a) => fromAssessment(a, ctx.config.disclosure));
  const byId = new Map(views.map((v) => [v.indicator.id, v]));
  const { exceptions, byException } = plan(byId, assessed.exceptions, commentary, 'exempt');
  const model = baseModel(ctx, 'exempt', views, {
    exceptions,
    byException,
    closing: [],
    noExceptions: `As at the end of ${monthName(ctx.month)}, none of the ${ctx.config.dataset} key performance indicators were performing below expectation.`,
  });
  model.suppressions = suppressionAppendix(ctx, disclosed);
  return model;
}

function suppressionAppendix(ctx: PaperContext, disclosed: Disclosed): SuppressionAppendix {
  const byId = new Map(ctx.catalogue.indicators.map((i) => [i.id, i]));
  const field = { value: 'Figure', numerator: 'Numerator', denominator: 'Denominator' } as const;
  const rows = disclosed.log.map((r) => {
    const indicator = byId.get(r.indicator);
    return {
      header: indicator ? `${indicator.number}: ${indicator.title}` : r.indicator,
      cells: [
        monthName(r.period),
        r.breakdown ? `${dimensionWords(r.breakdown)}: ${r.category}` : 'Headline',
        field[r.field],
        r.rule,
        r.kind === 'primary' ? 'Primary' : 'Secondary',
      ],
    };
  });
  const count = rows.length;
  return {
    heading: 'Appendix 2: Figures suppressed in the Part 1 (public) report',
    intro:
      count === 0
        ? 'The Part 1 report suppressed no figures this month.'
        : `The Part 1 report shows ${count} figure${count === 1 ? '' : 's'} as ${ctx.config.disclosure.symbols.suppressed}. Primary suppression hides a small number; secondary suppression hides a figure from which a hidden one could be worked out.`,
    table: { caption: 'Figures suppressed in Part 1, with the rule that applied', columns: ['Indicator', 'Period', 'Breakdown', 'Field', 'Rule', 'Primary or secondary'], rows },
  };
}
