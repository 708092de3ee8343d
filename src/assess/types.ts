import type { FigureField, Indicator, Month, SourceSymbol } from '../types.js';

export type Rag = 'green' | 'amber' | 'red' | 'not_rated' | 'no_data';
export type Direction = 'improving' | 'declining' | 'no_change' | 'not_comparable';
export type Comparison = 'better' | 'worse' | 'same' | 'not_comparable';

/** The figures of one indicator for one period (the headline, or one breakdown category). */
export interface Figure {
  period: Month;
  numerator: number | null;
  denominator: number | null;
  /**
   * The headline figure at full precision: the percentage, rate, average or ratio,
   * or the count itself for a count. Null when it cannot be had.
   */
  value: number | null;
  /** A rate's population for the period (public: ONS or the catalogue). */
  population?: number;
  /** Fields the publisher withheld, with its symbol: unknown to everyone, us included. */
  symbols?: Partial<Record<FigureField, SourceSymbol>>;
  /** The extract's `note` on this row: printed beside the figure in Part 2 only. */
  note?: string;
}

export interface BreakdownFigure extends Figure {
  breakdown: string;
  category: string;
}

export interface BenchmarkComparison {
  name: string;
  value: number;
  period: string;
  /** The outturn against this benchmark, judged by polarity at shown precision. */
  comparison: Comparison;
}

export interface Assessment {
  indicator: Indicator;
  month: Month;
  current: Figure | null;
  /** The previous period of the indicator's frequency (last month, last quarter end, last year end). */
  previous: Figure | null;
  /** The same month a year before; null for an annual indicator, whose previous period is already that. */
  lastYear: Figure | null;
  /** The last TREND_LENGTH periods of the indicator's frequency ending at its latest figure, oldest first. */
  trend: { period: Month; figure: Figure | null }[];
  /** The current month's breakdown rows. */
  breakdowns: BreakdownFigure[];
  rag: Rag;
  direction: Direction;
  direction_year: Direction;
  benchmarks: BenchmarkComparison[];
  /**
   * The current figure is new to the committee (no earlier paper had it as current), or the
   * indicator asks to be reported every month: only then can it be an exception.
   */
  newFigure: boolean;
}

export interface Assessed {
  month: Month;
  /** In catalogue order (section, then number). */
  assessments: Assessment[];
  /** Ids of the Amber and Red indicators, ordered by indicator number. */
  exceptions: string[];
  warnings: string[];
}
