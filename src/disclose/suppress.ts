/**
 * Primary and secondary suppression of the counts Part 1 shows (the suppression pattern), proved
 * by the audit: every figure hidden by a rule, in this month or any earlier month's Part 1, has a
 * protection target that must still be able to take both 1 and the threshold (or, for figures
 * hidden for the size of their group rather than their own size, must not be recoverable).
 *
 * Secondary suppressions are chosen by a rule that depends only on what Part 1 shows and on the
 * catalogue: among the figures bound to an unprotected target, the one nearest to it in Part 1's
 * own order (the next category, the next period), never by the hidden values themselves, so a
 * reader who replays the tool over candidate values learns nothing from which figures were chosen.
 */
import type { Assessed } from '../assess/types.js';
import { InputError } from '../errors.js';
import type { FigureAddress, Workspace } from '../types.js';
import { attack, type Interval, type Relation, type Term } from './audit.js';
import { addressKey, buildUniverse, cellKey, ytdSteps, type CountCell, type PriorViews, type Universe } from './cells.js';

export interface Suppression {
  kind: 'primary' | 'secondary';
  rule: string;
}

/** A quantity the public must not be able to pin down: a hidden count, a complement, a month's growth. */
interface Target {
  /** The figure named when the audit fails. */
  figure: FigureAddress;
  terms: Term[];
  what: string;
  /**
   * 'cover': the range must include 1 and the threshold (a small number stays as vague as [c] says).
   * 'inexact': only exact recovery is barred (a figure hidden for its group's size, not its own,
   * or a once-[c] figure since revised above the threshold).
   */
  criterion: 'cover' | 'inexact';
}

export function describeFigure(c: FigureAddress): string {
  const where = c.breakdown ? ` ${c.breakdown} ${c.category}` : '';
  return `${c.indicator} ${c.period}${where} ${c.field}`;
}

/** Whole months from `from` to `to` (negative when `to` is earlier). */
function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

function byKey<T extends { key: string }>(a: T, b: T): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

export interface SuppressionResult {
  /** This month's suppressed counts, by cell key. */
  hidden: Map<string, Suppression>;
  universe: Universe;
}

