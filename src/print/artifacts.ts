import { inflateSync } from 'node:zlib';
import type { PdfEdit } from './pdf-edit.js';
import { isName, Name, Ref, type Dict, type Value } from './pdf-raw.js';

/**
 * The artifact pass. Chromium tags the body but leaves CSS @page margin boxes (running headers, page
 * numbers) and some background fills outside any marked content; PDF/UA-1 §7.1 wants every piece of
 * content either tagged or marked /Artifact. This wraps each graphics object that sits at marked-content
 * depth 0 in `/Artifact BMC … EMC`, without touching what it draws.
 */

interface Op {
  /** Offset of its first operand (or of the operator when it has none). */
  start: number;
  /** Offset just after the operator. */
  end: number;
  operator: string;
}

/** Character classes of PDF syntax by byte: 0 regular, 1 white space, 2 delimiter (a table: this is the hot loop). */
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of '()<>[]{}/%') CLASS[c.charCodeAt(0)] = 2;
/** The bytes a number can start with. */
const NUMBER_START = new Uint8Array(256);
for (const c of '0123456789+-.') NUMBER_START[c.charCodeAt(0)] = 1;
const PATH_BUILD = new Set(['m', 'l', 'c', 'v', 'y', 'h', 're']);
const PATH_PAINT = new Set(['S', 's', 'f', 'F', 'f*', 'B', 'B*', 'b', 'b*']);
const TEXT_SHOW = new Set(['Tj', 'TJ', "'", '"']);

class Unsupported extends Error {}

/** Operator names by their bytes packed into a number (most are one to three bytes): no string is made per operator. */
const OPERATORS = new Map<number, string>();

/** Splits a content stream into operators with their operands' extent. Inline images are not supported. */
export function tokenize(src: string): Op[] {
  const ops: Op[] = [];
  let i = 0;
  let opStart = -1;
  const n = src.length;

  while (i < n) {
    const c = src.charCodeAt(i);
    if (c < 0x100 && CLASS[c] === 1) {
      i++;
      continue;
    }
    if (c === 0x25 /* % */) {
      while (i < n && src.charCodeAt(i) !== 0x0a && src.charCodeAt(i) !== 0x0d) i++;
      continue;
    }
    if (opStart < 0) opStart = i;
    if (c === 0x28 /* ( */) {
      let depth = 0;
      for (; i < n; i++) {
        const d = src.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x28) depth++;
        else if (d === 0x29 && --depth === 0) break;
      }
      if (i >= n) throw new Unsupported('unterminated string');
      i++;
    } else if (c === 0x3c /* < */) {
      if (src.charCodeAt(i + 1) === 0x3c) i += 2;
      else {
        const close = src.indexOf('>', i);
        if (close < 0) throw new Unsupported('unterminated hex string');
        i = close + 1;
      }
    } else if (c === 0x3e /* > */) {
      if (src.charCodeAt(i + 1) !== 0x3e) throw new Unsupported('stray >');
      i += 2;
    } else if (c === 0x5b || c === 0x5d || c === 0x7b || c === 0x7d) {
      i++;
    } else if (c === 0x2f /* / */) {
      i = regularEnd(src, i + 1);
    } else if (c === 0x29) {
      throw new Unsupported('stray )');
    } else if (c < 0x100 && NUMBER_START[c] === 1) {
      // A number (no operator starts with a digit, a sign or a point): most of a page's tokens, so
      // they are skipped without making a string of each.
      i = regularEnd(src, i + 1);
    } else {
      const from = i;
      i = regularEnd(src, i);
      let word: string | undefined;
      if (i - from <= 3) {
        const key = src.charCodeAt(from) + (i - from > 1 ? src.charCodeAt(from + 1) * 256 : 0) + (i - from > 2 ? src.charCodeAt(from + 2) * 65536 : 0);
        word = OPERATORS.get(key);
        if (word === undefined) OPERATORS.set(key, (word = src.slice(from, i)));
      } else word = src.slice(from, i);
      if (word === 'true' || word === 'false' || word === 'null') continue;
      if (word === 'BI' || word === 'ID' || word === 'EI') throw new Unsupported('inline image');
      ops.push({ start: opStart, end: i, operator: word });
      opStart = -1;
    }
  }
  return ops;
}

/** Where the run of regular characters starting at `i` ends. */
function regularEnd(src: string, i: number): number {
  const n = src.length;
  for (; i < n; i++) {
    const c = src.charCodeAt(i);
    if (c >= 0x100 || CLASS[c] !== 0) return i;
  }
  return i;
}

/** [start, end) ranges of content drawn outside any marked-content sequence. */
function untaggedRanges(ops: Op[]): [number, number][] {
  const ranges: [number, number][] = [];
  let depth = 0;
  let pathStart = -1;
  let inText = false;
  for (let k = 0; k < ops.length; k++) {
    const op = ops[k];
    const o = op.operator;
    if (o === 'BMC' || o === 'BDC') depth++;
    else if (o === 'EMC') depth = Math.max(0, depth - 1);
    else if (o === 'BT' && depth === 0) {
      // A text object with no marked content inside is wrapped whole; otherwise its show operators are.
      let j = k + 1;
      let marked = false;
      for (; j < ops.length && ops[j].operator !== 'ET'; j++) if (ops[j].operator === 'BMC' || ops[j].operator === 'BDC') marked = true;
      if (j < ops.length && !marked) {
        ranges.push([op.start, ops[j].end]);
        k = j;
        continue;
      }
      inText = true;
    } else if (o === 'BT') inText = true;
    else if (o === 'ET') inText = false;
    else if (PATH_BUILD.has(o)) {
      if (pathStart < 0) pathStart = op.start;
    } else if (PATH_PAINT.has(o) || o === 'n') {
      if (depth === 0 && o !== 'n') ranges.push([pathStart < 0 ? op.start : pathStart, op.end]);
      pathStart = -1;
    } else if (depth === 0 && (o === 'Do' || o === 'sh' || (inText && TEXT_SHOW.has(o)))) {
      ranges.push([op.start, op.end]);
    }
  }
  return ranges;
}

