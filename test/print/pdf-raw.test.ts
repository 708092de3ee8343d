import fc from 'fast-check';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, StandardFonts } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { PdfEdit } from '../../src/print/pdf-edit.js';
import { Name, NotClassic, RawPdf, type Ref, serialise, Str, stringTokens, type Value } from '../../src/print/pdf-raw.js';
import { canonicalOfPdfLib, canonicalOfRaw } from '../helpers/pdf-objects.js';

/** Every object of a classic file, as this reader and as pdf-lib's parser read them. */
async function bothReadings(bytes: Uint8Array): Promise<[string[], string[]]> {
  const raw = new RawPdf(bytes);
  const ours = [...raw.numbers()].map((num) => {
    const o = raw.read(num);
    return `${num} ${canonicalOfRaw(o)}`;
  });
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  const theirs = doc.context.enumerateIndirectObjects().map(([ref, obj]) => `${ref.objectNumber} ${canonicalOfPdfLib(obj)}`);
  return [ours, theirs];
}

/** A classic file as Chromium writes one: objects in a row, a cross-reference table, no object streams. */
async function classic(pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage().drawText(`Page ${i + 1} of ${pages}`, { font, x: 50, y: 50 });
  doc.setTitle('from <title>');
  return doc.save({ useObjectStreams: false });
}

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('reading a classic PDF object by object (SPEC Accessible papers: finishing)', () => {
  it('reads every object where the cross-reference table says, as pdf-lib’s parser reads it', async () => {
    const bytes = await classic();
    const [ours, theirs] = await bothReadings(bytes);
    expect(ours.length).toBeGreaterThan(5);
    expect(ours).toEqual(theirs);
    const raw = new RawPdf(bytes);
    for (const num of raw.numbers()) {
      const { start, end } = raw.range(num);
      expect(text(bytes.subarray(start, end))).toMatch(new RegExp(`^${num} 0 obj[\\s\\S]*endobj\\s*$`));
    }
  });

  it('reads random dictionaries as pdf-lib’s parser does', async () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,6}$/);
    const scalar = fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }).map((n) => PDFNumber.of(n)),
      fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((n) => PDFNumber.of(Math.round(n * 100) / 100)),
      name.map((n) => PDFName.of(n)),
      fc.string({ maxLength: 12 }).map((s) => PDFString.of(s.replace(/[\\()\r]/g, 'x'))),
      fc.string({ maxLength: 8 }).map((s) => PDFHexString.fromText(s)),
      fc.nat({ max: 3 }).map((n) => PDFRef.of(n + 1, 0)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, scalar, fc.boolean()), { minLength: 1, maxLength: 8 }), async (entries) => {
        const doc = await PDFDocument.create({ updateMetadata: false });
        doc.addPage();
        const dict = doc.context.obj({});
        for (const [k, v, inArray] of entries) dict.set(PDFName.of(k), inArray ? doc.context.obj([v, doc.context.obj({ In: v })]) : v);
        doc.catalog.set(PDFName.of('Random'), doc.context.register(dict));
        const [ours, theirs] = await bothReadings(await doc.save({ useObjectStreams: false }));
        expect(ours).toEqual(theirs);
      }),
      { numRuns: 60 },
    );
  });

  it('refuses what it does not read, so finishing rewrites it first: a cross-reference stream, a missing object', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const streamed = await doc.save({ useObjectStreams: true });
    expect(() => new RawPdf(streamed)).toThrow(NotClassic);
    const bytes = Buffer.from(await classic(1));
    // The table's first in-use entry made to point one byte off.
    const table = bytes.lastIndexOf('\nxref');
    const entry = bytes.indexOf(' 00000 n', table) - 10;
    bytes.write(String(Number(bytes.toString('latin1', entry, entry + 10)) + 1).padStart(10, '0'), entry, 'latin1');
    expect(() => new RawPdf(bytes)).toThrow(/not where the table says/);
  });

  it('finds the strings in an object, and not `<<`, names or a stream’s data', () => {
    const src = Buffer.from('7 0 obj\n<</A (x\\)y) /B <4142> /C [(n(es)t)] /D /Name>>\nstream\n(not) <me>\nendstream\nendobj\n', 'latin1');
    const found = [...stringTokens(src, 0, src.length)].map((t) => src.toString('latin1', t.start, t.end));
    expect(found).toEqual(['(x\\)y)', '<4142>', '(n(es)t)']);
  });

  it('decodes literal, hex and UTF-16 strings, and writes text back that decodes the same', () => {
    expect(new Str('(a\\(b\\)\\\\c\\101\\n)').decode()).toBe('a(b)\\cA\n');
    expect(new Str('<6E6F6465 3>').decode()).toBe('node0');
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        expect(Str.text(s).decode()).toBe(s);
        const latin = s.replace(/[^\x20-\xff]/g, '?');
        expect(Str.literal(latin).decode()).toBe(latin);
      }),
    );
  });
});

