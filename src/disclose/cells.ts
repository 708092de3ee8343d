/**
 * The counts Part 1 publishes (this month's, and what every earlier month's Part 1 showed) as one
 * set of cells, and every linear relation a reader can use between them: breakdowns adding up to
 * their headline, numerator ≤ denominator, year-to-date figures growing month by month, rolling
 * 12-month totals as the sum of the months inside them, and indicators counting the same children.
 */
import type { Assessed, Figure } from '../assess/types.js';
import { InputError } from '../errors.js';
import { addMonths, financialYearStart } from '../format.js';
import { countFields } from '../load/cohort.js';
import type { FigureAddress, Indicator, LedgerField, LedgerRow, Month, Outturn, Workspace } from '../types.js';
import type { Relation } from './audit.js';

export function cellKey(c: FigureAddress): string {
  return addressKey(c.indicator, c.period, c.breakdown, c.category, c.field);
}

/** cellKey from the address's parts, for a neighbouring cell (another field or period) without copying the address. */
export function addressKey(indicator: string, period: string, breakdown: string, category: string, field: string): string {
  return `${indicator}|${period}|${breakdown}|${category}|${field}`;
}

/**
 * A ledger row's cell key and its extract row's address, worked out once per row: a derived view's
 * rows are looked up again by every later month's audit.
 */
const rowKeys = new WeakMap<LedgerRow, { cell: string; row: string }>();
function ledgerKeys(row: LedgerRow): { cell: string; row: string } {
  let keys = rowKeys.get(row);
  if (keys === undefined) {
    keys = { cell: cellKey(row), row: rowKey(row.indicator, row.period, row.breakdown, row.category) };
    rowKeys.set(row, keys);
  }
  return keys;
}

/** The twelve months a rolling total ending in `period` covers, newest first (the same few periods recur in every audit). */
const windows = new Map<Month, Month[]>();
function twelveMonthsTo(period: Month): Month[] {
  let months = windows.get(period);
  if (months === undefined) {
    months = Array.from({ length: 12 }, (_, i) => addMonths(period, -i));
    windows.set(period, months);
  }
  return months;
}

/**
 * A cell with every property set from the start: cells made in one shape, and never reshaped, keep
 * the passes over them fast.
 */
function newCell(a: FigureAddress, key: string, raw: number | undefined, current: boolean, suppressible: boolean, position: number): CountCell {
  return {
    indicator: a.indicator,
    period: a.period,
    breakdown: a.breakdown,
    category: a.category,
    field: a.field,
    key,
    raw,
    current,
    published: undefined,
    suppressedIn: undefined,
    suppressible,
    position,
  };
}

/** A count of people (or cases) that Part 1 shows or once showed. */
export interface CountCell extends FigureAddress {
  key: string;
  /** The true count; unknown for a ledger cell whose outturn row has gone. */
  raw: number | undefined;
  /** In this month's Part 1. */
  current: boolean;
  /** The value an earlier month's Part 1 already published (the public knows it whatever we do now). */
  published: number | undefined;
  /** The earliest month whose Part 1 showed it as suppressed. */
  suppressedIn: Month | undefined;
  /** False where the indicator's figures are not about people. */
  suppressible: boolean;
  /** Its place among its breakdown's categories as Part 1 lists them (0 for a headline). */
  position: number;
}

export { countFields };

/** The raw count behind one field of a figure. */
export function countOf(unit: Indicator['unit'], field: LedgerField, fig: Pick<Figure, 'numerator' | 'denominator' | 'value'>): number | null {
  if (field === 'value') return unit === 'count' ? (fig.value ?? fig.numerator) : null;
  return field === 'numerator' ? fig.numerator : fig.denominator;
}

/** What earlier months' Part 1 showed, by month: recorded ledgers, and views derived where none was recorded. */
export interface PriorViews {
  ledgers: ReadonlyMap<Month, LedgerRow[]>;
  /** The months whose view was derived from the extract because no ledger was recorded. */
  derived: ReadonlySet<Month>;
}

export interface Universe {
  cells: Map<string, CountCell>;
  relations: Relation[];
  /** The relations each cell appears in. */
  byCell: Map<string, Relation[]>;
  /**
   * Least values the reader knows for figures nobody is shown (the months inside a rolling
   * total can be 0); every other hidden cell is at least 1, zeros being shown.
   */
  floors: Map<string, number>;
  indicators: Map<string, Indicator>;
}

