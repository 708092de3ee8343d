import type { FigureAddress, Indicator, LedgerRow, Month, Problem } from '../types.js';
import type { BenchmarkComparison, Direction, Rag } from '../assess/types.js';

/**
 * A figure as Part 1 shows it. There is no field that could hold a suppressed value:
 * a cell is either the shown text or the symbol that stands in for it.
 * `flag` qualifies a shown figure: `[u]` for a rate over too few events to be reliable.
 * `source` marks a symbol the publisher printed (SPEC Second round › Source symbols): not our suppression.
 */
export type Cell = { readonly shown: string; readonly flag?: string } | { readonly suppressed: string; readonly source?: true };

export interface PublicFigure {
  period: Month;
  value: Cell;
  numerator?: Cell;
  denominator?: Cell;
}

export interface PublicBreakdown extends PublicFigure {
  breakdown: string;
  category: string;
}

/** One indicator as Part 1 may show it: every derived element computed from shown figures only. */
export interface PublicAssessment {
  indicator: Indicator;
  month: Month;
  current: PublicFigure | null;
  previous: PublicFigure | null;
  lastYear: PublicFigure | null;
  trend: { period: Month; figure: PublicFigure | null }[];
  breakdowns: PublicBreakdown[];
  /** 'suppressed' when the headline figure is hidden ("see Part 2"). */
  rag: Rag | 'suppressed';
  direction: Direction;
  direction_year: Direction;
  benchmarks: BenchmarkComparison[];
  headlineSuppressed: boolean;
  /** Whether the current figure is new to the committee (from periods alone): only then an exception. */
  newFigure: boolean;
}

export interface PublicView {
  month: Month;
  assessments: PublicAssessment[];
  /** Amber and Red among the indicators whose headline Part 1 shows, by indicator number. */
  exceptions: string[];
  /** True when any headline is suppressed: Part 1 then carries the fixed sentence. */
  anyHeadlineSuppressed: boolean;
}

/** One suppressed figure of Part 1's suppression pattern: primary (by a rule) or secondary (to protect another). */
export interface SuppressionRecord extends FigureAddress {
  /** Why, in words: e.g. "count from 1 to 5", "complement of a suppressed cell in age_band". */
  rule: string;
  kind: 'primary' | 'secondary';
}

export interface Disclosed {
  public: PublicView;
  /** Every suppressed cell (exempt/disclosure-log.csv and the Part 2 appendix). */
  log: SuppressionRecord[];
  /** Every figure Part 1 shows, [c] and all (the public figures CSV and the ledger). */
  figures: LedgerRow[];
  /** Commentary lint findings and other disclosure warnings. */
  warnings: Problem[];
}
