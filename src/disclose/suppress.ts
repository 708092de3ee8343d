/**
 * Primary and secondary suppression of the counts Part 1 shows, proved by the audit:
 * every protected quantity must still be able to take both 1 and the threshold.
 */
import type { Assessed } from '../assess/types.js';
import { InputError } from '../errors.js';
import type { Workspace } from '../types.js';
import { feasibleInterval, type Interval, type Relation, type Term } from './audit.js';
import { buildUniverse, cellKey, shownFigures, ytdSteps, type CellRef, type CountCell, type Universe } from './cells.js';

export interface Suppression {
  kind: 'primary' | 'secondary';
  rule: string;
}

/** A quantity the public must not be able to pin down: a hidden count, a complement, a month's growth. */
interface Target {
  /** The figure named when the audit fails. */
  figure: CellRef;
  terms: Term[];
  what: string;
  /**
   * 'cover': the range must include 1 and the threshold (a small number stays as vague as [c] says).
   * 'inexact': only exact recovery is barred (a once-[c] figure since revised above the threshold).
   */
  criterion: 'cover' | 'inexact';
}

export function describeFigure(c: CellRef): string {
  const where = c.breakdown ? ` ${c.breakdown} ${c.category}` : '';
  return `${c.indicator} ${c.period}${where} ${c.field}`;
}

function byKey<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export interface SuppressionResult {
  /** This month's suppressed counts, by cell key. */
  hidden: Map<string, Suppression>;
  universe: Universe;
}

export async function suppressCounts(ws: Workspace, assessed: Assessed): Promise<SuppressionResult> {
  const rules = ws.config.disclosure;
  const T = rules.threshold;
  const small = (n: number | undefined) => n !== undefined && n >= 1 && n <= T;
  const universe = buildUniverse(ws, assessed);
  const { cells } = universe;
  const hidden = new Map<string, Suppression>();
  const targets: Target[] = [];
  const hide = (key: string, s: Suppression) => {
    if (!hidden.has(key)) hidden.set(key, s);
  };

  for (const cell of [...cells.values()].sort(byKey)) {
    if (!cell.suppressible) continue;
    if (cell.suppressedIn !== undefined) {
      if (cell.current) hide(cell.key, { kind: 'primary', rule: `shown as ${rules.symbols.suppressed} in the published ledger for ${cell.suppressedIn}` });
      targets.push({
        figure: cell,
        terms: [{ key: cell.key, coef: 1 }],
        what: 'a figure suppressed in an earlier ledger',
        criterion: cell.raw === undefined || small(cell.raw) ? 'cover' : 'inexact',
      });
    } else if (cell.current && small(cell.raw)) {
      hide(cell.key, { kind: 'primary', rule: `count from 1 to ${T}` });
      targets.push({ figure: cell, terms: [{ key: cell.key, coef: 1 }], what: `a count from 1 to ${T}`, criterion: 'cover' });
    }
  }

  for (const a of assessed.assessments) {
    const ind = a.indicator;
    if (!ind.disclosure.suppress) continue;
    for (const { fig, breakdown, category } of shownFigures(a)) {
      const ref = { indicator: ind.id, period: fig.period, breakdown, category };
      const num = cellKey({ ...ref, field: 'numerator' });
      if (ind.unit === 'percent' && fig.numerator !== null && fig.denominator !== null) {
        const den = cellKey({ ...ref, field: 'denominator' });
        if (fig.denominator > T && small(fig.denominator - fig.numerator)) {
          // The complement is a count of people: hiding the numerator hides it; the cohort stays.
          hide(num, { kind: 'primary', rule: `complement (denominator − numerator) from 1 to ${T}` });
          targets.push({
            figure: { ...ref, field: 'numerator' },
            terms: [{ key: den, coef: 1 }, { key: num, coef: -1 }],
            what: `a complement from 1 to ${T}`,
            criterion: 'cover',
          });
        } else if (fig.denominator <= rules.min_denominator && fig.numerator > 0) {
          hide(num, { kind: 'primary', rule: `percentage over a denominator of ${rules.min_denominator} or fewer` });
        }
      }
      if ((ind.unit === 'days' || ind.unit === 'ratio') && fig.numerator !== null && fig.numerator > T && fig.numerator <= rules.min_cases) {
        hide(num, { kind: 'primary', rule: `average over ${rules.min_cases} or fewer cases` });
      }
    }
  }

  const indicators = new Map(ws.catalogue.indicators.map((i) => [i.id, i]));
  for (const a of assessed.assessments) indicators.set(a.indicator.id, a.indicator);
  for (const [prev, next] of ytdSteps(cells, indicators)) {
    if (!next.suppressible || prev.raw === undefined || next.raw === undefined || !small(next.raw - prev.raw)) continue;
    if (!next.current || next.published !== undefined) continue;
    hide(next.key, { kind: 'primary', rule: `year-to-date growth from 1 to ${T} since ${prev.period}` });
    targets.push({
      figure: next,
      terms: [{ key: next.key, coef: 1 }, { key: prev.key, coef: -1 }],
      what: `a month's growth from 1 to ${T}`,
      criterion: 'cover',
    });
  }

  targets.sort((x, y) => (cellKey(x.figure) < cellKey(y.figure) ? -1 : 1));
  await protect(ws, universe, hidden, await withoutSettledByLedgers(targets, universe), T);
  return { hidden, universe };
}

