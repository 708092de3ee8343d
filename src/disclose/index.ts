/**
 * Part 1's disclosure control: the suppressed view of the assessed figures, proved safe by the
 * audit, with everything derived (RAG, direction, benchmarks, exceptions) computed from shown cells only.
 */
import { assessMonth } from '../assess/index.js';
import { compareToBenchmark, directionsFor, ragFor } from '../assess/rag.js';
import type { Assessed, Assessment, Figure } from '../assess/types.js';
import { InputError } from '../errors.js';
import { shownNumber, symbolText } from '../format.js';
import type { FigureAddress, Indicator, LedgerField, LedgerRow, Month, Workspace } from '../types.js';
import { addressKey, cellKey, type PriorViews } from './cells.js';
import { sha256, sha256Hash } from '../lib/hash.js';
import { lintCommentary } from './lint.js';
import { suppressCounts, type Suppression } from './suppress.js';
import type { Cell, Disclosed, PublicAssessment, PublicFigure, SuppressionRecord } from './types.js';

export { lintPublicText } from './lint.js';

const UNIT_WORD: Record<Indicator['unit'], string> = {
  percent: 'percentage',
  count: 'count',
  rate: 'rate',
  days: 'average',
  ratio: 'ratio',
};

export async function disclose(ws: Workspace, assessed: Assessed): Promise<Disclosed> {
  return discloseWith(ws, assessed, await priorViews(ws, assessed.month));
}

/**
 * What every earlier month's Part 1 showed, as anyone may hold it: its recorded ledger, or, for a
 * month with a meeting but no ledger, the Part 1 that month's build would have shown (derived from
 * the extract, oldest first, each against the ones before it, as a batch builds them). A month
 * whose build would have failed published nothing.
 */
async function priorViews(ws: Workspace, month: Month): Promise<PriorViews> {
  const ledgers = new Map<Month, LedgerRow[]>();
  const derived = new Set<Month>();
  const months = new Set([...ws.ledgers.keys(), ...Object.keys(ws.config.meetings)]);
  // A month's derived view is decided by the inputs below and the ledgers recorded before it:
  // the chain of their digests names it, so a workspace loaded again with the same figures (the
  // preview after each save, a batch's later months) reuses it instead of auditing it again.
  // Worked out only when a month has to be derived: with every earlier month recorded (or none
  // with a meeting) nothing is hashed, where the extract alone was 200 MB of JSON on a million rows.
  let chain: string | undefined;
  const recordedSince: [Month, LedgerRow[]][] = [];
  const chainNow = (): string => {
    chain ??= baseKey(ws);
    for (const [m, recorded] of recordedSince.splice(0)) chain = sha256(`${chain}\0${m}\0${JSON.stringify(recorded)}`);
    return chain;
  };
  for (const m of [...months].filter((m) => m < month).sort()) {
    const recorded = ws.ledgers.get(m);
    if (recorded) {
      ledgers.set(m, recorded);
      recordedSince.push([m, recorded]);
      continue;
    }
    const key = `${chainNow()}\0${m}`;
    if (!derivedViews.has(key)) {
      // Only the figures are wanted: the month's commentary is not linted (whatever it says, the
      // figures are what that month's Part 1 showed).
      const view = await discloseWith(ws, assessMonth(ws, m), { ledgers: new Map(ledgers), derived: new Set(derived) }, false).then(
        (d) => d.figures,
        (e: unknown) => {
          if (e instanceof InputError) return null;
          throw e;
        },
      );
      remember(key, view);
    }
    const view = derivedViews.get(key);
    if (view) {
      ledgers.set(m, view);
      derived.add(m);
    }
  }
  return { ledgers, derived };
}

/**
 * Views derived for months without a ledger, by what decides them. Bounded: the oldest go first
 * (a long preview session loads the workspace on every save).
 */
const derivedViews = new Map<string, LedgerRow[] | null>();
const DERIVED_VIEWS_KEPT = 256;

/** Forgets every derived view, so the next build works each out again (to compare two ways of doing so). */
export function forgetDerivedViews(): void {
  derivedViews.clear();
}

