import type { Indicator, Month } from '../types.js';

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
  /** The same month a year before. */
  lastYear: Figure | null;
  /** The last 13 periods of the indicator's frequency ending at `month`, oldest first. */
  trend: { period: Month; figure: Figure | null }[];
  /** The current month's breakdown rows. */
  breakdowns: BreakdownFigure[];
  rag: Rag;
  direction: Direction;
  direction_year: Direction;
  benchmarks: BenchmarkComparison[];
}

export interface Assessed {
  month: Month;
  /** In catalogue order (section, then number). */
  assessments: Assessment[];
  /** Ids of the Amber and Red indicators, ordered by indicator number. */
  exceptions: string[];
  warnings: string[];
}
