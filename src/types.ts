/**
 * The plain data that flows between the pipeline's stages
 * (load → assess → disclose → compose → render → print → write).
 * Each stage takes the previous stage's output; only load and write touch files.
 */

/** A calendar month, "YYYY-MM": the month an outturn is "as at the end of". */
export type Month = string;

/** `rate_per_10000` in a catalogue is read as `rate` with `rate_per: 10000`. */
export type Unit = 'percent' | 'count' | 'rate' | 'days' | 'ratio';
/** What the publisher put in place of a figure it withheld or lacks (SPEC Second round › Source symbols). */
export type SourceSymbol = 'c' | 'x' | 'z' | 'u' | 'low';
export type FigureField = 'numerator' | 'denominator' | 'value';
export type Polarity = 'higher_is_better' | 'lower_is_better' | 'within_range' | 'none';
export type Frequency = 'monthly' | 'quarterly' | 'annual';
export type Basis = 'snapshot' | 'year_to_date' | 'rolling_12_months';

/** Exactly one of these is set when the indicator has a target. */
export interface AmberRule {
  tolerance?: number;
  tolerance_percent?: number;
  floor?: number;
}

export interface Benchmark {
  name: string;
  value: number;
  period: string;
}

export interface Indicator {
  id: string;
  number: number;
  title: string;
  section: string;
  definition: string;
  why_important: string;
  unit: Unit;
  /** Shown precision; defaulted by load (1 for percent/rate, 0 for count/days, 2 for ratio). */
  decimals: number;
  frequency: Frequency;
  basis: Basis;
  polarity: Polarity;
  target?: number;
  target_range?: [number, number];
  rag?: AmberRule;
  benchmarks: Benchmark[];
  /** Rates only: the base (10,000 children, 100,000 young people, …). */
  rate_per?: number;
  /** Rates only: the population by period, oldest first; a figure uses the latest at or before its period. */
  population?: Population;
  breakdowns: string[];
  /** The categories a breakdown may have, where the catalogue declares them. */
  breakdown_categories?: Record<string, string[]>;
  disclosure: { suppress: boolean };
  /**
   * Which of the indicator's counts are the same children as another indicator's (catalogue
   * `cohort:`): figures sharing a cohort name are equal in every period and category, and the
   * disclosure audit protects them together.
   */
  cohort?: Partial<Record<LedgerField, string>>;
  owner?: string;
  source?: string;
  /** Months a figure stays the current outturn after its period (defaulted by load from the frequency). */
  current_for: number;
  /** Month number (1–12) where a year_to_date count restarts (defaulted by load: 4, April). */
  year_start: number;
  /** `fte`: numerators and denominators are full-time equivalents of staff, not whole people. */
  counts: 'people' | 'fte';
  /** The figures were already published by another body (`source`): value-only figures are accepted. */
  source_published: boolean;
  /**
   * `new`: an unchanged quarterly or annual figure is an exception only in the month it is new;
   * `every_month`: whenever it is current.
   */
  exceptions: 'new' | 'every_month';
  /** The benchmark drawn as a line on the trend chart, by name (a setting; England unless changed). */
  chart_benchmark?: string;
}

export interface Population {
  label?: string;
  values: { period: Month | null; value: number }[];
}

export interface CatalogueSection {
  id: string;
  title: string;
}

export interface Catalogue {
  sections: CatalogueSection[];
  indicators: Indicator[];
}

/** One row of outturns.csv, validated. `line` is the CSV line the record starts on. */
export interface Outturn {
  indicator: string;
  period: Month;
  numerator: number | null;
  denominator: number | null;
  value: number | null;
  breakdown: string | null;
  category: string | null;
  note: string | null;
  /** A rate's population for this row, from the extract's optional `population` column. */
  population?: number | null;
  /** Fields the publisher withheld, with the symbol it printed (the field itself is then null). */
  symbols?: Partial<Record<FigureField, SourceSymbol>>;
  line: number;
}

export interface Person {
  name: string;
  role: string;
  phone?: string;
  email?: string;
}

export interface Meeting {
  /** ISO date, YYYY-MM-DD */
  date: string;
  report_number: string;
}

export interface ImplicationSection {
  heading: string;
  paragraphs: string[];
}

/** The paper's fixed text: Markdown, with {{month_name}} and friends allowed. Every key optional. */
export interface PaperSections {
  reason?: string;
  recommendations?: string[];
  impact_on_vulnerable?: string;
  policy?: string;
  financial?: string;
  personnel?: string;
  legal?: string;
  procurement?: string;
  property?: string;
  carbon?: string;
  customer_impact?: string;
  ward_councillor_views?: string;
  commentary_intro?: string[];
  implications?: ImplicationSection[];
  non_applicable_headings?: string;
  background_documents?: string;
}

export interface DisclosureSymbols {
  suppressed: string;
  not_available: string;
  not_applicable: string;
  low_reliability: string;
  /** A publisher's "low": rounds to zero but is not zero. */
  rounds_to_zero: string;
}

