/**
 * The one rule for what commentary a paper prints, used by compose (what each part prints), by
 * the build's checks (what `--strict` fails on) and by `commentary` (what it reports).
 *
 * Text the tool wrote (a stub's placeholder), text it carried over from an earlier month and
 * text marked stale are never printed until a person edits the text or removes the mark; the
 * paper says "Commentary to follow." instead. Whether Part 1 may know a reason is part of the
 * rule: a reason that needs a figure Part 1 hides never touches Part 1 or the exit status.
 */
import type { Assessment, Figure } from '../assess/types.js';
import type { Cell, PublicAssessment, PublicFigure } from '../disclose/types.js';
import type { Commentary, CommentaryEntry, Indicator } from '../types.js';
import { shownNumber } from '../format.js';
import { sha256 } from '../lib/hash.js';

/** Marks text the tool wrote for a person to replace; an entry still holding it has no commentary yet. */
export const PLACEHOLDER = '[Officer to add:';

export type Field = 'public' | 'exempt';
export type PendingReason = 'missing' | 'placeholder' | 'carried_over' | 'stale';

/** Each printable text of an entry, or why it is not printed. */
export type TextState = { text: string } | { pending: Exclude<PendingReason, 'missing'> } | { empty: true };

/**
 * What a part knows about the figures an entry was drafted from: whether Part 1's view of the
 * current and previous figures changed (`shownChanged`) and, in Part 2 only, whether any
 * figure changed (`anyChanged`).
 */
export interface Staleness {
  shownChanged: boolean;
  anyChanged: boolean;
}

const NOT_STALE: Staleness = { shownChanged: false, anyChanged: false };

/** The text of one field the paper may print: the rule itself. */
export function textState(entry: CommentaryEntry | undefined, field: Field, part: Field, staleness: Staleness = NOT_STALE): TextState {
  const text = entry?.[field];
  if (text === undefined || text.trim() === '') return { empty: true };
  if (text.includes(PLACEHOLDER)) return { pending: 'placeholder' };
  if (entry?.carried_over !== undefined) return { pending: 'carried_over' };
  // `stale: true` is a public mark (the tool writes it only when Part 1's figures changed);
  // `stale: exempt` and a change in hidden figures concern Part 2's exempt text alone.
  if (entry?.stale === true || staleness.shownChanged) return { pending: 'stale' };
  if (part === 'exempt' && field === 'exempt' && (entry?.stale === 'exempt' || staleness.anyChanged)) return { pending: 'stale' };
  return { text };
}

/** The text to print, or null: "Commentary to follow." stands where no text may be printed. */
export function printable(state: TextState): string | null {
  return 'text' in state ? state.text : null;
}

function figureKey(indicator: Indicator, f: Figure | null) {
  if (!f) return null;
  return { period: f.period, numerator: f.numerator, denominator: f.denominator, value: f.value === null ? null : shownNumber(f.value, indicator.decimals) };
}

/**
 * A digest of the exempt figures commentary is written about (the current and previous
 * outturns, value at shown precision), so a revision of either marks the exempt text stale.
 */
export function commentaryFingerprint(a: Assessment): string {
  const payload = JSON.stringify([a.indicator.id, figureKey(a.indicator, a.current), figureKey(a.indicator, a.previous)]);
  return digest(payload);
}

const cellKey = (c: Cell | undefined) => (c === undefined ? null : 'shown' in c ? c.shown : c.suppressed);
const publicKey = (f: PublicFigure | null) => f && { period: f.period, value: cellKey(f.value), numerator: cellKey(f.numerator), denominator: cellKey(f.denominator) };

/** The same digest over what Part 1 shows of those figures (symbols included): a function of Part 1 alone. */
export function shownFingerprint(p: PublicAssessment): string {
  return digest(JSON.stringify([p.indicator.id, publicKey(p.current), publicKey(p.previous)]));
}

const digest = (payload: string) => `sha256:${sha256(payload)}`;

/**
 * The exempt digest as Part 1 can compute it where it shows every figure in it (entries drafted
 * before Part 1's own digest was kept); null where any of them is hidden or not a number.
 */