export async function suppressCounts(ws: Workspace, assessed: Assessed, prior: PriorViews): Promise<SuppressionResult> {
  const rules = ws.config.disclosure;
  const T = rules.threshold;
  const small = (n: number | undefined) => n !== undefined && n >= 1 && n <= T;
  const universe = buildUniverse(ws, assessed, prior);
  const { cells, indicators } = universe;
  const hidden = new Map<string, Suppression>();
  const targets = new Map<string, Target>();
  const hide = (key: string, s: Suppression) => {
    if (!hidden.has(key)) hidden.set(key, s);
  };
  /** A cell hidden now or in an earlier month's Part 1: what the public sees as [c]. */
  const hiddenAnywhere = (c: CountCell | undefined) => c !== undefined && (c.suppressedIn !== undefined || (c.current && c.published === undefined));
  /** The rule hides a figure of this month's Part 1 unless an earlier month already published it. */
  const hideNow = (c: CountCell | undefined, s: Suppression) => {
    if (c && c.current && c.published === undefined && c.suppressible) hide(c.key, s);
  };
  const addTarget = (t: Target) => {
    const key = `${cellKey(t.figure)}|${t.what}`;
    if (!targets.has(key)) targets.set(key, t);
  };
  const cover = (c: CountCell, what: string): Target => ({ figure: c, terms: [{ key: c.key, coef: 1 }], what, criterion: 'cover' });

  // The cells in key order, for the passes below to hide and target them in an order of their own.
  const ordered = [...cells.values()].sort(byKey);

  // A figure an earlier month hid stays hidden, for that reason first (the exempt log says which
  // month, and whether it was a recorded ledger or the Part 1 that month's build would have shown).
  const sources = new Map<string, string>();
  for (const cell of ordered) {
    if (!cell.suppressible || cell.suppressedIn === undefined) continue;
    const source = prior.derived.has(cell.suppressedIn)
      ? `hidden in the Part 1 that ${cell.suppressedIn}'s build would have shown (no ledger recorded)`
      : `shown as ${rules.symbols.suppressed} in the published ledger for ${cell.suppressedIn}`;
    sources.set(cell.key, source);
    if (cell.current) hide(cell.key, { kind: 'primary', rule: source });
  }

  // The threshold, for every count Part 1 shows now or showed before.
  for (const cell of ordered) {
    if (!cell.suppressible || !small(cell.raw)) continue;
    hideNow(cell, { kind: 'primary', rule: `count from 1 to ${T}` });
    if (hiddenAnywhere(cell)) addTarget(cover(cell, `a count from 1 to ${T}`));
  }

  // Derived figures, from the counts they are made of, in every month anyone can hold.
  const figureCells = new Map<string, { num?: CountCell; den?: CountCell }>();
  for (const c of cells.values()) {
    if (c.field === 'value') continue;
    const at = `${c.indicator}|${c.period}|${c.breakdown}|${c.category}`;
    const entry = figureCells.get(at) ?? {};
    if (c.field === 'numerator') entry.num = c;
    else entry.den = c;
    figureCells.set(at, entry);
  }
  const valueOf = (c: CountCell | undefined) => c?.raw ?? c?.published;
  for (const { num, den } of figureCells.values()) {
    const ind = indicators.get((num ?? den)!.indicator);
    if (!ind?.disclosure.suppress || !num) continue;
    const n = valueOf(num);
    const d = valueOf(den);
    if (ind.unit === 'percent' && den && n !== undefined && d !== undefined) {
      if (d > T && small(d - n)) {
        // The complement is a count of people: hiding the numerator hides it; the cohort stays.
        hideNow(num, { kind: 'primary', rule: `complement (denominator − numerator) from 1 to ${T}` });
        if (hiddenAnywhere(num)) {
          addTarget({ figure: num, terms: [{ key: den.key, coef: 1 }, { key: num.key, coef: -1 }], what: `a complement from 1 to ${T}`, criterion: 'cover' });
        }
      } else if (d <= rules.min_denominator && (n > 0 || rules.group_disclosure === 'hide')) {
        hideNow(num, { kind: 'primary', rule: `percentage over a denominator of ${rules.min_denominator} or fewer` });
        if (hiddenAnywhere(num) && !small(n)) {
          addTarget({ figure: num, terms: [{ key: num.key, coef: 1 }], what: `the numerator of a percentage over ${rules.min_denominator} or fewer`, criterion: 'inexact' });
        }
      }
    }
    if ((ind.unit === 'days' || ind.unit === 'ratio') && n !== undefined && n > T && n <= rules.min_cases) {
      hideNow(num, { kind: 'primary', rule: `average over ${rules.min_cases} or fewer cases` });
      if (hiddenAnywhere(num)) addTarget({ figure: num, terms: [{ key: num.key, coef: 1 }], what: `the cases of an average over ${rules.min_cases} or fewer`, criterion: 'inexact' });
    }
  }

  // A month's year-to-date growth is a count of people; the month before may be known only from a ledger.
  for (const [prev, next] of ytdSteps(cells, indicators)) {
    const before = valueOf(prev);
    if (!next.suppressible || before === undefined || next.raw === undefined || !small(next.raw - before)) continue;
    hideNow(next, { kind: 'primary', rule: `year-to-date growth from 1 to ${T} since ${prev.period}` });
    if (hiddenAnywhere(next)) {
      addTarget({ figure: next, terms: [{ key: next.key, coef: 1 }, { key: prev.key, coef: -1 }], what: `a month's growth from 1 to ${T}`, criterion: 'cover' });
    }
  }

  // One hidden then for no rule above (a complement chosen then, or since revised) must at least not be recoverable now.
  const targeted = new Set([...targets.values()].map((t) => cellKey(t.figure)));
  for (const cell of ordered) {
    if (!sources.has(cell.key) || targeted.has(cell.key)) continue;
    addTarget({ ...cover(cell, 'a figure suppressed in an earlier month'), criterion: cell.raw === undefined ? 'cover' : 'inexact' });
  }

  const sorted = [...targets.values()]
    .map((t) => ({ key: cellKey(t.figure), t }))
    .sort(byKey)
    .map(({ t }) => t);
  await protect(ws, universe, hidden, await withoutSettledByLedgers(sorted, universe), T, prior.derived);
  groupDisclosure(ws, universe, hidden);
  return { hidden, universe };
}

/**
 * With `group_disclosure: hide`, a percentage whose denominator Part 1 hides shows no numerator
 * either, whatever it is: "0 of [c]" would say that none of a small group did, "n of [c]" bounds the group.
 * Hiding more never narrows what a reader can work out, so the audit above still holds.
 */
