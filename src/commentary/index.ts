import { readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Document, isMap, isScalar, parseDocument, Scalar, type YAMLMap } from 'yaml';
import { formatInUnit } from '../assess/rag.js';
import type { Assessed, Assessment, Figure } from '../assess/types.js';
import type { Cell, PublicAssessment, PublicFigure, PublicView } from '../disclose/types.js';
import { InputError } from '../errors.js';
import { addMonths, monthName, shownNumber } from '../format.js';
import { groupThousands, withUnit } from '../compose/figures.js';
import { RAG_LABEL } from '../compose/words.js';
import type { CommentaryEntry, Indicator, Month, Problem, Workspace } from '../types.js';
import { PLACEHOLDER, commentaryFingerprint, publicStaleness, shownFingerprint, textState } from './rule.js';
import { makeFolder } from '../write/folders.js';

export interface DraftResult {
  path: string;
  /** What Part 1's view alone decides: safe to print anywhere. */
  added: string[];
  stale: string[];
  carriedOver: string[];
  unchanged: string[];
  /**
   * What needed a figure Part 1 hides (stubs for exceptions only Part 2 shows, exempt text
   * marked `stale: exempt`): for an interactive terminal and the exempt manifest only.
   */
  hidden: { added: string[]; stale: string[]; carriedOver: string[] };
}

export { PLACEHOLDER, commentaryFingerprint } from './rule.js';

const PUBLIC_PLACEHOLDER = `${PLACEHOLDER} reasons, actions and expected impact.]`;
const EXEMPT_PLACEHOLDER = `${PLACEHOLDER} anything members should know that cannot be published, or delete this text.]`;

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

/** " (2,381 of 2,706)", thousands separated exactly as the paper's tables print them. */
function ofText(num: string | null, den: string | null): string {
  return num !== null && den !== null ? ` (${groupThousands(num)} of ${groupThousands(den)})` : '';
}

/** The factual opening of the public stub, built only from what Part 1 shows, naming the period of each figure. */
export function publicOpening(p: PublicAssessment): string {
  const ind = p.indicator;
  const name = `Indicator ${ind.number}, ${ind.title},`;
  const value = shownOf(p.current?.value);
  if (p.headlineSuppressed || p.rag === 'suppressed' || value === null || !p.current) {
    return `${name} is assessed in the Part 2 report: its figures for ${monthName(p.month)} are reported in Part 2 only.`;
  }
  const share = ind.unit === 'percent' ? ofText(shownOf(p.current.numerator), shownOf(p.current.denominator)) : '';
  const prev: PublicFigure | null = p.previous;
  const prevShown = shownOf(prev?.value);
  const moved = movement(ind, asNumber(value)!, asNumber(prevShown), prev?.period, prevShown ?? '');
  return `${name} is ${RAG_LABEL[p.rag]} at ${withUnit(ind, value)}${share} in ${monthName(p.current.period)}${targetText(ind)}${moved}.`;
}

/** The factual opening of the exempt stub: every figure, from the assessment, formatted as Part 2's tables print it. */
export function exemptOpening(a: Assessment): string {
  const ind = a.indicator;
  const show = (f: Figure | null) => (f?.value == null ? null : shownNumber(f.value, ind.decimals));
  const value = show(a.current);
  if (value === null || !a.current) return `Indicator ${ind.number} has no figure for ${monthName(a.month)}.`;
  const share =
    ind.unit === 'percent' && a.current.numerator != null && a.current.denominator != null ? ofText(String(a.current.numerator), String(a.current.denominator)) : '';
  const prev = show(a.previous);
  const moved = movement(ind, Number(value), asNumber(prev), a.previous?.period, prev ?? '');
  return `Indicator ${ind.number} is ${RAG_LABEL[a.rag]} at ${withUnit(ind, value)}${share} in ${monthName(a.current.period)}${targetText(ind)}${moved}.`;
}

/** An existing entry to mark stale, with the digests of the figures it is now read against. */
interface StaleMark {
  node: YAMLMap;
  mark: true | 'exempt';
  fingerprint: string;
  shown: string;
}

