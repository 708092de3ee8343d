import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Document, isMap, isScalar, parseDocument, Scalar, type YAMLMap } from 'yaml';
import { formatInUnit, withUnit } from '../assess/rag.js';
import type { Assessed, Assessment, Figure, Rag } from '../assess/types.js';
import type { Cell, PublicAssessment, PublicFigure, PublicView } from '../disclose/types.js';
import { InputError } from '../errors.js';
import { addMonths, monthName, shownNumber } from '../format.js';
import type { Commentary, CommentaryEntry, Indicator, Month, Problem, Workspace } from '../types.js';

export interface DraftResult {
  path: string;
  added: string[];
  stale: string[];
  carriedOver: string[];
  unchanged: string[];
}

/** Marks text the tool wrote for a person to replace; an entry still holding it has no commentary yet. */
export const PLACEHOLDER = '[Officer to add:';
const PUBLIC_PLACEHOLDER = `${PLACEHOLDER} reasons, actions and expected impact.]`;
const EXEMPT_PLACEHOLDER = `${PLACEHOLDER} anything members should know that cannot be published, or delete this text.]`;

const RAG_WORD: Record<Rag, string> = { green: 'Green', amber: 'Amber', red: 'Red', not_rated: 'Not rated', no_data: 'No data' };

function figureKey(indicator: Indicator, f: Figure | null) {
  if (!f) return null;
  return { period: f.period, numerator: f.numerator, denominator: f.denominator, value: f.value === null ? null : shownNumber(f.value, indicator.decimals) };
}

/**
 * A digest of the exempt figures commentary is written about (the current and previous
 * outturns, value at shown precision), so a revision of either marks the text stale.
 */
export function commentaryFingerprint(a: Assessment): string {
  const payload = JSON.stringify([a.indicator.id, figureKey(a.indicator, a.current), figureKey(a.indicator, a.previous)]);
  return `sha256:${createHash('sha256').update(payload).digest('hex')}`;
}

function hasText(text: string | undefined): boolean {
  return text !== undefined && text.trim() !== '' && !text.includes(PLACEHOLDER);
}

/**
 * For build warnings: exceptions with no text yet (none, or the stub untouched), entries
 * drafted from figures that have since changed or already marked stale, and text carried over. An exception that Part 1
 * lists (`publicExceptions`) needs public text; one only Part 2 shows needs public or exempt text.
 */
export function commentaryStatus(args: { assessed: Assessed; commentary?: Commentary; publicExceptions?: string[] }): {
  missing: string[];
  stale: string[];
  carriedOver: string[];
} {
  const entries = args.commentary?.indicators ?? {};
  const inPart1 = new Set(args.publicExceptions ?? args.assessed.exceptions);
  const missing = args.assessed.exceptions.filter((id) =>
    inPart1.has(id) ? !hasText(entries[id]?.public) : !hasText(entries[id]?.public) && !hasText(entries[id]?.exempt),
  );
  const stale = args.assessed.assessments
    .filter((a) => {
      const entry = entries[a.indicator.id];
      if (!entry) return false;
      if (entry.stale) return true;
      return entry.drafted_from !== undefined && entry.drafted_from.fingerprint !== commentaryFingerprint(a);
    })
    .map((a) => a.indicator.id);
  // Last month's words offered as a start: they go in the paper only after a person has read them.
  const carriedOver = args.assessed.assessments.filter((a) => entries[a.indicator.id]?.carried_over !== undefined).map((a) => a.indicator.id);
  return { missing, stale, carriedOver };
}

function targetText(indicator: Indicator): string {
  if (indicator.polarity === 'within_range' && indicator.target_range) {
    const [lo, hi] = indicator.target_range;
    return ` against a target range of ${formatInUnit(indicator, lo)} to ${formatInUnit(indicator, hi)}`;
  }
  return indicator.target === undefined ? '' : ` against a target of ${formatInUnit(indicator, indicator.target)}`;
}