function groupDisclosure(ws: Workspace, universe: Universe, hidden: Map<string, Suppression>): void {
  if (ws.config.disclosure.group_disclosure !== 'hide') return;
  for (const c of universe.cells.values()) {
    if (c.field !== 'denominator' || !c.current || !hidden.has(c.key)) continue;
    const num = universe.cells.get(addressKey(c.indicator, c.period, c.breakdown, c.category, 'numerator'));
    if (num && num.current && num.published === undefined && num.suppressible && !hidden.has(num.key)) {
      hidden.set(num.key, { kind: 'secondary', rule: 'numerator of a percentage over a suppressed denominator (group disclosure)' });
    }
  }
}

/** What the public knows: every shown count, and whatever an earlier month already published. */
function knownValues(cells: Map<string, CountCell>, hidden: Map<string, Suppression>): Map<string, number> {
  const known = new Map<string, number>();
  for (const c of cells.values()) {
    if (c.published !== undefined) known.set(c.key, c.published);
    else if (c.current && !hidden.has(c.key) && c.raw !== undefined) known.set(c.key, c.raw);
  }
  return known;
}

/**
 * The least value a reader knows each hidden figure has: 1 (zeros are shown), but 0 for the months
 * inside a rolling total and, with `group_disclosure: hide`, for a numerator whose denominator is
 * hidden or at most `min_denominator` (Part 1 hides those whatever they are).
 */
function floorsFor(ws: Workspace, universe: Universe, hidden: Map<string, Suppression>): Map<string, number> {
  const floors = new Map(universe.floors);
  const rules = ws.config.disclosure;
  if (rules.group_disclosure !== 'hide') return floors;
  for (const c of universe.cells.values()) {
    if (c.field !== 'denominator') continue;
    const small = hidden.has(c.key) || c.suppressedIn !== undefined || (c.raw ?? c.published ?? Infinity) <= rules.min_denominator;
    if (small) floors.set(addressKey(c.indicator, c.period, c.breakdown, c.category, 'numerator'), 0);
  }
  return floors;
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
  const componentOf = componentsUnder(universe, ledgerKnown);
  const kept: Target[] = [];
  for (const target of targets) {
    if (target.criterion === 'inexact' && target.what === 'a figure suppressed in an earlier month') {
      const { relations } = componentOf(target);
      const byLedgers = await attack(target.terms, relations, ledgerKnown, universe.floors);
      if (byLedgers !== null && byLedgers.low === byLedgers.up) continue;
    }
    kept.push(target);
  }
  return kept;
}

/** The hidden cells reachable from some cells through relations, and the relations that bind them. */
interface Component {
  keys: Set<string>;
  relations: Relation[];
}

