import { sha256 } from '../lib/hash.js';
import { isDict, NotClassic, Ref, serialise, Str, stringTokens, type Dict, type RawPdf, type Value } from './pdf-raw.js';

/** An object written anew: a value, or a stream's dictionary and data (its /Length is set when written). */
type Written = { value: Value } | { dict: Dict; data: Uint8Array };

/**
 * Changes to a classic PDF, kept beside it: the objects the finishing passes edit or add. Reading
 * through here sees those changes; writing copies every other object from the file as it is.
 */
export class PdfEdit {
  private readonly changed = new Map<number, Written>();
  private next: number;
  /** The trailer's /Info, when a new one was made. */
  info: Ref | undefined;

  constructor(readonly pdf: RawPdf) {
    this.next = pdf.size;
    const info = pdf.trailer.get('Info');
    this.info = info instanceof Ref ? info : undefined;
  }

  /** The value behind a reference, as edited so far (the value itself otherwise). */
  resolve(v: Value | undefined): Value | undefined {
    if (!(v instanceof Ref)) return v;
    const w = this.changed.get(v.num);
    if (w) return 'value' in w ? w.value : w.dict;
    return this.pdf.has(v.num) ? this.pdf.read(v.num).value : undefined;
  }

  dict(v: Value | undefined): Dict | undefined {
    const r = this.resolve(v);
    return isDict(r) ? r : undefined;
  }

  /** A stream's dictionary and data, as edited so far. */
  stream(num: number): { dict: Dict; data: Uint8Array } | undefined {
    const w = this.changed.get(num);
    if (w) return 'data' in w ? w : undefined;
    return this.pdf.has(num) ? this.pdf.read(num).stream : undefined;
  }

  /** The object, to change in place: it is written anew. Inline values inside it are changed through it. */
  edit(num: number): Value {
    const w = this.changed.get(num);
    if (w) {
      if ('value' in w) return w.value;
      throw new NotClassic(`object ${num} is a stream`);
    }
    const { value, stream } = this.pdf.read(num);
    if (stream) throw new NotClassic(`object ${num} is a stream`);
    this.changed.set(num, { value });
    return value;
  }

  editDict(num: number): Dict {
    const v = this.edit(num);
    if (!isDict(v)) throw new NotClassic(`object ${num} is not a dictionary`);
    return v;
  }

  /** A new object. */
  add(value: Value): Ref {
    const ref = new Ref(this.next++);
    this.changed.set(ref.num, { value });
    return ref;
  }

  /** A new stream, or (with `num`) one that replaces an object. */
  setStream(dict: Dict, data: Uint8Array, num = this.next++): Ref {
    this.changed.set(num, { dict, data });
    return new Ref(num);
  }

  /**
   * The file: a PDF 1.7 header, every object in order of number (copied, or written anew), a
   * cross-reference table, and an /ID that is a hash of the rest of the file (stable for the same
   * content). Each string anywhere outside streams that `rename` maps is replaced.
   */
  write(rename: ReadonlyMap<string, string>): Uint8Array {
    const src = this.pdf.buf;
    let file = Buffer.allocUnsafe(Math.max(1 << 16, src.length + (src.length >> 3)));
    let at = 0;
    const room = (extra: number) => {
      if (at + extra <= file.length) return;
      const grown = Buffer.allocUnsafe(Math.max(file.length * 2, at + extra));
      file.copy(grown, 0, 0, at);
      file = grown;
    };
    const bytes = (b: Uint8Array) => {
      room(b.length);
      file.set(b, at);
      at += b.length;
    };
    const text = (s: string) => {
      room(s.length);
      at += file.write(s, at, 'latin1');
    };
    /** `buf[start, end)`, its strings renamed. */
    const renamed = (buf: Buffer, start: number, end: number) => {
      let from = start;
      if (rename.size > 0) {
        for (const t of stringTokens(buf, start, end)) {
          // Chromium's ids are short; longer strings (titles, alt text) are never one.
          if (t.end - t.start > 64) continue;
          const to = rename.get(new Str(buf.toString('latin1', t.start, t.end)).decode());
          if (to === undefined) continue;
          bytes(buf.subarray(from, t.start));
          text(Str.literal(to).raw);
          from = t.end;
        }
      }
      bytes(buf.subarray(from, end));
    };

    text('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
    const size = this.next;
    const offsets = new Float64Array(size);
    for (let num = 1; num < size; num++) {
      const w = this.changed.get(num);
      if (!w && !this.pdf.has(num)) continue;
      offsets[num] = at;
      if (!w) {
        const { start, end } = this.pdf.range(num);
        renamed(src, start, end);
      } else if ('value' in w) {
        const b = Buffer.from(`${num} 0 obj\n${serialise(w.value)}\nendobj\n`, 'latin1');
        renamed(b, 0, b.length);
      } else {
        const dict = new Map(w.dict);
        dict.set('Length', w.data.length);
        const b = Buffer.from(`${num} 0 obj\n${serialise(dict)}\nstream\n`, 'latin1');
        renamed(b, 0, b.length);
        bytes(w.data);
        text('\nendstream\nendobj\n');
      }
    }
    // Numbers not in use are free entries, linked in order as the table requires.
    const free: number[] = [0];
    for (let n = 1; n < size; n++) if (offsets[n] === 0) free.push(n);
    const nextFree = new Map(free.map((n, i) => [n, free[(i + 1) % free.length]]));
    const xrefAt = at;
    const rows: string[] = [`xref\n0 ${size}\n`];
    for (let n = 0; n < size; n++) {
      rows.push(
        offsets[n] === 0
          ? `${String(nextFree.get(n) ?? 0).padStart(10, '0')} ${n === 0 ? '65535' : '00001'} f \n`
          : `${String(offsets[n]).padStart(10, '0')} 00000 n \n`,
      );
    }
    text(rows.join(''));
    const t = this.pdf.trailer;
    const entries = [`/Size ${size}`, `/Root ${serialise(t.get('Root')!)}`, ...(this.info ? [`/Info ${serialise(this.info)}`] : [])];
    const marker = `<${PLACEHOLDER_ID}>`;
    text(`trailer\n<<\n${entries.join('\n')}\n/ID [ ${marker} ${marker} ]\n>>\nstartxref\n${xrefAt}\n%%EOF\n`);
    const written = file.subarray(0, at);
    const idAt = written.lastIndexOf(`[ ${marker} ${marker} ]`);
    const id = sha256(written).slice(0, 32).toUpperCase();
    written.write(`[ <${id}> <${id}> ]`, idAt, 'latin1');
    return new Uint8Array(written.buffer, written.byteOffset, written.byteLength);
  }
}

const PLACEHOLDER_ID = '0'.repeat(32);
