/**
 * The counts Part 1 publishes (this month's, and what earlier ledgers showed) as one set of
 * cells, and the linear relations a reader can use between them.
 */
import type { Assessed, Figure } from '../assess/types.js';
import { financialYearStart } from '../format.js';
import type { Indicator, LedgerField, LedgerRow, Month, Outturn, Workspace } from '../types.js';
import type { Relation } from './audit.js';

export interface CellRef {
  indicator: string;
  period: Month;
  breakdown: string;
  category: string;
  field: LedgerField;
}

export function cellKey(c: CellRef): string {
  return `${c.indicator}|${c.period}|${c.breakdown}|${c.category}|${c.field}`;
}

/** A count of people (or cases) that Part 1 shows or once showed. */
export interface CountCell extends CellRef {
  key: string;
  /** The true count; unknown for a ledger cell whose outturn row has gone. */
  raw: number | undefined;
  /** In this month's Part 1. */
  current: boolean;
  /** The value an earlier ledger already published (the public knows it whatever we do now). */
  published?: number;
  /** The ledger month that showed it as suppressed. */
  suppressedIn?: Month;
  /** False where the indicator's figures are not about people. */
  suppressible: boolean;
}

/** Which of a figure's fields are counts of people, by unit (the headline of a count is the count). */
export function countFields(unit: Indicator['unit']): LedgerField[] {
  switch (unit) {
    case 'count':
      return ['value'];
    case 'percent':
      return ['numerator', 'denominator'];
    default:
      return ['numerator'];
  }
}

/** The raw count behind one field of a figure. */
export function countOf(unit: Indicator['unit'], field: LedgerField, fig: Pick<Figure, 'numerator' | 'denominator' | 'value'>): number | null {
  if (field === 'value') return unit === 'count' ? (fig.value ?? fig.numerator) : null;
  return field === 'numerator' ? fig.numerator : fig.denominator;
}

export interface Universe {
  cells: Map<string, CountCell>;
  relations: Relation[];
  /** The relations each cell appears in. */
  byCell: Map<string, Relation[]>;
}

/** Every (figure, breakdown row) an assessment shows, with its place. */
export function shownFigures(a: Assessed['assessments'][number]): { fig: Figure; breakdown: string; category: string }[] {
  const out: { fig: Figure; breakdown: string; category: string }[] = [];
  for (const fig of [a.current, a.previous, a.lastYear, ...a.trend.map((t) => t.figure)]) {
    if (fig) out.push({ fig, breakdown: '', category: '' });
  }
  for (const b of a.breakdowns) out.push({ fig: b, breakdown: b.breakdown, category: b.category });
  return out;
}

function outturnIndex(outturns: Outturn[]): Map<string, Outturn> {
  const index = new Map<string, Outturn>();
  for (const o of outturns) index.set(`${o.indicator}|${o.period}|${o.breakdown ?? ''}|${o.category ?? ''}`, o);
  return index;
}