function reach(from: string[], universe: Universe, known: Map<string, number>): Component {
  const keys = new Set<string>();
  const relations = new Set<Relation>();
  const queue = [...from];
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
 * The hidden cells reachable from a target's, for many targets under the same `known`. Hidden
 * cells fall into connected groups, every cell of a group reaching the same cells and relations,
 * so a group is walked once and shared by every target inside it (on a workspace of 200
 * indicators a month had 23,000 targets in groups of about 30 cells). A target whose hidden cells
 * lie in two groups gets a walk of its own, never a group it does not reach: a relation it is not
 * bound to could still make the figures infeasible.
 */
function componentsUnder(universe: Universe, known: Map<string, number>): (target: Target) => Component {
  const groups = new Map<string, Component>();
  return (target) => {
    const from = target.terms.map((t) => t.key).filter((k) => !known.has(k));
    if (from.length === 0) return reach(from, universe, known);
    let group = groups.get(from[0]);
    if (!group) {
      group = reach([from[0]], universe, known);
      for (const k of group.keys) groups.set(k, group);
    }
    return from.every((k) => group.keys.has(k)) ? group : reach(from, universe, known);
  };
}

/**
 * Secondary suppression: while some target can be pinned down, hide the figure bound to it that
 * comes first in Part 1's own order (see `structuralOrder`), never a zero while another candidate
 * exists (a zero stays shown, so skipping it tells nothing).
 */
async function protect(ws: Workspace, universe: Universe, hidden: Map<string, Suppression>, targets: Target[], T: number, derived: ReadonlySet<string>): Promise<void> {
  // Suppressing more never narrows an interval, so a target found safe stays safe.
  const settled = new Set<Target>();
  const order = positionsOf(universe);
  for (;;) {
    const known = knownValues(universe.cells, hidden);
    const floors = floorsFor(ws, universe, hidden);
    const componentOf = componentsUnder(universe, known);
    let failure: Failure | undefined;
    for (const target of targets) {
      if (settled.has(target)) continue;
      const { relations } = componentOf(target);
      // Where this paper shows nothing new beside the target, the reader knows only what earlier
      // papers gave them. A month whose view was derived here passed this audit itself; a recorded
      // ledger is checked again, since it may already give a figure away (the build then fails).
      const isNew = (key: string) => known.has(key) && universe.cells.get(key)?.current === true && universe.cells.get(key)?.published === undefined;
      const recorded = (key: string) => {
        const month = universe.cells.get(key)?.suppressedIn;
        return month !== undefined && !derived.has(month);
      };
      const any = (p: (key: string) => boolean) => target.terms.some((t) => p(t.key)) || relations.some((r) => r.terms.some((t) => p(t.key)));
      const inPart1 = (key: string) => universe.cells.get(key)?.current === true;
      if (!any(isNew) && !(target.terms.some((t) => recorded(t.key)) && any(inPart1))) {
        settled.add(target);
        continue;
      }
      const interval = await attack(target.terms, relations, known, floors);
      const safe =
        interval !== null &&
        (target.criterion === 'cover'
          ? (interval.low <= 1 && interval.up >= T) || (await withinReach(interval, target, relations, known, floors, universe, T))
          : interval.low < interval.up);
      if (!safe) {
        failure = { target, interval, relations };
        break;
      }
      if (target.criterion === 'cover' && target.terms.length === 1) {
        // The reader who replays the tool: the same range must hold with the pattern kept as it is.
        // (A complement or a month's growth is hidden whatever side of the threshold its parts
        // fall, so bounding those parts would stand for nothing the reader knows.)
        const replay = replayBounds(target, relations, known, floors, hidden, universe, T);
        const want = { low: Math.max(1, interval.low), up: Math.min(T, interval.up) };
        const replayed = await replayRange(target, relations, known, replay, T);
        if (!replay.slack || !covers(replayed, want)) {
          failure = { target, interval: hull(replayed), relations, replay: { ...replay, want } };
          break;
        }
      }
      settled.add(target);
    }
    if (!failure) return;
    const candidates = structuralOrder(failure.target, failure.relations, universe, hidden, order);
    // Against the replaying reader only figures above the threshold help (a hidden zero is one
    // more small figure). Where none is left, as when a whole table is small, the table itself
    // tells the reader its figures are small: no pattern could say less, and the plain audit holds.
    const usable = failure.replay ? candidates.filter((c) => (c.raw ?? 0) > T) : candidates;
    if (failure.replay && usable.length === 0) {
      settled.add(failure.target);
      continue;
    }
    const chosen = await firstThatHelps(failure, usable, known, floors, T);
    if (!chosen) throw auditFailure(ws, failure.target, failure.interval, T);
    hidden.set(chosen.key, { kind: 'secondary', rule: `complement protecting ${describeFigure(failure.target.figure)}` });
  }
}

/** A target the pattern does not protect yet; `replay` when only a reader replaying the tool could narrow it. */
interface Failure {
  target: Target;
  interval: Interval | null;
  relations: Relation[];
  replay?: ReplayBounds & { want: Interval };
}

/**
 * What a reader who replays the tool over candidate values knows of each hidden figure, beyond
 * the published relations: a candidate reproduces this Part 1 only if every figure hidden as
 * small stays small (at most the threshold) and some complement stays a complement (above it;
 * the others may turn small, the pattern still having a figure that is not). Keeping each
 * target's range under these bounds means that for every value it can take there is such a
 * candidate: the suppression rule, which reads nothing else (see `structuralOrder`), then hides
 * the very same figures. Figures that nobody is shown (the months inside a rolling total) keep
 * their own floors.
 */
interface ReplayBounds {
  floors: Map<string, number>;
  ceilings: Map<string, number>;
  /** The complements above the threshold: in each candidate, one of them at least stays so. */
  large: string[];
  /**
   * False where two or more figures bound to the target are hidden, every one of them small, while
   * a figure beside the target in one of its sums (another category, not the total) is shown
   * above the threshold. Whether such a pattern stands hangs on the small figures' sum, which no
   * reader sees once a complement is added: a reader could rule out the values for which the tool
   * would have stopped without one. So it never stands, and its first complement is chosen by
   * position alone. A table whose every category is small has no such figure whatever its
   * values, so the same test decides it for every candidate a reader might replay.
   */
  slack: boolean;
}

function replayBounds(
  target: Target,
  relations: Relation[],
  known: Map<string, number>,
  floors: Map<string, number>,
  hidden: Map<string, Suppression>,
  universe: Universe,
  T: number,
): ReplayBounds {
  const bounds: ReplayBounds = { floors, ceilings: new Map(), large: [], slack: false };
  const keys = new Set([...target.terms, ...relations.flatMap((r) => r.terms)].map((t) => t.key));
  const hiddenKeys = [...keys].filter((key) => !known.has(key));
  let onlySmall = true;
  for (const key of hiddenKeys) {
    const raw = universe.cells.get(key)?.raw;
    if (universe.floors.get(key) === 0 || raw === undefined) {
      onlySmall = false;
      continue;
    }
    if (raw >= 1 && raw <= T) bounds.ceilings.set(key, T);
    else {
      onlySmall = false;
      if (raw > T && hidden.get(key)?.kind === 'secondary') bounds.large.push(key);
    }
  }
  const own = new Set(target.terms.map((t) => t.key));
  const besideAndLarge = relations.some((r) => {
    if (r.op !== '=') return false;
    const side = r.terms.find((t) => own.has(t.key));
    return side !== undefined && r.terms.some((t) => Math.sign(t.coef) === Math.sign(side.coef) && (known.get(t.key) ?? 0) > T);
  });
  // One small figure alone is pinned by any equation it is in, whatever its value: nothing to replay.
  bounds.slack = !onlySmall || hiddenKeys.length < 2 || !besideAndLarge;
  return bounds;
}

/** The target's ranges under the replaying reader's bounds, one for each complement that stays above the threshold. */
async function replayRange(target: Target, relations: Relation[], known: Map<string, number>, bounds: ReplayBounds, T: number): Promise<Interval[]> {
  const branches = bounds.large.length === 0 ? [bounds.floors] : bounds.large.map((k) => new Map(bounds.floors).set(k, T + 1));
  const ranges: Interval[] = [];
  for (const f of branches) {
    const range = await attack(target.terms, relations, known, f, bounds.ceilings);
    if (range !== null) ranges.push(range);
  }
  return ranges;
}

/** Whether every value from `want.low` to `want.up` lies in one of the ranges. */
function covers(ranges: Interval[], want: Interval): boolean {
  for (let v = want.low; v <= want.up; v++) if (!ranges.some((r) => r.low <= v && v <= r.up)) return false;
  return true;
}

function hull(ranges: Interval[]): Interval | null {
  return ranges.length === 0 ? null : { low: Math.min(...ranges.map((r) => r.low)), up: Math.max(...ranges.map((r) => r.up)) };
}

/** How many candidates are tried before settling for the first in order. */
const TRIALS = 8;

/**
 * The first candidate (in structural order) whose suppression widens the failing target's
 * interval, judged with the figures that stay shown; the first in order if none does by itself.
 */
async function firstThatHelps(failure: Failure, candidates: CountCell[], known: Map<string, number>, floors: Map<string, number>, T: number): Promise<CountCell | undefined> {
  const before = failure.interval;
  // Only a move on the side that falls short counts: widening the other side protects nothing.
  const cover = failure.target.criterion === 'cover';
  const want = failure.replay?.want ?? { low: 1, up: T };
  const lowShort = before !== null && (!cover || before.low > want.low);
  const upShort = before !== null && (!cover || before.up < want.up);
  for (const c of candidates.slice(0, TRIALS)) {
    if (before === null || (failure.replay && !failure.replay.slack)) break;
    const without = new Map(known);
    without.delete(c.key);
    const replay = failure.replay;
    // Hidden, a candidate above the threshold is a complement to the replaying reader.
    const after = replay
      ? hull(await replayRange(failure.target, failure.relations, without, { ...replay, large: c.raw !== undefined && c.raw > T ? [...replay.large, c.key] : replay.large }, T))
      : await attack(failure.target.terms, failure.relations, without, floors);
    if (after !== null && ((lowShort && after.low < before.low) || (upShort && after.up > before.up))) return c;
  }
  return candidates[0];
}

/**
 * The figures that may be suppressed to protect a target, best first, by where they stand in
 * Part 1 and never by their hidden values: figures adding up with the target's own before those
 * bound to it otherwise; non-zero before zero (a zero is shown, so passing over it is public);
 * the target's own field, indicator and period before others, the next period before the one
 * before; then the next category in Part 1's order after the target's, wrapping round.
 */
/** How many categories each breakdown table of a figure field has, for counting positions round it. */
function positionsOf(universe: Universe): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const c of universe.cells.values()) {
    const g = `${c.indicator}|${c.period}|${c.breakdown}|${c.field}`;
    sizes.set(g, Math.max(sizes.get(g) ?? 0, c.position + 1));
  }
  return sizes;
}

