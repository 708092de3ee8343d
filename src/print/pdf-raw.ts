/**
 * Reading and writing a classic PDF as bytes, object by object, without building the whole document.
 * Chromium writes a classic file: objects one after another, a cross-reference table, a trailer. The
 * finishing passes read the few dictionaries they need (the catalog, the pages, the structure tree),
 * each parsed when asked for and let go; what they change is written anew and everything else is
 * copied from Chromium's file as it is. Memory is the file and its copy, not a parsed document
 * (a million-row workspace's paper is 600,000 objects).
 */

/** An indirect reference. */
export class Ref {
  constructor(
    readonly num: number,
    readonly gen = 0,
  ) {}
}

/** A name as written, without its slash (`#xx` escapes kept as they are). */
export class Name {
  private static readonly known = new Map<string, Name>();
  private constructor(readonly raw: string) {}
  static of(raw: string): Name {
    let n = Name.known.get(raw);
    if (n === undefined) Name.known.set(raw, (n = new Name(raw)));
    return n;
  }
}

/** A string token as written, delimiters included (`(…)` or `<…>`): written back unchanged. */
export class Str {
  constructor(readonly raw: string) {}

  /** A literal string of ASCII or Latin-1 text. */
  static literal(text: string): Str {
    return new Str(`(${text.replace(/[\\()]/g, (c) => `\\${c}`).replace(/\r/g, '\\r').replace(/\n/g, '\\n')})`);
  }

  /** A text string as UTF-16BE with a byte-order mark, in hex: any text, as PDF 1.7 §7.9.2.2 allows. */
  static text(text: string): Str {
    let hex = 'FEFF';
    for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
    return new Str(`<${hex}>`);
  }

  /** The string's text (PDF 1.7 §7.9.2.2: UTF-16BE after a byte-order mark, else one byte per character). */
  decode(): string {
    const bytes = this.raw.startsWith('(') ? unescapeLiteral(this.raw) : unhex(this.raw);
    if (bytes.length >= 2 && bytes.charCodeAt(0) === 0xfe && bytes.charCodeAt(1) === 0xff) {
      let s = '';
      for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes.charCodeAt(i) * 256 + bytes.charCodeAt(i + 1));
      return s;
    }
    return bytes;
  }
}

export type Value = number | boolean | null | Name | Str | Ref | Value[] | Dict;
/** A dictionary, keys without their slash, in the order written. */
export type Dict = Map<string, Value>;

export const isDict = (v: Value | undefined): v is Dict => v instanceof Map;
export const isName = (v: Value | undefined, raw?: string): v is Name => v instanceof Name && (raw === undefined || v.raw === raw);

/** Raised for a file this reader does not take (not classic, or not as its table says). */
export class NotClassic extends Error {}

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' };

function unescapeLiteral(raw: string): string {
  return raw.slice(1, -1).replace(/\\(?:([0-7]{1,3})|(\r\n|\r|\n)|(.))/gs, (_, oct: string, eol: string, c: string) =>
    oct ? String.fromCharCode(parseInt(oct, 8) & 0xff) : eol ? '' : (ESCAPES[c] ?? c),
  );
}

function unhex(raw: string): string {
  const hex = raw.slice(1, -1).replace(/[^0-9A-Fa-f]/g, '');
  let s = '';
  for (let i = 0; i < hex.length; i += 2) s += String.fromCharCode(parseInt(hex.slice(i, i + 2).padEnd(2, '0'), 16));
  return s;
}