function exemptFingerprintFromShown(p: PublicAssessment): string | null {
  const key = (f: PublicFigure | null) => {
    if (!f) return null;
    const number = (c: Cell | undefined) => (c === undefined ? null : 'shown' in c && /^-?\d+(\.\d+)?$/.test(c.shown) ? Number(c.shown) : undefined);
    const value = 'shown' in f.value && /^-?\d+(\.\d+)?$/.test(f.value.shown) ? f.value.shown : undefined;
    const numerator = number(f.numerator);
    const denominator = number(f.denominator);
    return value === undefined || numerator === undefined || denominator === undefined ? undefined : { period: f.period, numerator, denominator, value };
  };
  const current = key(p.current);
  const previous = key(p.previous);
  return current === undefined || previous === undefined ? null : digest(JSON.stringify([p.indicator.id, current, previous]));
}

/** What Part 1 may know of an entry's staleness: its own figures changed since the entry was drafted. */
export function publicStaleness(entry: CommentaryEntry | undefined, p: PublicAssessment | undefined): Staleness {
  const drafted = entry?.drafted_from;
  if (!drafted || !p) return NOT_STALE;
  if (drafted.shown !== undefined) return { shownChanged: drafted.shown !== shownFingerprint(p), anyChanged: false };
  const fromShown = exemptFingerprintFromShown(p);
  return { shownChanged: fromShown !== null && fromShown !== drafted.fingerprint, anyChanged: false };
}

/** Part 2's knowledge: Part 1's, and whether any figure the entry was drafted from changed. */
export function exemptStaleness(entry: CommentaryEntry | undefined, p: PublicAssessment | undefined, a: Assessment): Staleness {
  const drafted = entry?.drafted_from;
  return { shownChanged: publicStaleness(entry, p).shownChanged, anyChanged: drafted !== undefined && drafted.fingerprint !== commentaryFingerprint(a) };
}

/** One reason an entry the paper needs is not printed. `hidden`: knowing it needs a figure Part 1 hides. */
export interface CommentaryFinding {
  indicator: string;
  field: Field;
  reason: PendingReason;
  hidden: boolean;
}

/**
 * Every reason the month's papers say "Commentary to follow.": for the exceptions Part 1 lists,
 * findings Part 1 could make itself (they may fail `--strict`); for exceptions only Part 2 shows
 * and for staleness only the exempt figures reveal, findings marked `hidden` (for the exempt
 * manifest, Part 2 and an interactive terminal, never the exit status).
 */
export function commentaryFindings(args: {
  assessments: Assessment[];
  publicAssessments: PublicAssessment[];
  exceptions: string[];
  publicExceptions: string[];
  commentary: Commentary | undefined;
}): CommentaryFinding[] {
  const entries = args.commentary?.indicators ?? {};
  const byId = new Map(args.assessments.map((a) => [a.indicator.id, a]));
  const publicById = new Map(args.publicAssessments.map((p) => [p.indicator.id, p]));
  const inPart1 = new Set(args.publicExceptions);
  const findings: CommentaryFinding[] = [];
  for (const id of args.exceptions) {
    const entry = entries[id];
    const a = byId.get(id);
    if (!a) continue;
    const p = publicById.get(id);
    const shownToPart1 = inPart1.has(id);
    const pub = textState(entry, 'public', 'public', publicStaleness(entry, p));
    const exemptPublic = textState(entry, 'exempt', 'public', publicStaleness(entry, p));
    const exempt = textState(entry, 'exempt', 'exempt', exemptStaleness(entry, p, a));
    const add = (field: Field, reason: PendingReason, hidden: boolean) => findings.push({ indicator: id, field, reason, hidden });
    if (shownToPart1) {
      // Part 1 prints the public text: it is needed, and every reason it is missing is Part 1's to know.
      if ('empty' in pub) add('public', 'missing', false);
      else if ('pending' in pub) add('public', pub.pending, false);
      if ('pending' in exemptPublic) add('exempt', exemptPublic.pending, false);
      else if ('pending' in exempt) add('exempt', exempt.pending, true);
    } else {
      // Only Part 2 lists it: whether it is needed at all depends on hidden figures.
      if ('empty' in pub && 'empty' in exempt) add('public', 'missing', true);
      if ('pending' in pub) add('public', pub.pending, true);
      if ('pending' in exempt) add('exempt', exempt.pending, true);
    }
  }
  return findings;
}