function remember(key: string, view: LedgerRow[] | null): void {
  derivedViews.set(key, view);
  for (const oldest of derivedViews.keys()) {
    if (derivedViews.size <= DERIVED_VIEWS_KEPT) break;
    derivedViews.delete(oldest);
  }
}

/**
 * Everything but the ledgers that a derived view depends on: the extract, the catalogue, the
 * disclosure settings and which months have meetings (not fixed text or commentary). A loaded
 * workspace's inputs are not changed after loading (only its ledgers grow, in a batch), so this
 * is worked out once per workspace.
 */
function baseKey(ws: Workspace): string {
  let key = baseKeys.get(ws);
  if (key === undefined) {
    // Row by row, in pieces of about a megabyte: one JSON text of a million-row extract was 200 MB
    // to build and hash at once.
    const hash = sha256Hash().update(JSON.stringify([ws.catalogue, ws.config.disclosure, Object.keys(ws.config.meetings).sort()]));
    let piece = '';
    for (const row of ws.outturns) {
      piece += `\0${JSON.stringify(row)}`;
      if (piece.length > 1 << 20) {
        hash.update(piece);
        piece = '';
      }
    }
    key = hash.update(piece).digest('hex');
    baseKeys.set(ws, key);
  }
  return key;
}
const baseKeys = new WeakMap<Workspace, string>();

async function discloseWith(ws: Workspace, assessed: Assessed, prior: PriorViews, lint = true): Promise<Disclosed> {
  const rules = ws.config.disclosure;
  const { hidden } = await suppressCounts(ws, assessed, prior);
  const log = new Map<string, SuppressionRecord>();
  const figures = new Map<string, LedgerRow>();

  const record = (ref: FigureAddress, cell: Cell) => {
    const key = cellKey(ref);
    if (!figures.has(key)) figures.set(key, { ...ref, shown: 'shown' in cell ? cell.shown : cell.suppressed });
  };
  const suppress = (ref: FigureAddress, s: Suppression): Cell => {
    const key = cellKey(ref);
    if (!log.has(key)) log.set(key, { ...ref, ...s });
    return { suppressed: rules.symbols.suppressed };
  };

  const countCell = (ref: FigureAddress, n: number): Cell => {
    const s = hidden.get(cellKey(ref));
    const cell = s ? suppress(ref, s) : { shown: String(n) };
    record(ref, cell);
    return cell;
  };

  /** Why a derived figure cannot be shown, from the counts it is made of; undefined when it can. */
  const derivedSuppression = (ind: Indicator, fig: Figure, at: Omit<FigureAddress, 'field'>): Suppression | undefined => {
    const because = (field: LedgerField) => {
      const s = hidden.get(addressKey(at.indicator, at.period, at.breakdown, at.category, field));
      return s && { kind: s.kind, rule: `${UNIT_WORD[ind.unit]} of a suppressed ${field}` };
    };
    switch (ind.unit) {
      case 'count':
        return hidden.get(addressKey(at.indicator, at.period, at.breakdown, at.category, 'value'));
      case 'percent':
        return (
          because('numerator') ??
          because('denominator') ??
          (fig.denominator !== null && fig.denominator <= rules.min_denominator
            ? { kind: 'primary', rule: `percentage over a denominator of ${rules.min_denominator} or fewer` }
            : undefined)
        );
      case 'rate': {
        const implied = impliedCount(ind, fig);
        if (fig.numerator === null && implied !== null && implied >= 1 && implied <= rules.threshold)
          return { kind: 'primary', rule: `rate whose count is from 1 to ${rules.threshold}` };
        return because('numerator');
      }
      default:
        return because('numerator');
    }
  };

  const publicFigure = (ind: Indicator, fig: Figure, breakdown: string, category: string): PublicFigure => {
    const at = { indicator: ind.id, period: fig.period, breakdown, category };
    const valueRef = { ...at, field: 'value' as const };
    let value: Cell;
    const withheld = fig.symbols?.value ?? fig.symbols?.numerator ?? fig.symbols?.denominator;
    if (fig.value === null && withheld) value = { suppressed: symbolText(rules.symbols, withheld), source: true };
    else if (fig.value === null) value = { suppressed: rules.symbols.not_available };
    else {
      const s = ind.disclosure.suppress ? derivedSuppression(ind, fig, at) : undefined;
      if (s) value = suppress(valueRef, s);
      else {
        const shown = ind.unit === 'count' ? String(fig.value) : shownNumber(fig.value, ind.decimals);
        const events = ind.unit === 'rate' ? impliedCount(ind, fig) : null;
        value = events !== null && events < rules.rate_reliability_events ? { shown, flag: rules.symbols.low_reliability } : { shown };
      }
    }
    record(valueRef, value);
    const out: PublicFigure = { period: fig.period, value };
    const sourceCell = (field: LedgerField, symbol: NonNullable<Figure['symbols']>[LedgerField]): Cell => {
      const cell: Cell = { suppressed: symbolText(rules.symbols, symbol!), source: true };
      record({ ...at, field }, cell);
      return cell;
    };
    if (ind.unit !== 'count' && fig.numerator !== null) out.numerator = countCell({ ...at, field: 'numerator' }, fig.numerator);
    else if (ind.unit !== 'count' && fig.symbols?.numerator) out.numerator = sourceCell('numerator', fig.symbols.numerator);
    if (ind.unit === 'percent' && fig.denominator !== null) out.denominator = countCell({ ...at, field: 'denominator' }, fig.denominator);
    else if (ind.unit === 'percent' && fig.symbols?.denominator) out.denominator = sourceCell('denominator', fig.symbols.denominator);
    return out;
  };

  const assessments = assessed.assessments.map((a) => publicAssessment(a, publicFigure, rules.symbols.suppressed));
  const exceptions = assessments
    .filter((a) => (a.rag === 'amber' || a.rag === 'red') && a.newFigure)
    .sort((x, y) => x.indicator.number - y.indicator.number)
    .map((a) => a.indicator.id);

  return {
    public: {
      month: assessed.month,
      assessments,
      exceptions,
      anyHeadlineSuppressed: assessments.some((a) => a.headlineSuppressed),
    },
    log: [...log.values()],
    figures: [...figures.values()],
    warnings: lint ? lintCommentary(ws, assessed, { log: [...log.values()], figures: [...figures.values()] }) : [],
  };
}