// PDF 1.7 §7.2.2: white space and delimiters, by byte.
const WHITE = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WHITE[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

/** A reader over one file's bytes: values parsed from an offset. */
class Lexer {
  i = 0;
  constructor(readonly buf: Buffer) {}

  skip(): void {
    const { buf } = this;
    for (;;) {
      while (this.i < buf.length && WHITE[buf[this.i]]) this.i++;
      if (buf[this.i] !== 0x25 /* % */) return;
      while (this.i < buf.length && buf[this.i] !== 10 && buf[this.i] !== 13) this.i++;
    }
  }

  /** The run of regular characters from here. */
  word(): string {
    const { buf } = this;
    const start = this.i;
    while (this.i < buf.length && !WHITE[buf[this.i]] && !DELIM[buf[this.i]]) this.i++;
    return buf.toString('latin1', start, this.i);
  }

  /** Where the string token starting here ends (just after its closing delimiter). */
  stringEnd(): number {
    const { buf } = this;
    let j = this.i;
    if (buf[j] === 0x3c /* < */) {
      const close = buf.indexOf(0x3e, j);
      if (close < 0) throw new NotClassic(`an unterminated hex string at byte ${j}`);
      return close + 1;
    }
    let depth = 0;
    for (; j < buf.length; j++) {
      const c = buf[j];
      if (c === 0x5c /* \ */) j++;
      else if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return j + 1;
    }
    throw new NotClassic(`an unterminated string at byte ${this.i}`);
  }

  value(): Value {
    this.skip();
    const { buf } = this;
    const c = buf[this.i];
    if (c === 0x2f /* / */) {
      this.i++;
      return Name.of(this.word());
    }
    if (c === 0x28 || (c === 0x3c && buf[this.i + 1] !== 0x3c)) {
      const end = this.stringEnd();
      const s = new Str(buf.toString('latin1', this.i, end));
      this.i = end;
      return s;
    }
    if (c === 0x3c) {
      this.i += 2;
      const dict: Dict = new Map();
      for (;;) {
        this.skip();
        if (buf[this.i] === 0x3e && buf[this.i + 1] === 0x3e) {
          this.i += 2;
          return dict;
        }
        if (buf[this.i] !== 0x2f) throw new NotClassic(`a dictionary key expected at byte ${this.i}`);
        this.i++;
        const key = this.word();
        dict.set(key, this.value());
      }
    }
    if (c === 0x5b /* [ */) {
      this.i++;
      const list: Value[] = [];
      for (;;) {
        this.skip();
        if (buf[this.i] === 0x5d) {
          this.i++;
          return list;
        }
        if (this.i >= buf.length) throw new NotClassic('an unterminated array');
        list.push(this.value());
      }
    }
    if (isDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) return this.number();
    const start = this.i;
    const word = this.word();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    throw new NotClassic(`"${word || String.fromCharCode(c)}" at byte ${start}`);
  }

  /** Digits read straight from the bytes; an integer followed by another and `R` is a reference. */
  private number(): number | Ref {
    const { buf } = this;
    const start = this.i;
    let whole = 0;
    while (this.i < buf.length && isDigit(buf[this.i])) whole = whole * 10 + buf[this.i++] - 0x30;
    const end = this.i;
    if (end > start && end - start < 16 && (end >= buf.length || WHITE[buf[end]] || DELIM[buf[end]])) {
      this.skip();
      const genAt = this.i;
      let gen = 0;
      while (this.i < buf.length && isDigit(buf[this.i])) gen = gen * 10 + buf[this.i++] - 0x30;
      if (this.i > genAt && (WHITE[buf[this.i]] || DELIM[buf[this.i]])) {
        this.skip();
        if (buf[this.i] === 0x52 /* R */ && (this.i + 1 >= buf.length || WHITE[buf[this.i + 1]] || DELIM[buf[this.i + 1]])) {
          this.i++;
          return new Ref(whole, gen);
        }
      }
      this.i = end;
      return whole;
    }
    this.i = start;
    const word = this.word();
    const n = Number(word);
    if (!Number.isFinite(n) || !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(word)) throw new NotClassic(`"${word}" at byte ${start}`);
    return n;
  }
}

/** One object of the file: where it is, and for a stream where its data is. */
export interface Located {
  start: number;
  end: number;
  value: Value;
  stream?: { dict: Dict; data: Buffer };
}

/**
 * A classic PDF file, read on demand: the cross-reference table is read once, each object is parsed
 * when asked for and not kept.
 */
export class RawPdf {
  readonly buf: Buffer;
  /** Byte offset of each in-use object, by number (0 for none); the end is where the next one starts. */
  private readonly starts: Float64Array;
  private readonly ends: Float64Array;
  readonly trailer: Dict;
  /** One more than the largest object number. */
  readonly size: number;

  constructor(bytes: Uint8Array) {
    this.buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const buf = this.buf;
    const tail = buf.toString('latin1', Math.max(0, buf.length - 64));
    const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
    if (!m) throw new NotClassic('no startxref at the end');
    const xrefAt = Number(m[1]);
    if (buf.toString('latin1', xrefAt, xrefAt + 4) !== 'xref') throw new NotClassic('a cross-reference stream, not a table');
    const lex = new Lexer(buf);
    lex.i = xrefAt + 4;
    const offsets: number[] = [];
    let largest = 0;
    // Subsections: `first count`, then `count` entries of `offset generation n|f`.
    for (;;) {
      lex.skip();
      if (!isDigit(buf[lex.i])) break;
      const first = Number(lex.word());
      lex.skip();
      const count = Number(lex.word());
      for (let k = 0; k < count; k++) {
        lex.skip();
        const offset = Number(lex.word());
        lex.skip();
        lex.word();
        lex.skip();
        const kind = lex.word();
        if (kind === 'n' && offset > 0) {
          offsets[first + k] = offset;
          largest = Math.max(largest, first + k);
        } else if (kind !== 'n' && kind !== 'f') throw new NotClassic(`a cross-reference entry of kind "${kind}"`);
      }
    }
    if (buf.toString('latin1', lex.i, lex.i + 7) !== 'trailer') throw new NotClassic('no trailer after the cross-reference table');
    lex.i += 7;
    const trailer = lex.value();
    if (!isDict(trailer) || !(trailer.get('Root') instanceof Ref)) throw new NotClassic('a trailer without /Root');
    if (trailer.has('Prev') || trailer.has('Encrypt') || trailer.has('XRefStm')) throw new NotClassic('an updated, encrypted or hybrid file');
    this.trailer = trailer;
    this.size = largest + 1;
    this.starts = new Float64Array(this.size);
    this.ends = new Float64Array(this.size);
    const order: number[] = [];
    for (let num = 1; num < this.size; num++) if (offsets[num] !== undefined) order.push(num);
    order.sort((a, b) => offsets[a] - offsets[b]);
    order.forEach((num, k) => {
      const start = offsets[num];
      const end = k + 1 < order.length ? offsets[order[k + 1]] : xrefAt;
      // Taken only if the range is exactly that object, header to `endobj`.
      const head = buf.toString('latin1', start, Math.min(end, start + 24));
      const last = buf.toString('latin1', Math.max(start, end - 16), end).trimEnd();
      if (!head.startsWith(`${num} 0 obj`) || !last.endsWith('endobj')) throw new NotClassic(`object ${num} is not where the table says`);
      this.starts[num] = start;
      this.ends[num] = end;
    });
  }

  has(num: number): boolean {
    return num > 0 && num < this.size && this.starts[num] > 0;
  }

  /** Object numbers in use, ascending. */
  *numbers(): Generator<number> {
    for (let num = 1; num < this.size; num++) if (this.starts[num] > 0) yield num;
  }

  /** The object's bytes, `N 0 obj` to `endobj` and the line end after it. */
  range(num: number): { start: number; end: number } {
    return { start: this.starts[num], end: this.ends[num] };
  }

  /** The object, parsed now (a stream as its dictionary, with its data). */
  read(num: number): Located {
    if (!this.has(num)) throw new NotClassic(`object ${num} is not in the file`);
    const start = this.starts[num];
    const end = this.ends[num];
    const lex = new Lexer(this.buf);
    lex.i = start;
    lex.word();
    lex.skip();
    lex.word();
    lex.skip();
    if (lex.word() !== 'obj') throw new NotClassic(`object ${num} has no header`);
    const value = lex.value();
    lex.skip();
    if (!isDict(value) || this.buf.toString('latin1', lex.i, lex.i + 6) !== 'stream') return { start, end, value };
    let at = lex.i + 6;
    if (this.buf[at] === 13) at++;
    if (this.buf[at] === 10) at++;
    const length = this.resolve(value.get('Length'));
    if (typeof length !== 'number' || at + length > end) throw new NotClassic(`stream ${num} has no usable /Length`);
    return { start, end, value, stream: { dict: value, data: this.buf.subarray(at, at + length) } };
  }

  /** The value behind a reference (the value itself otherwise). */
  resolve(v: Value | undefined): Value | undefined {
    return v instanceof Ref ? (this.has(v.num) ? this.read(v.num).value : undefined) : v;
  }
}

/** Every string token in the bytes (outside streams), with where it is. */
export function* stringTokens(buf: Buffer, start: number, end: number): Generator<{ start: number; end: number }> {
  const lex = new Lexer(buf);
  lex.i = start;
  while (lex.i < end) {
    const c = buf[lex.i];
    if (c === 0x25) {
      lex.skip();
      continue;
    }
    if (c === 0x3c && buf[lex.i + 1] === 0x3c) {
      lex.i += 2;
      continue;
    }
    if (c === 0x28 || c === 0x3c) {
      const stop = lex.stringEnd();
      yield { start: lex.i, end: stop };
      lex.i = stop;
      continue;
    }
    // `stream` after a dictionary: the data after it is not PDF syntax.
    if (c === 0x73 && (WHITE[buf[lex.i - 1]] || buf[lex.i - 1] === 0x3e) && buf.toString('latin1', lex.i, lex.i + 6) === 'stream') return;
    lex.i++;
  }
}

function number(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const s = String(n);
  return s.includes('e') ? n.toFixed(10).replace(/\.?0+$/, '') : s;
}

/** A value as PDF syntax. */
export function serialise(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return number(v);
  if (v instanceof Name) return `/${v.raw}`;
  if (v instanceof Str) return v.raw;
  if (v instanceof Ref) return `${v.num} ${v.gen} R`;
  if (Array.isArray(v)) return `[${v.map(serialise).join(' ')}]`;
  let s = '<<';
  for (const [k, x] of v) s += `\n/${k} ${serialise(x)}`;
  return `${s}\n>>`;
}