export interface DisclosureRules {
  /** Counts of people from 1 to threshold inclusive are suppressed. */
  threshold: number;
  /** A percentage whose denominator is at most this is suppressed. */
  min_denominator: number;
  /** An average over this many cases or fewer is suppressed. */
  min_cases: number;
  /** A rate over fewer than this many events is flagged [u]. */
  rate_reliability_events: number;
  /**
   * What a percentage over a small group shows when its numerator is 0 or the whole group
   * ("0 of [c]", "15 of 15" under min_denominator 20): `hide` (the default) suppresses the
   * numerator whatever it is, since "none of" or "all of" a small group tells something about
   * each member of it; `show` shows a 0 numerator as it is, with the percentage still hidden.
   */
  group_disclosure: 'hide' | 'show';
  symbols: DisclosureSymbols;
}

export interface WorkspacePaths {
  catalogue: string;
  outturns: string;
  commentary: string;
  published: string;
  templates: string;
  out: string;
}

export interface Config {
  authority: string;
  committee: string;
  dataset: string;
  title: string;
  decision_type: string;
  contact_officer: Person;
  chief_officer: Person;
  ward: string;
  meetings: Record<Month, Meeting>;
  exempt_paragraphs: number[];
  /** A workspace-relative PNG or SVG for the cover sheet. */
  logo?: string;
  /** The logo, read by the loader and inlined as a data: URI (rendering fetches nothing). */
  logoDataUri?: string;
  /** True in a workspace made by `init` (a copy of the sample): see load/sample.ts. */
  sample?: boolean;
  /** Part 1's fixed text (what anything public reads). */
  sections: PaperSections;
  /** Part 2's, where `sections` gives a key `part1:`/`part2:` variants; Part 1's otherwise. */
  sectionsPart2?: PaperSections;
  disclosure: DisclosureRules;
  paths: WorkspacePaths;
}

export interface CommentaryEntry {
  /** `fingerprint` digests the exempt figures the entry was drafted from, `shown` what Part 1 showed of them. */
  drafted_from?: { rag: string; value: string; fingerprint: string; shown?: string };
  public?: string;
  exempt?: string;
  /**
   * Set by the tool when the figures changed since the entry was drafted: `true` when Part 1's
   * figures changed (neither text is printed), `exempt` when only hidden ones did (the exempt text is not).
   */
  stale?: boolean | 'exempt';
  /** Set by the tool when the text was carried over from the previous month. */
  carried_over?: Month;
}

export interface ByExceptionEntry {
  indicator: string;
  public?: string;
  exempt?: string;
}

export interface Commentary {
  month: Month;
  indicators: Record<string, CommentaryEntry>;
  by_exception: ByExceptionEntry[];
}

export type LedgerField = 'value' | 'numerator' | 'denominator';

/**
 * Where one figure lives: an indicator's headline (breakdown and category empty) or one breakdown
 * category, in one period, and which of its fields. The one address every stage uses for a figure:
 * a ledger row, a suppression record and a cell of the disclosure audit are each this plus their own data.
 */
export interface FigureAddress {
  indicator: string;
  period: Month;
  breakdown: string;
  category: string;
  field: LedgerField;
}

/** One figure Part 1 showed: a row of published/YYYY-MM.csv and of the public figures CSV. */
export interface LedgerRow extends FigureAddress {
  shown: string;
}

export interface InputFile {
  /** Path relative to the workspace, as shown to people. */
  path: string;
  sha256: string;
}

export interface Workspace {
  /** Absolute path of the workspace folder. */
  dir: string;
  /** True when this is the sample bundled with the package. */
  isSample: boolean;
  config: Config;
  catalogue: Catalogue;
  outturns: Outturn[];
  /** Commentary by month, for every commentary file present. */
  commentary: Map<Month, Commentary>;
  /** Ledgers by month, for every published/*.csv present. */
  ledgers: Map<Month, LedgerRow[]>;
  /** Absolute path of the workspace's templates folder, if it exists. */
  templatesDir?: string;
  inputs: InputFile[];
}

/** A problem with the inputs: one readable line, located where possible. */
export interface Problem {
  file: string;
  line?: number;
  column?: number;
  /** What is wrong, e.g. `indicators[3].unit: expected one of percent|count|…` */
  message: string;
  /** What to do about it. */
  hint?: string;
  severity: 'error' | 'warning';
  /**
   * The message with the figures it is about. Shown only on an interactive terminal or with
   * --show-figures: a CI log is read by more people than Part 2 is, and the figures may be ones
   * Part 1 hides. `message` and `hint` never carry figures from the extract.
   */
  withFigures?: string;
  /**
   * Whether this warning arises at all depends on figures Part 1 may hide: it goes to
   * exempt/build-exempt.json, Part 2 and an interactive terminal, never to a public channel or
   * the exit status.
   */
  exempt?: true;
  /** In a workbook, the sheet: the location reads `file.xlsx:Sheet!C92` (line = row, column = column). */
  sheet?: string;
  /** How many problems of the same kind this line stands for (default 1), the last of them at `last`. */
  count?: number;
  last?: { line?: number; column?: number };
}