function structuralOrder(target: Target, relations: Relation[], universe: Universe, hidden: Map<string, Suppression>, sizes: Map<string, number>): CountCell[] {
  const own = new Set(target.terms.map((t) => t.key));
  const direct = new Set(relations.filter((r) => r.op === '=' && r.terms.some((t) => own.has(t.key))).flatMap((r) => r.terms.map((t) => t.key)));
  const sums = new Set(relations.filter((r) => r.op === '=').flatMap((r) => r.terms.map((t) => t.key)));
  const bound = new Set([...own, ...relations.flatMap((r) => r.terms.map((t) => t.key))]);
  const f = target.figure;
  const targetPosition = universe.cells.get(cellKey(f))?.position ?? -1;
  const rank = (c: CountCell): number[] => {
    const months = monthsBetween(f.period, c.period);
    const size = sizes.get(`${c.indicator}|${c.period}|${c.breakdown}|${c.field}`) ?? 1;
    const sameTable = c.indicator === f.indicator && c.breakdown === f.breakdown && c.breakdown !== '';
    return [
      direct.has(c.key) ? 0 : sums.has(c.key) ? 1 : 2,
      c.raw === 0 ? 1 : 0,
      c.field === f.field ? 0 : 1,
      c.indicator === f.indicator ? 0 : 1,
      months > 0 ? 2 * months - 1 : -2 * months,
      sameTable ? 0 : c.breakdown === '' ? 1 : 2,
      sameTable ? (c.position - targetPosition + size) % size : c.position,
    ];
  };
  const lexical = (a: number[], b: number[]) => {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
    return 0;
  };
  return [...bound]
    .map((k) => universe.cells.get(k))
    .filter((c): c is CountCell => c !== undefined && c.current && c.suppressible && c.raw !== undefined && c.published === undefined && !hidden.has(c.key))
    .map((c) => ({ c, r: rank(c) }))
    .sort((a, b) => lexical(a.r, b.r) || byKey(a.c, b.c))
    .map(({ c }) => c);
}