describe('writing a finished PDF: what changed anew, the rest copied', () => {
  it('copies the objects left alone byte for byte and writes what changed, with a table another reader follows', async () => {
    const bytes = await classic(3);
    const raw = new RawPdf(bytes);
    const edit = new PdfEdit(raw);
    const catalog = edit.editDict((raw.trailer.get('Root') as Ref).num);
    // A replaced content stream and a new object, as the artifact pass and the XMP stream make.
    const doc = await PDFDocument.load(bytes);
    const contents = doc.getPages()[0].node.get(PDFName.of('Contents'));
    const first = contents instanceof PDFArray ? contents.get(0) : contents;
    if (!(first instanceof PDFRef)) throw new Error('expected the page content by reference');
    const font = doc.getPages()[0].node.Resources()!.lookup(PDFName.of('Font'), PDFDict).keys()[0];
    edit.setStream(new Map(), Buffer.from(`BT ${font} 12 Tf 50 50 Td (Replaced) Tj ET`), first.objectNumber);
    catalog.set('Metadata', edit.setStream(new Map<string, Value>([['Type', Name.of('Metadata')]]), Buffer.from('<x/>')));
    const out = edit.write(new Map());

    const again = new RawPdf(out);
    expect([...again.numbers()]).toEqual([...raw.numbers(), raw.size]);
    const changed = new Set([first.objectNumber, (raw.trailer.get('Root') as Ref).num]);
    for (const num of raw.numbers()) {
      if (changed.has(num)) continue;
      const { start, end } = raw.range(num);
      const copy = again.range(num);
      expect(Buffer.compare(Buffer.from(out.subarray(copy.start, copy.end)), Buffer.from(bytes.subarray(start, end)))).toBe(0);
    }
    const pdf = await getDocument({ data: out.slice() }).promise;
    const items = (await (await pdf.getPage(1)).getTextContent()).items.map((i) => ('str' in i ? i.str : ''));
    await pdf.destroy();
    expect(items.join('')).toContain('Replaced');
    expect((await PDFDocument.load(out)).catalog.lookup(PDFName.of('Metadata'))).toBeInstanceOf(PDFRawStream);
  });

  it('renames every string it is given outside streams, and only those', async () => {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage();
    const a = doc.context.register(doc.context.obj({ ID: PDFString.of('node00000016'), Alt: PDFString.of('node00000016 and more') }));
    const b = doc.context.register(doc.context.obj({ A: [{ Headers: [PDFHexString.fromText('node00000016'), PDFString.of('node00000017')] }] }));
    doc.catalog.set(PDFName.of('Both'), doc.context.obj([a, b]));
    const raw = new RawPdf(await doc.save({ useObjectStreams: false }));
    const out = new RawPdf(new PdfEdit(raw).write(new Map([['node00000016', 'node00000001']])));
    expect(canonicalOfRaw(out.read(a.objectNumber))).toBe('<</Alt (node00000016 and more) /ID (node00000001)>>');
    expect(canonicalOfRaw(out.read(b.objectNumber))).toBe('<</A [<</Headers [(node00000001) (node00000017)]>>]>>');
  });

  it('writes a paper of hundreds of thousands of objects (a million-row workspace’s Part 2)', () => {
    // Written by hand as Chromium writes one: a structure element per table cell.
    const cells = 200_000;
    const parts = ['%PDF-1.4\n'];
    const offsets: number[] = [];
    let at = parts[0].length;
    const add = (body: string) => {
      offsets.push(at);
      const obj = `${offsets.length} 0 obj\n${body}\nendobj\n`;
      parts.push(obj);
      at += obj.length;
    };
    add('<</Type /Catalog /Pages 2 0 R /Cells 3 0 R>>');
    add('<</Type /Pages /Kids [] /Count 0>>');
    add(`[${Array.from({ length: cells }, (_, i) => `${i + 4} 0 R`).join(' ')}]`);
    for (let i = 0; i < cells; i++) add('<</Type /StructElem\n/S /TD>>');
    parts.push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`);
    parts.push(`trailer\n<</Size ${offsets.length + 1} /Root 1 0 R>>\nstartxref\n${at}\n%%EOF\n`);
    const bytes = Buffer.from(parts.join(''), 'latin1');
    const out = new RawPdf(new PdfEdit(new RawPdf(bytes)).write(new Map()));
    expect([...out.numbers()].length).toBe(cells + 3);
    expect(serialise(out.read(cells + 3).value)).toBe('<<\n/Type /StructElem\n/S /TD\n>>');
  });

  it('gives the same bytes for the same document, and an /ID that changes with the content', async () => {
    const bytes = await classic();
    const finish = (title: string) => {
      const edit = new PdfEdit(new RawPdf(bytes));
      edit.editDict(edit.info!.num).set('Title', Str.text(title));
      return edit.write(new Map());
    };
    const a = finish('A');
    expect(Buffer.compare(Buffer.from(a), Buffer.from(finish('A')))).toBe(0);
    const id = (b: Uint8Array) => /\/ID \[ <([0-9A-F]{32})> <\1> \]/.exec(text(b))?.[1];
    expect(id(a)).toMatch(/^[0-9A-F]{32}$/);
    expect(id(finish('B'))).not.toBe(id(a));
    expect(text(a).startsWith('%PDF-1.7\n')).toBe(true);
  });
});