/** What the public knows: every shown count, and whatever an earlier ledger already published. */
function knownValues(cells: Map<string, CountCell>, hidden: Map<string, Suppression>): Map<string, number> {
  const known = new Map<string, number>();
  for (const c of cells.values()) {
    if (c.published !== undefined) known.set(c.key, c.published);
    else if (c.current && !hidden.has(c.key) && c.raw !== undefined) known.set(c.key, c.raw);
  }
  return known;
}

/**
 * A once-[c] figure above the threshold was hidden for another figure's sake (a month's growth, a
 * complement), and that figure has its own target. If the earlier ledgers by themselves already
 * pin it down, an earlier paper settled it and nothing this one hides can change that: asking for
 * it to stay inexact would fail every build from now on. A small once-[c] count is never dropped.
 */
async function withoutSettledByLedgers(targets: Target[], universe: Universe): Promise<Target[]> {
  const ledgerKnown = new Map<string, number>();
  for (const c of universe.cells.values()) if (c.published !== undefined) ledgerKnown.set(c.key, c.published);
  const kept: Target[] = [];
  for (const target of targets) {
    if (target.criterion === 'inexact') {
      const { relations } = component(target, universe, ledgerKnown);
      const byLedgers = await feasibleInterval(target.terms, relations, ledgerKnown);
      if (byLedgers !== null && byLedgers.lo === byLedgers.hi) continue;
    }
    kept.push(target);
  }
  return kept;
}

/** The hidden cells reachable from a target through relations, and the relations that bind them. */
function component(target: Target, universe: Universe, known: Map<string, number>): { keys: Set<string>; relations: Relation[] } {
  const keys = new Set<string>();
  const relations = new Set<Relation>();
  const queue = target.terms.map((t) => t.key).filter((k) => !known.has(k));
  while (queue.length > 0) {
    const key = queue.pop() as string;
    if (keys.has(key)) continue;
    keys.add(key);
    for (const r of universe.byCell.get(key) ?? []) {
      relations.add(r);
      for (const t of r.terms) if (!known.has(t.key) && !keys.has(t.key)) queue.push(t.key);
    }
  }
  return { keys, relations: [...relations] };
}

/**
 * Greedy secondary suppression: while some target can be pinned down, hide the smallest non-zero
 * figure bound to it (ties by key), never a zero while a non-zero candidate exists.
 */