/** The up/down clause from the shown figures alone: "down from 69.2% in October 2023". */
function movement(indicator: Indicator, now: number, before: number | null, period: Month | undefined, beforeText: string): string {
  if (before === null || period === undefined) return '';
  const word = now > before ? 'up from' : now < before ? 'down from' : 'unchanged from';
  return `, ${word} ${withUnit(indicator, beforeText)} in ${monthName(period)}`;
}

const shownOf = (cell: Cell | undefined): string | null => (cell && 'shown' in cell ? cell.shown : null);
const asNumber = (shown: string | null): number | null => (shown === null ? null : Number(shown.replace(/,/g, '')));

function ofText(num: string | null, den: string | null): string {
  return num !== null && den !== null ? ` (${num} of ${den})` : '';
}

/** The factual opening of the public stub, built only from what Part 1 shows. */
export function publicOpening(p: PublicAssessment): string {
  const ind = p.indicator;
  const name = `Indicator ${ind.number}, ${ind.title},`;
  const value = shownOf(p.current?.value);
  if (p.headlineSuppressed || p.rag === 'suppressed' || value === null) {
    return `${name} is assessed in the Part 2 report: its figures for ${monthName(p.month)} are reported in Part 2 only.`;
  }
  const share = ind.unit === 'percent' ? ofText(shownOf(p.current?.numerator), shownOf(p.current?.denominator)) : '';
  const prev: PublicFigure | null = p.previous;
  const prevShown = shownOf(prev?.value);
  return `${name} is ${RAG_WORD[p.rag]} at ${withUnit(ind, value)}${share}${targetText(ind)}${movement(ind, asNumber(value)!, asNumber(prevShown), prev?.period, prevShown ?? '')}.`;
}

/** The factual opening of the exempt stub: every figure, from the assessment. */
export function exemptOpening(a: Assessment): string {
  const ind = a.indicator;
  const show = (f: Figure | null) => (f?.value == null ? null : shownNumber(f.value, ind.decimals));
  const value = show(a.current);
  if (value === null) return `Indicator ${ind.number} has no figure for ${monthName(a.month)}.`;
  const share =
    ind.unit === 'percent' && a.current?.numerator != null && a.current.denominator != null ? ofText(String(a.current.numerator), String(a.current.denominator)) : '';
  const prev = show(a.previous);
  return `Indicator ${ind.number} is ${RAG_WORD[a.rag]} at ${withUnit(ind, value)}${share}${targetText(ind)}${movement(ind, Number(value), asNumber(prev), a.previous?.period, prev ?? '')}.`;
}

interface Plan {
  /** Existing entries (as parsed nodes) to mark `stale: true`. */
  markStale: YAMLMap[];
  /** New entries, in exception order. */
  add: [string, CommentaryEntry][];
}

function entryNode(doc: Document, entry: CommentaryEntry) {
  const node = doc.createNode(entry) as YAMLMap;
  const drafted = node.get('drafted_from', true);
  if (isMap(drafted)) {
    drafted.flow = true;
    // Quoted as in the SPEC, so "68.1%" and the digest read as the opaque strings they are.
    for (const pair of drafted.items) if (isScalar(pair.value) && typeof pair.value.value === 'string') pair.value.type = Scalar.QUOTE_DOUBLE;
  }
  for (const key of ['public', 'exempt']) {
    const text = node.get(key, true);
    if (isScalar(text)) text.type = Scalar.BLOCK_LITERAL;
  }
  return node;
}

/** New entries as block YAML lines, each indented by `indent` spaces. */
function renderEntries(add: [string, CommentaryEntry][], indent: number): string {
  const doc = new Document({});
  for (const [id, entry] of add) (doc.contents as YAMLMap).set(id, entryNode(doc, entry));
  const pad = ' '.repeat(indent);
  return doc
    .toString({ lineWidth: 0 })
    .split('\n')
    .map((line) => (line === '' ? line : pad + line))
    .join('\n');
}