/** Every (figure, breakdown row) an assessment shows, with its place. */
export function shownFigures(a: Assessed['assessments'][number]): { fig: Figure; breakdown: string; category: string; position: number }[] {
  const out: { fig: Figure; breakdown: string; category: string; position: number }[] = [];
  for (const fig of [a.current, a.previous, a.lastYear, ...a.trend.map((t) => t.figure)]) {
    if (fig) out.push({ fig, breakdown: '', category: '', position: 0 });
  }
  const places = new Map<string, number>();
  for (const b of a.breakdowns) {
    const position = places.get(b.breakdown) ?? 0;
    places.set(b.breakdown, position + 1);
    out.push({ fig: b, breakdown: b.breakdown, category: b.category, position });
  }
  return out;
}

/** A row's address as the index below and its lookups write it (a ledger's empty breakdown is the extract's null). */
function rowKey(indicator: string, period: string, breakdown: string | null, category: string | null): string {
  return `${indicator}|${period}|${breakdown ?? ''}|${category ?? ''}`;
}

/** The extract's rows for the periods given (those a published paper showed), by address. */
function outturnIndex(outturns: Outturn[], periods: Set<string>): Map<string, Outturn> {
  const index = new Map<string, Outturn>();
  for (const o of outturns) if (periods.has(o.period)) index.set(rowKey(o.indicator, o.period, o.breakdown, o.category), o);
  return index;
}