async function protect(ws: Workspace, universe: Universe, hidden: Map<string, Suppression>, targets: Target[], T: number): Promise<void> {
  for (;;) {
    const known = knownValues(universe.cells, hidden);
    let failure: { target: Target; interval: Interval | null; relations: Relation[]; keys: Set<string> } | undefined;
    for (const target of targets) {
      const { keys, relations } = component(target, universe, known);
      const touchesPart1 = target.terms.some((t) => universe.cells.get(t.key)?.current) || relations.some((r) => r.terms.some((t) => universe.cells.get(t.key)?.current));
      if (!touchesPart1) continue;
      const interval = await feasibleInterval(target.terms, relations, known);
      // The floor implied by the pattern is at least 1, so it is worked out only when lo is above 1.
      const safe =
        interval !== null &&
        (target.criterion === 'cover'
          ? interval.hi >= T && (interval.lo <= 1 || interval.lo <= (await impliedFloor(target, relations, known)))
          : interval.lo < interval.hi);
      if (!safe) {
        failure = { target, interval, relations, keys };
        break;
      }
    }
    if (!failure) return;
    // Figures that add up with the hidden ones first: hiding a cohort (numerator ≤ denominator) rarely helps.
    const sums = new Set(failure.relations.filter((r) => r.op === '=').flatMap((r) => r.terms.map((t) => t.key)));
    const bounds = new Set([...failure.target.terms.map((t) => t.key), ...failure.relations.flatMap((r) => r.terms.map((t) => t.key))]);
    const eligible = (keys: Set<string>) =>
      [...keys]
        .map((k) => universe.cells.get(k) as CountCell)
        .filter((c) => c.current && c.suppressible && c.raw !== undefined && c.published === undefined && !hidden.has(c.key))
        .sort((a, b) => (a.raw as number) - (b.raw as number) || byKey(a, b));
    const nonZero = (keys: Set<string>) => eligible(keys).filter((c) => c.raw !== 0);
    const chosen = nonZero(sums)[0] ?? nonZero(bounds)[0] ?? eligible(bounds)[0];
    if (!chosen) throw auditFailure(ws, failure.target, failure.interval, T);
    hidden.set(chosen.key, { kind: 'secondary', rule: `complement protecting ${describeFigure(failure.target.figure)}` });
  }
}

/**
 * The least value the [c] symbols alone imply: a total of two hidden categories is at least 2
 * whatever the numbers say, so the cover band's lower end is that, not 1. Computed with every
 * shown figure unknown (from 0), so only what the numbers add is held against the pattern.
 */
async function impliedFloor(target: Target, relations: Relation[], known: Map<string, number>): Promise<number> {
  const floors = new Map([...known.keys()].map((k) => [k, 0]));
  const pattern = await feasibleInterval(target.terms, relations, new Map(), floors);
  return Math.max(1, pattern?.lo ?? 1);
}

function auditFailure(ws: Workspace, target: Target, interval: Interval | null, T: number): InputError {
  const f = target.figure;
  const row = ws.outturns.find((o) => o.indicator === f.indicator && o.period === f.period && (o.breakdown ?? '') === f.breakdown && (o.category ?? '') === f.category);
  const needed = target.criterion === 'cover' ? `the range must include both 1 and ${T}` : 'it must not be recoverable exactly';
  const pinned = interval ? `the published figures pin it to ${interval.lo === interval.hi ? interval.lo : `${interval.lo}–${interval.hi}`}` : 'the published figures contradict each other';
  return new InputError([
    {
      file: ws.config.paths.outturns,
      line: row?.line,
      // Which range, and what kind of figure it is, are facts about hidden figures: a terminal only.
      message: `disclosure audit failed for ${describeFigure(f)}: no other figure Part 1 shows can be suppressed to protect it`,
      withFigures: `disclosure audit failed for ${describeFigure(f)} (${target.what}): ${pinned}, and no other figure Part 1 shows can be suppressed to protect it; ${needed}`,
      hint: 'check the outturns and the published ledgers for this figure',
      severity: 'error',
    },
  ]);
}