/** How many graphics objects draw outside both tags and artifacts: 0 is what PDF/UA-1 §7.1 asks for. */
export function countUntaggedContent(content: string): number {
  return untaggedRanges(tokenize(content)).length;
}

const TAGGED_BDC = /^\/[^\s/<]+\s*<<\s*\/MCID\s+(\d+)\s*>>\s*BDC$/;

/**
 * The content stream with every untagged graphics object wrapped as an artifact, and the marked content
 * whose MCIDs are listed (a repeated table header) turned into pagination artifacts; unchanged when there
 * is nothing to do.
 */
export function markArtifacts(content: string, pagination: ReadonlySet<number> = new Set()): string {
  const edits = artifactEdits(content, pagination);
  return edits.length === 0 ? content : applyEdits(Buffer.from(content, 'latin1'), edits).toString('latin1');
}

/** The range [start, end) becomes `before`, then (if `keep`) the range itself and `after`. */
interface Edit {
  start: number;
  end: number;
  before: string;
  keep: boolean;
  after: string;
}

/** The edits markArtifacts makes, in order: applied to the stream's bytes, no second copy of a page's text is made. */
function artifactEdits(content: string, pagination: ReadonlySet<number>): Edit[] {
  const ops = tokenize(content);
  const edits: Edit[] = untaggedRanges(ops).map(([start, end]) => ({ start, end, before: '/Artifact BMC\n', keep: true, after: '\nEMC' }));
  if (pagination.size > 0) {
    for (const op of ops) {
      if (op.operator !== 'BDC') continue;
      const m = TAGGED_BDC.exec(content.slice(op.start, op.end));
      if (m && pagination.has(Number(m[1]))) edits.push({ start: op.start, end: op.end, before: '/Artifact <</Type /Pagination>> BDC', keep: false, after: '' });
    }
    edits.sort((a, b) => a.start - b.start);
  }
  return edits;
}

/** The content with the edits made, as bytes (latin1: one byte per character, so the text's offsets are the bytes'). */
function applyEdits(bytes: Buffer, edits: Edit[]): Buffer {
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const e of edits) {
    parts.push(bytes.subarray(at, e.start), Buffer.from(e.before, 'latin1'));
    if (e.keep) parts.push(bytes.subarray(e.start, e.end), Buffer.from(e.after, 'latin1'));
    at = e.end;
  }
  parts.push(bytes.subarray(at));
  return Buffer.concat(parts);
}

/**
 * A stream's decoded data: Flate without parameters, as Chromium writes content streams, or no filter.
 * Anything else is undefined: left as it is rather than decoded with less certainty.
 */
function decode(dict: Dict, data: Uint8Array): Uint8Array | undefined {
  const held = dict.get('Filter');
  const filters: Value[] = held === undefined ? [] : Array.isArray(held) ? held : [held];
  if (filters.length === 0) return data;
  if (filters.length > 1 || !isName(filters[0], 'FlateDecode') || dict.get('DecodeParms') !== undefined) return undefined;
  return inflateSync(data);
}

const NEWLINE = Buffer.from('\n');

/** One page's content with its artifacts marked, to be compressed and put back in its place. */
export interface PageArtifacts {
  content: Buffer;
  /** Puts the compressed content back: object numbers are given out here, so pages are put back in order. */
  put(data: Uint8Array): void;
}

/**
 * The pass for one page (by object number): undefined when there is nothing to change. A page whose
 * content it cannot read with certainty (an inline image, an unknown filter) is left exactly as
 * Chromium wrote it rather than risk changing what it draws.
 */
export function pageArtifacts(edit: PdfEdit, pageNum: number, pagination?: ReadonlySet<number>): PageArtifacts | undefined {
  const page = edit.dict(new Ref(pageNum));
  const held = page?.get('Contents');
  // One stream by reference, or an array (inline or by reference) of them.
  const single = held instanceof Ref && edit.stream(held.num) !== undefined;
  const list = single ? [held] : edit.resolve(held);
  if (!Array.isArray(list) || list.length === 0) return undefined;
  let bytes: Buffer;
  let edits: Edit[];
  try {
    const parts: Uint8Array[] = [];
    for (const [k, r] of list.entries()) {
      const stream = r instanceof Ref ? edit.stream(r.num) : undefined;
      const data = stream && decode(stream.dict, stream.data);
      if (!data) return undefined;
      if (k > 0) parts.push(NEWLINE);
      parts.push(data);
    }
    bytes = parts.length === 1 ? Buffer.from(parts[0].buffer, parts[0].byteOffset, parts[0].byteLength) : Buffer.concat(parts);
    edits = artifactEdits(bytes.toString('latin1'), pagination ?? new Set());
  } catch {
    return undefined;
  }
  if (edits.length === 0) return undefined;
  return {
    content: applyEdits(bytes, edits),
    put(data) {
      const dict: Dict = new Map([['Filter', Name.of('FlateDecode')]]);
      // One stream is replaced in place (several are joined into a new one), so the file does not carry
      // the unmarked content as well.
      if (single) edit.setStream(dict, data, (held as Ref).num);
      else edit.editDict(pageNum).set('Contents', edit.setStream(dict, data));
    },
  };
}
