import {
  ParseSpeeds,
  PDFArray,
  PDFBool,
  PDFCatalog,
  PDFContext,
  PDFDict,
  PDFDocument,
  PDFHeader,
  PDFHexString,
  PDFName,
  PDFNull,
  PDFNumber,
  PDFPageLeaf,
  PDFPageTree,
  PDFRawStream,
  PDFRef,
  PDFString,
  type PDFObject,
} from 'pdf-lib';

/**
 * Reading the PDF Chromium writes into pdf-lib's objects, two to three times faster than pdf-lib's
 * own parser (which reads a byte at a time through method calls and copies every stream). It builds
 * exactly the objects pdf-lib's parser builds (the same classes, values and order; a test compares
 * them on the papers Chromium prints), for the file Chromium writes: classic objects one after
 * another, streams with a direct /Length, a cross-reference table and a trailer. Anything else (object
 * or cross-reference streams, encryption, an indirect /Length, a number too large to be exact) is
 * read by pdf-lib's parser instead. Stream contents are views of `bytes`, not copies.
 */
export async function loadPdf(bytes: Uint8Array): Promise<PDFDocument> {
  let context: PDFContext;
  try {
    context = readClassicPdf(bytes);
  } catch (e) {
    if (!(e instanceof Unsupported)) throw e;
    // pdf-lib yields to the event loop every few objects by default; nothing else is waiting, so don't.
    return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
  }
  // pdf-lib's own constructor, as PDFDocument.load calls it once its parser has filled the context.
  const Doc = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
  return new Doc(context, false, false);
}

/** Something this reader leaves to pdf-lib's parser. */
export class Unsupported extends Error {}

const table = (chars: number[]) => {
  const t = new Uint8Array(256);
  for (const c of chars) t[c] = 1;
  return t;
};
const codes = (s: string) => [...s].map((c) => c.charCodeAt(0));
// As pdf-lib's parser classifies bytes (core/syntax/Whitespace, Delimiters, Numeric).
const WHITESPACE = table([0, 9, 10, 12, 13, 32]);
const DELIMITER = table(codes('()<>[]{}/%'));
const NUMERIC = table(codes('+-.0123456789'));
const DIGIT = table(codes('0123456789'));

const TYPE = PDFName.of('Type');
const LENGTH = PDFName.of('Length');
const CATALOG = PDFName.of('Catalog');
const PAGES = PDFName.of('Pages');
const PAGE = PDFName.of('Page');
const OBJECT_STREAM = PDFName.of('ObjStm');
const XREF_STREAM = PDFName.of('XRef');

