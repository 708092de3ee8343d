/**
 * The view model of one paper: plain data for the templates. Text is Markdown (rendered and
 * escaped by the renderer) or plain strings; the only markup is the chart SVG that compose draws.
 */

export type PaperPart = 'public' | 'exempt';

export type RagKey = 'green' | 'amber' | 'red' | 'not_rated' | 'no_data' | 'suppressed';
export type RagShape = 'circle' | 'diamond' | 'square' | 'ring' | 'dash';

/** A rating as it reads without colour: a word and a shape, the colour only a help. */
export interface RagView {
  key: RagKey;
  label: string;
  shape: RagShape;
}

/** `contextual`: both figures are there, but the indicator has no better direction to judge by. */
export type DirectionKey = 'improving' | 'declining' | 'no_change' | 'not_comparable' | 'contextual';
export type DirectionShape = 'up' | 'down' | 'right' | 'dash';

export interface DirectionView {
  key: DirectionKey;
  label: string;
  shape: DirectionShape;
}

export interface CoverPerson {
  name: string;
  role: string;
  phone: string | null;
  email: string | null;
}

export interface Cover {
  reportNumber: string;
  authority: string;
  /** The authority's logo as a data: URI (from `logo:` in scrutiny.yaml), or null. */
  logo: string | null;
  partLabel: string;
  decisionMaker: string;
  date: string;
  decisionType: string;
  title: string;
  contactOfficer: CoverPerson;
  chiefOfficer: CoverPerson;
  ward: string;
}

/** A paragraph of Markdown, numbered "3.1" where the paper numbers it. */
export interface Paragraph {
  number: string | null;
  text: string;
}

/** One indicator named in section 3: an exception or a by-exception report. */
export interface CommentaryItem {
  heading: string;
  rag: RagView | null;
  /** Markdown blocks, already chosen for the part (public only in Part 1). */
  publicText: string | null;
  exemptText: string | null;
  /** "Commentary to follow." when officers have written nothing yet. */
  placeholder: string | null;
}

export interface PaperSection {
  /** Anchor id, unique in the document. */
  id: string;
  heading: string;
  paragraphs: Paragraph[];
  /** Section 3 only: the exception list and the by-exception reports after the fixed paragraphs. */
  exceptions: CommentaryItem[];
  byException: CommentaryItem[];
  /** Section 3 only: the numbered sentences after the exceptions (suppression notice). */
  closing: Paragraph[];
}

export interface BenchmarkView {
  name: string;
  value: string;
  period: string;
  comparison: string | null;
}

export interface IndexRow {
  anchor: string;
  number: number;
  title: string;
  polarity: string;
  target: string;
  outturn: string;
  previous: string;
  lastYear: string;
  direction: DirectionView;
  /** Null for an annual indicator, whose previous period is already the year before. */
  directionYear: DirectionView | null;
  rag: RagView;
  benchmarks: BenchmarkView[];
  /** A small SVG of the last TREND_LENGTH periods. */
  sparkline: string;
}

export interface TableView {
  caption: string;
  /** Column headings; the first column holds the row headings. */
  columns: string[];
  rows: { header: string; cells: string[] }[];
  /** A class for the table's own layout (Appendix 2's counted table: `counted`). */
  className?: string;
}

export interface IndicatorDetail {
  anchor: string;
  heading: string;
  facts: { label: string; value: string }[];
  definition: string;
  whyImportant: string;
  ragRule: string;
  chart: string;
  chartLegend: string;
  /** One table per breakdown dimension, with the headline as its total row. */
  breakdowns: TableView[];
}

export interface IndexSection {
  id: string;
  title: string;
  rows: IndexRow[];
  details: IndicatorDetail[];
}

export interface KeyEntry {
  term: string;
  meaning: string;
  rag: RagView | null;
  direction: DirectionView | null;
}

export interface PerformanceIndex {
  heading: string;
  intro: string;
  key: KeyEntry[];
  sections: IndexSection[];
  /** Notes under the index tables: what [r] means, when a figure carries it. */
  footnotes: string[];
}

export interface SuppressionAppendix {
  heading: string;
  intro: string;
  /** The log in order, as one table or, when long, several (none when Part 1 hid nothing). */
  tables: TableView[];
}

export interface PaperModel {
  part: PaperPart;
  lang: 'en-GB';
  /** The document's <title>, shown in the PDF viewer's title bar. */
  documentTitle: string;
  /** Running header text for every page. */
  runningHeader: string;
  /** "NOT FOR PUBLICATION by virtue of …" in Part 2, else null. */
  exemptNotice: string | null;
  /** "SAMPLE – synthetic figures" for the bundled sample or a copy of it whose authority is unchanged, else null. */
  sampleNotice: string | null;
  /** What the banner says about it, and how to remove it from a copy of the sample. */
  sampleDetail: string | null;
  cover: Cover;
  sections: PaperSection[];
  index: PerformanceIndex;
  suppressions: SuppressionAppendix | null;
}