export function buildUniverse(ws: Workspace, assessed: Assessed, prior: PriorViews): Universe {
  const indicators = new Map(ws.catalogue.indicators.map((i) => [i.id, i]));
  for (const a of assessed.assessments) indicators.set(a.indicator.id, a.indicator);
  const cells = new Map<string, CountCell>();

  for (const a of assessed.assessments) {
    const ind = a.indicator;
    for (const { fig, breakdown, category, position } of shownFigures(a)) {
      for (const field of countFields(ind.unit)) {
        const raw = countOf(ind.unit, field, fig);
        if (raw === null) continue;
        const key = addressKey(ind.id, fig.period, breakdown, category, field);
        if (!cells.has(key)) cells.set(key, newCell({ indicator: ind.id, period: fig.period, breakdown, category, field }, key, raw, true, ind.disclosure.suppress, position));
      }
    }
  }

  // Oldest month first, so a later month's value is the one the public last saw.
  const months = [...prior.ledgers.keys()].filter((m) => m < assessed.month).sort();
  // Only the rows a published paper showed are looked up: an index of a whole million-row extract
  // was a million keys built for every month checked.
  const published = new Set<string>();
  for (const month of months) for (const row of prior.ledgers.get(month) as LedgerRow[]) published.add(row.period);
  const outturns = outturnIndex(ws.outturns, published);
  for (const month of months) {
    const places = new Map<string, number>();
    for (const row of prior.ledgers.get(month) as LedgerRow[]) {
      const ind = indicators.get(row.indicator);
      if (!ind || !countFields(ind.unit).includes(row.field)) continue;
      const { cell: key, row: at } = ledgerKeys(row);
      const shown = row.shown.trim() === '' ? NaN : Number(row.shown);
      const suppressed = row.shown === ws.config.disclosure.symbols.suppressed;
      if (!Number.isFinite(shown) && !suppressed) continue;
      const o = outturns.get(at);
      // A figure the publisher withheld is unknown to everyone: neither published nor ours to protect.
      if (o?.symbols && (o.symbols[row.field] || (row.field === 'value' && ind.unit === 'count' && o.symbols.numerator))) continue;
      let cell = cells.get(key);
      if (!cell) {
        const raw = o ? countOf(ind.unit, row.field, o) : null;
        const group = `${row.indicator}|${row.breakdown}|${row.field}`;
        const position = row.breakdown === '' ? 0 : (places.get(group) ?? 0);
        places.set(group, position + 1);
        cell = newCell(row, key, raw ?? undefined, false, ind.disclosure.suppress, position);
        cells.set(key, cell);
      }
      if (suppressed) cell.suppressedIn ??= month;
      else cell.published = shown;
    }
  }
  // A revised figure: the ledger's value belongs to an earlier vintage, so it says nothing about this one.
  for (const cell of cells.values()) {
    if (cell.published !== undefined && cell.raw !== undefined && cell.published !== cell.raw) cell.published = undefined;
  }

  const floors = new Map<string, number>();
  const relations = buildRelations(ws, cells, indicators, floors);
  const byCell = new Map<string, Relation[]>();
  for (const r of relations) {
    for (const t of r.terms) {
      const list = byCell.get(t.key);
      if (list) list.push(r);
      else byCell.set(t.key, [r]);
    }
  }
  return { cells, relations, byCell, floors, indicators };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function buildRelations(ws: Workspace, cells: Map<string, CountCell>, indicators: Map<string, Indicator>, floors: Map<string, number>): Relation[] {
  const relations: Relation[] = [];
  const groups = new Map<string, CountCell[]>();
  for (const c of cells.values()) {
    if (c.breakdown !== '') push(groups, `${c.indicator}|${c.period}|${c.breakdown}|${c.field}`, c);
  }
  // Every breakdown of one indicator and period adds up to the same headline: linked tables.
  for (const members of groups.values()) {
    const headline = addressKey(members[0].indicator, members[0].period, '', '', members[0].field);
    if (!cells.has(headline)) continue;
    relations.push({ op: '=', terms: [...members.map((m) => ({ key: m.key, coef: 1 })), { key: headline, coef: -1 }] });
  }
  for (const c of cells.values()) {
    if (c.field !== 'numerator' || indicators.get(c.indicator)?.unit !== 'percent') continue;
    const den = addressKey(c.indicator, c.period, c.breakdown, c.category, 'denominator');
    if (cells.has(den)) relations.push({ op: '<=', terms: [{ key: c.key, coef: 1 }, { key: den, coef: -1 }] });
  }
  // Year-to-date figures only grow within a year; the growth is a monthly count of people.
  for (const [prev, next] of ytdSteps(cells, indicators)) {
    relations.push({ op: '<=', terms: [{ key: prev.key, coef: 1 }, { key: next.key, coef: -1 }] });
  }
  // A rolling 12-month total is the sum of its months, which nobody is shown: between two totals
  // the change is the month entering minus the month leaving, so a 13-period trend puts a floor
  // under its oldest point (the sum of the drops).
  for (const c of cells.values()) {
    if (indicators.get(c.indicator)?.basis !== 'rolling_12_months') continue;
    const terms = [{ key: c.key, coef: 1 }];
    for (const period of twelveMonthsTo(c.period)) {
      const month = addressKey(c.indicator, period, c.breakdown, c.category, c.field) + '|month';
      floors.set(month, 0);
      terms.push({ key: month, coef: -1 });
    }
    relations.push({ op: '=', terms });
  }
  relations.push(...cohortRelations(ws, cells, indicators));
  return relations;
}

/**
 * Indicators declared (catalogue `cohort:`) to count the same children have equal figures in every
 * period and category. Figures that differ mean the declaration or the extract is wrong: an input error.
 */
function cohortRelations(ws: Workspace, cells: Map<string, CountCell>, indicators: Map<string, Indicator>): Relation[] {
  const members = new Map<string, CountCell[]>();
  for (const c of cells.values()) {
    const name = indicators.get(c.indicator)?.cohort?.[c.field];
    if (name) push(members, `${name}|${c.period}|${c.breakdown}|${c.category}`, c);
  }
  const relations: Relation[] = [];
  for (const [group, list] of members) {
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[0], list[i]];
      if (a.raw !== undefined && b.raw !== undefined && a.raw !== b.raw) {
        const [name, period] = group.split('|');
        throw new InputError([
          {
            file: ws.config.paths.catalogue,
            message: `cohort ${name}: indicators ${a.indicator} (${a.field}) and ${b.indicator} (${b.field}) are declared to count the same children, but their ${period}${a.breakdown ? ` ${a.breakdown} ${a.category}` : ''} figures differ`,
            hint: 'correct the extract, or remove the cohort if the indicators count different children',
            severity: 'error',
          },
        ]);
      }
      relations.push({ op: '=', terms: [{ key: a.key, coef: 1 }, { key: b.key, coef: -1 }] });
    }
  }
  return relations;
}

/** Consecutive shown periods of one year-to-date series within a financial year. */
export function ytdSteps(cells: Map<string, CountCell>, indicators: Map<string, Indicator>): [CountCell, CountCell][] {
  const series = new Map<string, CountCell[]>();
  for (const c of cells.values()) {
    const ind = indicators.get(c.indicator);
    if (ind?.basis !== 'year_to_date') continue;
    // The year resets in the indicator's own first month (catalogue `year_start`), not always April.
    push(series, `${c.indicator}|${c.breakdown}|${c.category}|${c.field}|${financialYearStart(c.period, ind.year_start)}`, c);
  }
  const steps: [CountCell, CountCell][] = [];
  for (const list of series.values()) {
    list.sort((a, b) => (a.period < b.period ? -1 : 1));
    for (let i = 1; i < list.length; i++) steps.push([list[i - 1], list[i]]);
  }
  return steps;
}