/**
 * Whether a target's interval reaches as far as this paper can make it reach. Its low end need not
 * be 1 where the pattern alone implies more (a total of two hidden categories is at least 2,
 * whatever the numbers say), nor where what earlier months published already implied more (a
 * rolling total that was 6 last month cannot have dropped to 1 when at most 3 cases could leave
 * it): no paper now can take back what earlier ones showed. Likewise its high end need not reach
 * the threshold where earlier months already capped it. Each bound is worked out with every figure
 * this paper newly shows unknown (from 0), so only what this paper adds is held against it.
 */
async function withinReach(
  interval: Interval,
  target: Target,
  relations: Relation[],
  known: Map<string, number>,
  floors: Map<string, number>,
  universe: Universe,
  T: number,
): Promise<boolean> {
  const open = new Map(floors);
  for (const k of known.keys()) open.set(k, 0);
  const pattern = await attack(target.terms, relations, new Map(), open);
  const earlier = new Map<string, number>();
  for (const k of known.keys()) {
    const published = universe.cells.get(k)?.published;
    if (published !== undefined) earlier.set(k, published);
  }
  const before = await attack(target.terms, relations, earlier, open);
  // Pinned exactly by earlier papers: the public record already gives it away, which a person must look into.
  if (before !== null && before.low === before.up) return false;
  const low = Math.max(1, pattern?.low ?? 1, before?.low ?? 1);
  const up = Math.min(T, before?.up ?? T);
  return interval.low <= low && interval.up >= up;
}

function auditFailure(ws: Workspace, target: Target, interval: Interval | null, T: number): InputError {
  const f = target.figure;
  const row = ws.outturns.find((o) => o.indicator === f.indicator && o.period === f.period && (o.breakdown ?? '') === f.breakdown && (o.category ?? '') === f.category);
  const needed = target.criterion === 'cover' ? `the range must include both 1 and ${T}` : 'it must not be recoverable exactly';
  const pinned = interval ? `the published figures pin it to ${interval.low === interval.up ? interval.low : `${interval.low}–${interval.up}`}` : 'the published figures contradict each other';
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