/** The events behind a rate: its numerator, or the count the public population gives back. */
function impliedCount(ind: Indicator, fig: Figure): number | null {
  if (fig.numerator !== null) return fig.numerator;
  if (fig.value === null || !fig.population) return null;
  return Math.round((fig.value * fig.population) / (ind.rate_per ?? 10_000));
}

function shownValue(fig: PublicFigure | null): number | null {
  return fig && 'shown' in fig.value ? Number(fig.value.shown) : null;
}

function publicAssessment(
  a: Assessment,
  publicFigure: (ind: Indicator, fig: Figure, breakdown: string, category: string) => PublicFigure,
  suppressedSymbol: string,
): PublicAssessment {
  const ind = a.indicator;
  const pub = (fig: Figure | null) => (fig ? publicFigure(ind, fig, '', '') : null);
  const current = pub(a.current);
  const previous = pub(a.previous);
  const lastYear = pub(a.lastYear);
  const trend = a.trend.map((t) => ({ period: t.period, figure: pub(t.figure) }));
  const breakdowns = a.breakdowns.map((b) => ({ ...publicFigure(ind, b, b.breakdown, b.category), breakdown: b.breakdown, category: b.category }));
  const headlineSuppressed = current !== null && 'suppressed' in current.value && current.value.suppressed === suppressedSymbol && !current.value.source;
  const now = shownValue(current);
  return {
    indicator: ind,
    month: a.month,
    current,
    previous,
    lastYear,
    trend,
    breakdowns,
    rag: headlineSuppressed ? 'suppressed' : ragFor(ind, now),
    ...(headlineSuppressed
      ? { direction: 'not_comparable' as const, direction_year: 'not_comparable' as const }
      : directionsFor(ind, { previous: shownValue(previous), lastYear: shownValue(lastYear), now })),
    benchmarks: ind.benchmarks.map((b) => ({
      name: b.name,
      value: b.value,
      period: b.period,
      comparison: headlineSuppressed ? 'not_comparable' : compareToBenchmark(ind, now, b.value),
    })),
    headlineSuppressed,
    newFigure: a.newFigure,
  };
}

