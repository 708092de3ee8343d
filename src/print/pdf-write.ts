import { PDFRawStream, type PDFDocument, type PDFObject } from 'pdf-lib';
import { sha256 } from '../lib/hash.js';

/**
 * Writing a finished PDF without re-serialising what did not change. Chromium writes a classic
 * file (objects one after another, a cross-reference table, no object streams); pdf-lib parses it
 * so the finishing passes can edit dictionaries, but writing it back through pdf-lib re-encodes
 * every object and compresses them all again into object streams, a third of the finishing time.
 * Here the streams the passes left alone (fonts, images, most of the bytes) are copied from
 * Chromium's file as they are, and only the dictionaries and new streams are written by pdf-lib.
 */

/** Each in-use object's byte range in a classic PDF, from its cross-reference table. */
export function objectRanges(bytes: Uint8Array): Map<number, { start: number; end: number }> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tail = buf.toString('latin1', Math.max(0, buf.length - 64));
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  const ranges = new Map<number, { start: number; end: number }>();
  if (!m) return ranges;
  const xrefAt = Number(m[1]);
  // Only a classic table is read; a cross-reference stream leaves the map empty (everything is written anew).
  if (buf.toString('latin1', xrefAt, xrefAt + 4) !== 'xref') return ranges;
  const trailerAt = buf.indexOf('trailer', xrefAt, 'latin1');
  if (trailerAt < 0) return ranges;
  const lines = buf.toString('latin1', xrefAt + 4, trailerAt).split(/\r\n|\r|\n/).map((l) => l.trim()).filter(Boolean);
  const offsets: { num: number; start: number }[] = [];
  for (let i = 0; i < lines.length; ) {
    const [first, count] = lines[i++].split(/\s+/).map(Number);
    for (let k = 0; k < count; k++) {
      const [offset, , kind] = lines[i++].split(/\s+/);
      if (kind === 'n') offsets.push({ num: first + k, start: Number(offset) });
    }
  }
  offsets.sort((a, b) => a.start - b.start);
  offsets.forEach(({ num, start }, i) => {
    const end = i + 1 < offsets.length ? offsets[i + 1].start : xrefAt;
    // Taken only if the range is exactly that object, header to `endobj`.
    const head = buf.toString('latin1', start, Math.min(end, start + 24));
    const last = buf.toString('latin1', Math.max(start, end - 16), end).trimEnd();
    if (head.startsWith(`${num} 0 obj`) && last.endsWith('endobj')) ranges.set(num, { start, end });
  });
  return ranges;
}

/** The streams of a freshly loaded document, by object number: those still in place at the end are copied, not rewritten. */
export function originalStreams(doc: PDFDocument): Map<number, PDFObject> {
  const streams = new Map<number, PDFObject>();
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) if (obj instanceof PDFRawStream) streams.set(ref.objectNumber, obj);
  return streams;
}

const PLACEHOLDER_ID = '0'.repeat(32);

/**
 * The document as a classic PDF 1.7 file: unchanged streams copied from `source`, everything else
 * serialised, a cross-reference table, and an /ID that is a hash of the rest of the file (stable for
 * the same content, no randomness).
 */
export function writeClassicPdf(doc: PDFDocument, source: Uint8Array, untouched: Map<number, PDFObject>): Uint8Array {
  const ranges = objectRanges(source);
  // One buffer, grown as needed, that each object is written straight into: a buffer per object
  // (three for each of a big paper's 177,000 structure elements) cost more than writing them.
  let file = Buffer.allocUnsafe(Math.max(1 << 16, source.length + (source.length >> 3)));
  let at = 0;
  const room = (extra: number) => {
    if (at + extra <= file.length) return;
    const grown = Buffer.allocUnsafe(Math.max(file.length * 2, at + extra));
    file.copy(grown, 0, 0, at);
    file = grown;
  };
  const text = (s: string) => {
    room(s.length);
    at += file.write(s, at, 'latin1');
  };
  text('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
  const offsets = new Map<number, number>();
  let size = 1;
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    const num = ref.objectNumber;
    offsets.set(num, at);
    size = Math.max(size, num + 1);
    const range = ranges.get(num);
    if (range && ref.generationNumber === 0 && untouched.get(num) === obj) {
      room(range.end - range.start);
      file.set(source.subarray(range.start, range.end), at);
      at += range.end - range.start;
      continue;
    }
    text(`${num} ${ref.generationNumber} obj\n`);
    const length = obj.sizeInBytes();
    room(length);
    at += obj.copyBytesInto(file, at);
    text('\nendobj\n');
  }
  // Numbers not in use are free entries, linked in order as the table requires.
  const free = Array.from({ length: size }, (_, n) => n).filter((n) => n === 0 || !offsets.has(n));
  const nextFree = new Map(free.map((n, i) => [n, free[(i + 1) % free.length]]));
  const xrefAt = at;
  let table = `xref\n0 ${size}\n`;
  for (let n = 0; n < size; n++) {
    const offset = offsets.get(n);
    table +=
      offset === undefined || n === 0
        ? `${String(nextFree.get(n) ?? 0).padStart(10, '0')} ${n === 0 ? '65535' : '00001'} f \n`
        : `${String(offset).padStart(10, '0')} 00000 n \n`;
  }
  const t = doc.context.trailerInfo;
  const entries = [`/Size ${size}`, `/Root ${t.Root}`, ...(t.Info ? [`/Info ${t.Info}`] : [])];
  const marker = `<${PLACEHOLDER_ID}>`;
  text(`${table}trailer\n<<\n${entries.join('\n')}\n/ID [ ${marker} ${marker} ]\n>>\nstartxref\n${xrefAt}\n%%EOF\n`);
  const written = file.subarray(0, at);
  const idAt = written.lastIndexOf(`[ ${marker} ${marker} ]`);
  const id = sha256(written).slice(0, 32).toUpperCase();
  written.write(`[ <${id}> <${id}> ]`, idAt, 'latin1');
  return new Uint8Array(written.buffer, written.byteOffset, written.byteLength);
}
