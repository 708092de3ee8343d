/**
 * Revised figures (SPEC Second round › Commentary and revisions): a figure that differs from the
 * ledger of the month it belongs to — published/<period>.csv, what that month's Part 1 showed — is
 * marked [r] in both parts.
 *
 * Only a number the ledger published can be revised: a ledger's [c] says nothing about the figure
 * behind it, so a figure once hidden and now shown (or still hidden) carries no mark. Part 1 marks a
 * figure it shows as a number that differs from the ledger's number; it never marks a symbol, so a
 * hidden figure's change is not announced there. Each part compares its own text with the ledger,
 * so Part 1's marks depend on Part 1's view and the ledgers alone.
 */
import type { Assessed, Figure } from './assess/types.js';
import type { FigureAddress, Indicator, LedgerField, LedgerRow, Month } from './types.js';
import { shownNumber } from './format.js';
import { cellKey } from './disclose/cells.js';

/** The mark beside a revised figure, in both parts. */
export const REVISED_MARK = '[r]';

/** A figure whose number differs from the one its month's ledger published. */
export interface Revision extends FigureAddress {
  /** What the ledger published ("62"). */
  was: string;
  /** What this part shows now ("65"). */
  now: string;
}

/** The ledger's figure that `now` revises, or null when there is none to revise. */
export type RevisionOf = (ref: FigureAddress, now: string) => string | null;

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Looks each figure up in the ledger of its own period (recorded months only). */
/**
 * Ledgers a build made itself, from the extract it is reading (each month's Part 1 figures, set
 * for the months after it): the extract's figures compared with them can find no revision, so
 * they are not indexed for it. Indexing the million-row month's own figures and comparing both
 * papers with them took 0.7 s and up to 100 MB at the end of its build, for nothing.
 */
const fromThisExtract = new WeakSet<readonly LedgerRow[]>();

/** Marks a ledger as made by this build from its own extract (see fromThisExtract). */
export function madeFromThisExtract<T extends readonly LedgerRow[]>(rows: T): T {
  fromThisExtract.add(rows);
  return rows;
}

export function revisionOf(ledgers: ReadonlyMap<Month, readonly LedgerRow[]>): RevisionOf {
  const byPeriod = new Map<Month, Map<string, string>>();
  const ledgerOf = (period: Month): Map<string, string> | undefined => {
    const rows = ledgers.get(period);
    if (!rows || fromThisExtract.has(rows)) return undefined;
    let index = byPeriod.get(period);
    if (!index) {
      index = new Map(rows.filter((r) => r.period === period).map((r) => [cellKey(r), r.shown.trim()]));
      byPeriod.set(period, index);
    }
    return index;
  };
  return (ref, now) => {
    const was = ledgerOf(ref.period)?.get(cellKey(ref));
    const text = now.trim();
    if (was === undefined || !NUMBER.test(was) || !NUMBER.test(text)) return null;
    return Number(was) === Number(text) ? null : was;
  };
}

/** Every figure of `rows` that revises its month's ledger, in the rows' order. */
export function findRevisions(ledgers: ReadonlyMap<Month, readonly LedgerRow[]>, rows: readonly LedgerRow[]): Revision[] {
  const of = revisionOf(ledgers);
  const out: Revision[] = [];
  for (const r of rows) {
    const was = of(r, r.shown);
    if (was !== null) out.push({ indicator: r.indicator, period: r.period, breakdown: r.breakdown, category: r.category, field: r.field, was, now: r.shown });
  }
  return out;
}

/** The number Part 2 shows for one field of a figure, as the ledger would write it; null for none. */
export function exemptShown(indicator: Indicator, figure: Figure, field: LedgerField): string | null {
  // As Part 2 prints it (compose/views.ts): the value at the indicator's shown precision.
  if (field === 'value') return figure.value === null ? null : shownNumber(figure.value, indicator.decimals);
  const n = figure[field];
  return n === null ? null : String(n);
}

/** Every figure Part 2 shows, as ledger rows of its own texts (for finding its revisions). */
export function exemptFigures(assessed: Assessed): LedgerRow[] {
  const rows = new Map<string, LedgerRow>();
  for (const a of assessed.assessments) {
    const add = (fig: Figure | null, breakdown: string, category: string) => {
      if (!fig) return;
      for (const field of ['value', 'numerator', 'denominator'] as const) {
        const shown = exemptShown(a.indicator, fig, field);
        if (shown === null) continue;
        const row = { indicator: a.indicator.id, period: fig.period, breakdown, category, field, shown };
        if (!rows.has(cellKey(row))) rows.set(cellKey(row), row);
      }
    };
    for (const fig of [a.current, a.previous, a.lastYear, ...a.trend.map((t) => t.figure)]) add(fig, '', '');
    for (const b of a.breakdowns) add(b, b.breakdown, b.category);
  }
  return [...rows.values()];
}

/** Part 2's revisions, each saying whether Part 1 marks it too (it does where it shows the number). */
export function exemptRevisions(
  ledgers: ReadonlyMap<Month, readonly LedgerRow[]>,
  assessed: Assessed,
  part1Figures: readonly LedgerRow[],
): { revision: Revision; markedInPart1: boolean }[] {
  const inPart1 = new Set(findRevisions(ledgers, part1Figures).map(cellKey));
  return findRevisions(ledgers, exemptFigures(assessed)).map((revision) => ({ revision, markedInPart1: inPart1.has(cellKey(revision)) }));
}