interface Plan {
  /** Existing entries (as parsed nodes) to mark `stale: true` or `stale: exempt`. */
  markStale: StaleMark[];
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
  for (const { node: entry, mark, fingerprint, shown } of plan.markStale) {
    // Once marked, the entry is read against today's figures: removing the mark is the person's review.
    for (const [key, digest] of [['fingerprint', fingerprint], ['shown', shown]] as const) {
      const scalar = entry.getIn(['drafted_from', key], true);
      if (isScalar(scalar) && scalar.range) edits.push({ at: scalar.range[0], remove: scalar.range[1] - scalar.range[0], text: JSON.stringify(digest) });
    }
    const existing = entry.get('stale', true);
    if (isScalar(existing) && existing.range) {
      edits.push({ at: existing.range[0], remove: existing.range[1] - existing.range[0], text: String(mark) });
    } else if (entry.flow && entry.range) {
      edits.push({ at: entry.range[0] + 1, remove: 0, text: ` stale: ${mark},` });
    } else {
      const firstKey = entry.items[0]?.key as Scalar | undefined;
      if (!firstKey?.range) return null;
      const at = firstKey.range[0];
      edits.push({ at, remove: 0, text: `stale: ${mark}\n${' '.repeat(columnOf(source, at))}` });
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
  for (const { node, mark, fingerprint, shown } of plan.markStale) {
    node.set('stale', mark);
    if (node.hasIn(['drafted_from', 'fingerprint'])) node.setIn(['drafted_from', 'fingerprint'], fingerprint);
    if (node.hasIn(['drafted_from', 'shown'])) node.setIn(['drafted_from', 'shown'], shown);
  }
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

  const result: DraftResult = { path: commentaryPath, added: [], stale: [], carriedOver: [], unchanged: [], hidden: { added: [], stale: [], carriedOver: [] } };
  const plan: Plan = { markStale: [], add: [] };
  const publicById = new Map(publicView.assessments.map((p) => [p.indicator.id, p]));

  for (const a of assessed.assessments) {
    const node = existing.get(a.indicator.id);
    if (node === undefined) continue;
    const p = publicById.get(a.indicator.id);
    const entry = (isMap(node) ? node.toJSON() : {}) as CommentaryEntry;
    const fingerprint = commentaryFingerprint(a);
    const shown = p ? shownFingerprint(p) : '';
    const stale = (mark: true | 'exempt') => isMap(node) && plan.markStale.push({ node, mark, fingerprint, shown });
    // Part 1's figures changed (or the mark is there): both texts wait for a person. Only hidden
    // figures changed: the exempt text waits, and nothing outside Part 2 may tell.
    if (entry.stale === true || publicStaleness(entry, p).shownChanged) {
      result.stale.push(a.indicator.id);
      if (entry.stale !== true) stale(true);
    } else if (entry.stale === 'exempt' || (entry.drafted_from !== undefined && entry.drafted_from.fingerprint !== fingerprint)) {
      result.unchanged.push(a.indicator.id);
      result.hidden.stale.push(a.indicator.id);
      if (entry.stale !== 'exempt') stale('exempt');
    } else {
      result.unchanged.push(a.indicator.id);
    }
  }

  const byId = new Map(assessed.assessments.map((a) => [a.indicator.id, a]));
  const inPart1 = new Set(publicView.exceptions);
  const previousMonth = addMonths(month, -1);
  const previous = ws.commentary.get(previousMonth)?.indicators ?? {};
  for (const id of assessed.exceptions) {
    if (existing.has(id)) continue;
    const a = byId.get(id)!;
    const p = publicById.get(id);
    // Only words a person made their own are offered again; a stub or unreviewed text is not.
    const before = (field: 'public' | 'exempt') => {
      const state = textState(previous[id], field, 'exempt');
      return 'text' in state ? ensureNewline(state.text) : undefined;
    };
    const carried = before('public') !== undefined || before('exempt') !== undefined;
    const entry: CommentaryEntry = {
      drafted_from: {
        rag: RAG_LABEL[a.rag],
        value: a.current?.value == null ? '' : withUnit(a.indicator, shownNumber(a.current.value, a.indicator.decimals)),
        fingerprint: commentaryFingerprint(a),
        ...(p ? { shown: shownFingerprint(p) } : {}),
      },
      public: before('public') ?? `${p ? publicOpening(p) : ''}\n\n${PUBLIC_PLACEHOLDER}\n`.trimStart(),
      exempt: before('exempt') ?? `${exemptOpening(a)}\n\n${EXEMPT_PLACEHOLDER}\n`,
      ...(carried ? { carried_over: previousMonth } : {}),
    };
    plan.add.push([id, entry]);
    const counts = inPart1.has(id) ? result : result.hidden;
    (carried ? counts.carriedOver : counts.added).push(id);
  }

  if (source !== null && plan.markStale.length === 0 && plan.add.length === 0) return result;
  const text = (source !== null && root !== null && splice(source, root, plan)) || rewrite(doc, month, plan, source === null);
  await makeFolder(dirname(commentaryPath));
  await writeFile(commentaryPath, text, 'utf8');
  return result;
}

function ensureNewline(text: string): string {
  return text.endsWith('\n') ? text : `${text}\n`;
}