export function buildUniverse(ws: Workspace, assessed: Assessed): Universe {
  const indicators = new Map(ws.catalogue.indicators.map((i) => [i.id, i]));
  for (const a of assessed.assessments) indicators.set(a.indicator.id, a.indicator);
  const cells = new Map<string, CountCell>();

  for (const a of assessed.assessments) {
    const ind = a.indicator;
    for (const { fig, breakdown, category } of shownFigures(a)) {
      for (const field of countFields(ind.unit)) {
        const raw = countOf(ind.unit, field, fig);
        if (raw === null) continue;
        const ref = { indicator: ind.id, period: fig.period, breakdown, category, field };
        const key = cellKey(ref);
        if (!cells.has(key)) cells.set(key, { ...ref, key, raw, current: true, suppressible: ind.disclosure.suppress });
      }
    }
  }

  // Oldest ledger first, so a later ledger's value is the one the public last saw.
  const outturns = outturnIndex(ws.outturns);
  const ledgerMonths = [...ws.ledgers.keys()].filter((m) => m < assessed.month).sort();
  for (const month of ledgerMonths) {
    for (const row of ws.ledgers.get(month) as LedgerRow[]) {
      const ind = indicators.get(row.indicator);
      if (!ind || !countFields(ind.unit).includes(row.field)) continue;
      const key = cellKey(row);
      const shown = row.shown.trim() === '' ? NaN : Number(row.shown);
      const suppressed = row.shown === ws.config.disclosure.symbols.suppressed;
      if (!Number.isFinite(shown) && !suppressed) continue;
      const o = outturns.get(`${row.indicator}|${row.period}|${row.breakdown}|${row.category}`);
      // A figure the publisher withheld is unknown to everyone: neither published nor ours to protect.
      if (o?.symbols && (o.symbols[row.field] || (row.field === 'value' && ind.unit === 'count' && o.symbols.numerator))) continue;
      let cell = cells.get(key);
      if (!cell) {
        const raw = o ? countOf(ind.unit, row.field, o) : null;
        cell = {
          indicator: row.indicator,
          period: row.period,
          breakdown: row.breakdown,
          category: row.category,
          field: row.field,
          key,
          raw: raw ?? undefined,
          current: false,
          suppressible: ind.disclosure.suppress,
        };
        cells.set(key, cell);
      }
      if (suppressed) cell.suppressedIn ??= month;
      else cell.published = shown;
    }
  }
  // A revised figure: the ledger's value belongs to an earlier vintage, so it says nothing about this one.
  for (const cell of cells.values()) {
    if (cell.published !== undefined && cell.raw !== undefined && cell.published !== cell.raw) delete cell.published;
  }

  const relations = buildRelations(cells, indicators);
  const byCell = new Map<string, Relation[]>();
  for (const r of relations) {
    for (const t of r.terms) {
      const list = byCell.get(t.key) ?? [];
      list.push(r);
      byCell.set(t.key, list);
    }
  }
  return { cells, relations, byCell };
}

function buildRelations(cells: Map<string, CountCell>, indicators: Map<string, Indicator>): Relation[] {
  const relations: Relation[] = [];
  const groups = new Map<string, CountCell[]>();
  for (const c of cells.values()) {
    if (c.breakdown === '') continue;
    const g = `${c.indicator}|${c.period}|${c.breakdown}|${c.field}`;
    groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  // Every breakdown of one indicator and period adds up to the same headline: linked tables.
  for (const members of groups.values()) {
    const headline = cellKey({ ...members[0], breakdown: '', category: '' });
    if (!cells.has(headline)) continue;
    relations.push({ op: '=', terms: [...members.map((m) => ({ key: m.key, coef: 1 })), { key: headline, coef: -1 }] });
  }
  for (const c of cells.values()) {
    if (c.field !== 'numerator' || indicators.get(c.indicator)?.unit !== 'percent') continue;
    const den = cellKey({ ...c, field: 'denominator' });
    if (cells.has(den)) relations.push({ op: '<=', terms: [{ key: c.key, coef: 1 }, { key: den, coef: -1 }] });
  }
  // Year-to-date figures only grow within a financial year; the growth is a monthly count of people.
  for (const [prev, next] of ytdSteps(cells, indicators)) {
    relations.push({ op: '<=', terms: [{ key: prev.key, coef: 1 }, { key: next.key, coef: -1 }] });
  }
  return relations;
}

/** Consecutive shown periods of one year-to-date series within a financial year. */
export function ytdSteps(cells: Map<string, CountCell>, indicators: Map<string, Indicator>): [CountCell, CountCell][] {
  const series = new Map<string, CountCell[]>();
  for (const c of cells.values()) {
    if (indicators.get(c.indicator)?.basis !== 'year_to_date') continue;
    const s = `${c.indicator}|${c.breakdown}|${c.category}|${c.field}|${financialYearStart(c.period)}`;
    series.set(s, [...(series.get(s) ?? []), c]);
  }
  const steps: [CountCell, CountCell][] = [];
  for (const list of series.values()) {
    list.sort((a, b) => (a.period < b.period ? -1 : 1));
    for (let i = 1; i < list.length; i++) steps.push([list[i - 1], list[i]]);
  }
  return steps;
}