/** A classic PDF's objects and trailer in a fresh context; throws Unsupported for anything else. */
export function readClassicPdf(bytes: Uint8Array): PDFContext {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = buf.length;
  const context = PDFContext.create();
  let i = 0;

  const skip = (): void => {
    for (;;) {
      while (i < n && WHITESPACE[buf[i]]) i++;
      if (i < n && buf[i] === 0x25 /* % */) {
        while (i < n && buf[i] !== 10 && buf[i] !== 13) i++;
        continue;
      }
      return;
    }
  };
  const keyword = (word: string): boolean => {
    for (let k = 0; k < word.length; k++) if (buf[i + k] !== word.charCodeAt(k)) return false;
    i += word.length;
    return true;
  };
  // pdf-lib's parseRawNumber: sign, digits and one point, then digits.
  const rawNumber = (): number => {
    const start = i;
    // Most numbers are whole and short (object numbers, MCIDs): read as digits without a string.
    let whole = 0;
    while (i < n && DIGIT[buf[i]] && i - start < 15) whole = whole * 10 + buf[i++] - 0x30;
    if (i > start && !(i < n && NUMERIC[buf[i]])) return whole;
    i = start;
    while (i < n && NUMERIC[buf[i]]) if (buf[i++] === 0x2e /* . */) break;
    while (i < n && DIGIT[buf[i]]) i++;
    const value = Number(buf.toString('latin1', start, i));
    if (start === i || !Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) throw new Unsupported(`a number at byte ${start}`);
    return value;
  };
  // The same few names (/Type, /StructElem, /K, /P) thousands of times: each decoded once.
  const names = new Map<string, PDFName>();
  const name = (): PDFName => {
    const start = ++i;
    while (i < n && !WHITESPACE[buf[i]] && !DELIMITER[buf[i]]) i++;
    const raw = buf.toString('latin1', start, i);
    let known = names.get(raw);
    if (known === undefined) names.set(raw, (known = PDFName.of(raw)));
    return known;
  };
  // pdf-lib keeps one PDFRef per number (PDFRef.of looks it up by a string it builds each time).
  const refs: PDFRef[] = [];
  const ref = (num: number, gen: number): PDFRef => (gen === 0 ? (refs[num] ??= PDFRef.of(num, 0)) : PDFRef.of(num, gen));
  const literal = (): PDFString => {
    // The text between balanced, unescaped parentheses, kept escaped as pdf-lib keeps it.
    const start = i;
    let depth = 0;
    let escaped = false;
    while (i < n) {
      const c = buf[i++];
      if (!escaped) {
        if (c === 0x28) depth++;
        else if (c === 0x29) depth--;
      }
      if (c === 0x5c) escaped = !escaped;
      else if (escaped) escaped = false;
      if (depth === 0) return PDFString.of(buf.toString('latin1', start + 1, i - 1));
    }
    throw new Unsupported(`an unbalanced string at byte ${start}`);
  };
  const dict = (): PDFDict => {
    i += 2;
    skip();
    const entries = new Map<PDFName, PDFObject>();
    while (!(buf[i] === 0x3e && buf[i + 1] === 0x3e)) {
      if (i >= n || buf[i] !== 0x2f) throw new Unsupported(`a dictionary key at byte ${i}`);
      const key = name();
      entries.set(key, object());
      skip();
    }
    i += 2;
    const type = entries.get(TYPE);
    if (type === CATALOG) return PDFCatalog.fromMapWithContext(entries, context);
    if (type === PAGES) return PDFPageTree.fromMapWithContext(entries, context);
    if (type === PAGE) return PDFPageLeaf.fromMapWithContext(entries, context);
    return PDFDict.fromMapWithContext(entries, context);
  };
  const dictOrStream = (): PDFObject => {
    const d = dict();
    skip();
    if (!keyword('stream')) return d;
    if (buf[i] === 13 && buf[i + 1] === 10) i += 2;
    else if (buf[i] === 10 || buf[i] === 13) i++;
    const length = d.get(LENGTH);
    if (!(length instanceof PDFNumber)) throw new Unsupported('a stream without a direct /Length');
    const start = i;
    const end = start + length.asNumber();
    i = end;
    skip();
    if (end > n || !keyword('endstream')) throw new Unsupported(`a stream whose /Length does not end it, at byte ${start}`);
    const stream = PDFRawStream.of(d, bytes.subarray(start, end));
    const type = d.get(TYPE);
    if (type === OBJECT_STREAM || type === XREF_STREAM) throw new Unsupported('an object or cross-reference stream');
    return stream;
  };
  const object = (): PDFObject => {
    skip();
    const b = buf[i];
    if (b === 0x74 && keyword('true')) return PDFBool.True;
    if (b === 0x66 && keyword('false')) return PDFBool.False;
    if (b === 0x6e && keyword('null')) return PDFNull;
    if (b === 0x3c /* < */) {
      if (buf[i + 1] === 0x3c) return dictOrStream();
      const start = ++i;
      while (i < n && buf[i] !== 0x3e) i++;
      if (i >= n) throw new Unsupported(`an unterminated hex string at byte ${start}`);
      return PDFHexString.of(buf.toString('latin1', start, i++));
    }
    if (b === 0x28 /* ( */) return literal();
    if (b === 0x2f /* / */) return name();
    if (b === 0x5b /* [ */) {
      i++;
      skip();
      const array = PDFArray.withContext(context);
      while (buf[i] !== 0x5d) {
        if (i >= n) throw new Unsupported('an unterminated array');
        array.push(object());
        skip();
      }
      i++;
      return array;
    }
    if (NUMERIC[b]) {
      // A number, or the first of the two numbers of a reference ("12 0 R").
      const first = rawNumber();
      skip();
      const back = i;
      if (DIGIT[buf[i]]) {
        const second = rawNumber();
        skip();
        if (buf[i] === 0x52 /* R */) {
          i++;
          return ref(first, second);
        }
      }
      i = back;
      return PDFNumber.of(first);
    }
    throw new Unsupported(`an object pdf-lib's reader may know, at byte ${i}`);
  };

  if (!keyword('%PDF-')) throw new Unsupported('no PDF header at the start');
  const major = rawNumber();
  // The version as pdf-lib records it; the finished file is written with a header of its own.
  context.header = PDFHeader.forVersion(Math.trunc(major), Math.round((major % 1) * 10));
  for (;;) {
    skip();
    if (i >= n) break;
    if (keyword('xref')) {
      const trailer = buf.indexOf('trailer', i, 'latin1');
      if (trailer < 0) throw new Unsupported('a cross-reference table without a trailer');
      i = trailer + 'trailer'.length;
      skip();
      if (!(buf[i] === 0x3c && buf[i + 1] === 0x3c)) throw new Unsupported('a trailer that is not a dictionary');
      const t = dict();
      // A later trailer (an incremental update) keeps what it does not restate, as in pdf-lib's parser.
      const was = context.trailerInfo;
      context.trailerInfo = {
        Root: t.get(PDFName.of('Root')) ?? was.Root,
        Encrypt: t.get(PDFName.of('Encrypt')) ?? was.Encrypt,
        Info: t.get(PDFName.of('Info')) ?? was.Info,
        ID: t.get(PDFName.of('ID')) ?? was.ID,
      };
      skip();
      if (keyword('startxref')) {
        skip();
        rawNumber();
        skip();
        keyword('%%EOF');
      }
      continue;
    }
    if (!DIGIT[buf[i]]) throw new Unsupported(`something other than an object at byte ${i}`);
    const num = rawNumber();
    skip();
    const gen = rawNumber();
    skip();
    if (!keyword('obj') || !Number.isInteger(num) || !Number.isInteger(gen)) throw new Unsupported(`an object header that is not "N G obj" at byte ${i}`);
    const value = object();
    skip();
    keyword('endobj');
    context.assign(ref(num, gen), value);
  }
  const root = context.trailerInfo.Root;
  if (!(root instanceof PDFRef) || !(context.lookup(root) instanceof PDFCatalog) || context.trailerInfo.Encrypt !== undefined) {
    throw new Unsupported('no catalogue in the trailer, or an encrypted file');
  }
  if (context.lookup(PDFRef.of(0))) throw new Unsupported('an object numbered 0');
  return context;
}