function columnOf(source: string, offset: number): number {
  return offset - (source.lastIndexOf('\n', offset - 1) + 1);
}

/** Where a new line may go after `offset`: there if it starts a line, else after that line. */
function lineAfter(source: string, offset: number): { at: number; prefix: string } {
  if (offset === 0 || source[offset - 1] === '\n') return { at: offset, prefix: '' };
  const nl = source.indexOf('\n', offset);
  return nl === -1 ? { at: source.length, prefix: '\n' } : { at: nl + 1, prefix: '' };
}

interface Edit {
  at: number;
  remove: number;
  text: string;
}

/**
 * The plan applied as insertions into the person's file, so every byte they wrote survives
 * (re-serialising the whole document would reflow folded text and rewrite escapes).
 * Null for shapes it does not splice into (flow-style `indicators`), left to the Document API.
 */
function splice(source: string, root: YAMLMap, plan: Plan): string | null {
  const edits: Edit[] = [];
  for (const entry of plan.markStale) {
    const existing = entry.get('stale', true);
    if (isScalar(existing) && existing.range) {
      edits.push({ at: existing.range[0], remove: existing.range[1] - existing.range[0], text: 'true' });
    } else if (entry.flow && entry.range) {
      edits.push({ at: entry.range[0] + 1, remove: 0, text: ' stale: true,' });
    } else {
      const firstKey = entry.items[0]?.key as Scalar | undefined;
      if (!firstKey?.range) return null;
      const at = firstKey.range[0];
      edits.push({ at, remove: 0, text: `stale: true\n${' '.repeat(columnOf(source, at))}` });
    }
  }
  if (plan.add.length > 0) {
    const indicators = root.get('indicators', true);
    if (indicators === undefined) {
      const { at, prefix } = lineAfter(source, source.length);
      edits.push({ at, remove: 0, text: `${prefix}indicators:\n${renderEntries(plan.add, 2)}` });
    } else if (isScalar(indicators) && indicators.value === null && indicators.range) {
      const { at, prefix } = lineAfter(source, indicators.range[2]);
      edits.push({ at, remove: 0, text: prefix + renderEntries(plan.add, 2) });
    } else if (isMap(indicators) && !indicators.flow && indicators.items.length > 0) {
      const last = indicators.items[indicators.items.length - 1];
      const end = (last.value as Scalar | null)?.range?.[2] ?? (last.key as Scalar).range?.[2];
      const indent = columnOf(source, (indicators.items[0].key as Scalar).range?.[0] ?? 0);
      if (end === undefined) return null;
      const { at, prefix } = lineAfter(source, end);
      edits.push({ at, remove: 0, text: prefix + renderEntries(plan.add, indent) });
    } else {
      return null;
    }
  }
  let out = source;
  for (const e of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, e.at) + e.text + out.slice(e.at + e.remove);
  return out;
}

/** The plan applied through the Document API: for new files and shapes splice leaves alone. */
function rewrite(doc: Document, month: Month, plan: Plan, isNew: boolean): string {
  if (!isMap(doc.contents)) doc.contents = doc.createNode({ month }) as YAMLMap;
  if (isNew) {
    doc.commentBefore = ` Commentary for ${monthName(month)}. Drafted by scrutiny-report; replace each "${PLACEHOLDER} …]" with your text.\n The tool never changes text you write: it only adds entries and marks them stale when the figures change.`;
  }
  const root = doc.contents as YAMLMap;
  for (const entry of plan.markStale) entry.set('stale', true);
  const found: unknown = root.get('indicators', true);
  const map = isMap(found) ? found : (doc.createNode({}) as YAMLMap);
  if (map !== found) root.set('indicators', map);
  map.flow = false;
  for (const [id, entry] of plan.add) map.set(id, entryNode(doc, entry));
  return doc.toString({ lineWidth: 0 });
}

function parseProblems(path: string, doc: Document): Problem[] {
  return doc.errors.map((e) => ({
    file: path,
    line: e.linePos?.[0].line,
    column: e.linePos?.[0].col,
    message: e.message.split('\n')[0],
    hint: 'fix the YAML, then run the command again',
    severity: 'error' as const,
  }));
}

/**
 * Writes stubs into commentary/<month>.yaml for every exception without an entry and marks
 * entries drafted from since-revised figures `stale: true`. Text people wrote is never changed:
 * an existing file only ever gains lines.
 */
export async function draftCommentary(args: { ws: Workspace; month: Month; assessed: Assessed; publicView: PublicView; commentaryPath: string }): Promise<DraftResult> {
  const { ws, month, assessed, publicView, commentaryPath } = args;
  let source: string | null;
  try {
    source = await readFile(commentaryPath, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    source = null;
  }
  const doc = parseDocument(source ?? '');
  if (doc.errors.length > 0) throw new InputError(parseProblems(commentaryPath, doc));
  if (doc.contents !== null && !isMap(doc.contents)) {
    throw new InputError([{ file: commentaryPath, line: 1, column: 1, message: 'expected a mapping with month: and indicators:', severity: 'error' }]);
  }
  const root = doc.contents as YAMLMap | null;
  const indicators = root?.get('indicators', true);
  const existing = new Map<string, unknown>();
  if (isMap(indicators)) for (const pair of indicators.items) existing.set(String(isScalar(pair.key) ? pair.key.value : pair.key), pair.value);

  const result: DraftResult = { path: commentaryPath, added: [], stale: [], carriedOver: [], unchanged: [] };
  const plan: Plan = { markStale: [], add: [] };

  for (const a of assessed.assessments) {
    const node = existing.get(a.indicator.id);
    if (node === undefined) continue;
    const fingerprint = isMap(node) ? node.getIn(['drafted_from', 'fingerprint']) : undefined;
    const alreadyStale = isMap(node) && node.get('stale') === true;
    if (alreadyStale || (typeof fingerprint === 'string' && fingerprint !== commentaryFingerprint(a))) {
      result.stale.push(a.indicator.id);
      if (!alreadyStale) plan.markStale.push(node as YAMLMap);
    } else {
      result.unchanged.push(a.indicator.id);
    }
  }

  const byId = new Map(assessed.assessments.map((a) => [a.indicator.id, a]));
  const publicById = new Map(publicView.assessments.map((p) => [p.indicator.id, p]));
  const previousMonth = addMonths(month, -1);
  const previous = ws.commentary.get(previousMonth)?.indicators ?? {};
  for (const id of assessed.exceptions) {
    if (existing.has(id)) continue;
    const a = byId.get(id)!;
    const p = publicById.get(id);
    const before = previous[id];
    const carried = hasText(before?.public) || hasText(before?.exempt);
    const entry: CommentaryEntry = {
      drafted_from: {
        rag: RAG_WORD[a.rag],
        value: a.current?.value == null ? '' : withUnit(a.indicator, shownNumber(a.current.value, a.indicator.decimals)),
        fingerprint: commentaryFingerprint(a),
      },
      public: hasText(before?.public) ? ensureNewline(before!.public!) : `${p ? publicOpening(p) : ''}\n\n${PUBLIC_PLACEHOLDER}\n`.trimStart(),
      exempt: hasText(before?.exempt) ? ensureNewline(before!.exempt!) : `${exemptOpening(a)}\n\n${EXEMPT_PLACEHOLDER}\n`,
      ...(carried ? { carried_over: previousMonth } : {}),
    };
    plan.add.push([id, entry]);
    (carried ? result.carriedOver : result.added).push(id);
  }

  if (source !== null && plan.markStale.length === 0 && plan.add.length === 0) return result;
  const text = (source !== null && root !== null && splice(source, root, plan)) || rewrite(doc, month, plan, source === null);
  await mkdir(dirname(commentaryPath), { recursive: true });
  await writeFile(commentaryPath, text, 'utf8');
  return result;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
