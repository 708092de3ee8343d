import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, StandardFonts } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { objectRanges, originalStreams, writeClassicPdf } from '../../src/print/pdf-write.js';

/** A classic file as Chromium writes one: objects in a row, a cross-reference table, no object streams. */
async function classic(pages = 2): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) doc.addPage().drawText(`Page ${i + 1} of ${pages}`, { font, x: 50, y: 50 });
  doc.setTitle('from <title>');
  return doc.save({ useObjectStreams: false });
}

const text = (b: Uint8Array) => Buffer.from(b).toString('latin1');

describe('objectRanges (finishing a PDF without rewriting it)', () => {
  it('finds every in-use object of a classic file, each range running from its header to endobj', async () => {
    const bytes = await classic();
    const doc = await PDFDocument.load(bytes);
    const ranges = objectRanges(bytes);
    expect(ranges.size).toBe(doc.context.enumerateIndirectObjects().length);
    for (const [num, { start, end }] of ranges) {
      expect(text(bytes.subarray(start, end))).toMatch(new RegExp(`^${num} 0 obj[\\s\\S]*endobj\\s*$`));
    }
  });

  it('reads nothing from a file with a cross-reference stream (everything is then written anew)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    expect(objectRanges(await doc.save({ useObjectStreams: true })).size).toBe(0);
  });
});

describe('writeClassicPdf', () => {
  it('copies the streams left alone byte for byte and writes what changed', async () => {
    const bytes = await classic();
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const untouched = originalStreams(doc);
    expect(untouched.size).toBeGreaterThan(0);
    doc.setTitle('Finished');
    const out = writeClassicPdf(doc, bytes, untouched);
    const ranges = objectRanges(bytes);
    for (const num of untouched.keys()) {
      const { start, end } = ranges.get(num)!;
      expect(Buffer.from(out).includes(Buffer.from(bytes.subarray(start, end)))).toBe(true);
    }
    const again = await PDFDocument.load(out, { updateMetadata: false });
    expect(again.getTitle()).toBe('Finished');
    expect(again.getPageCount()).toBe(2);
  });

  it('writes a cross-reference table whose every offset points at its object, which another reader follows', async () => {
    const bytes = await classic(3);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const untouched = originalStreams(doc);
    // A replaced stream and a new object, as the artifact pass and the XMP stream make.
    const contents = doc.getPages()[0].node.get(PDFName.of('Contents'));
    const first = contents instanceof PDFArray ? contents.get(0) : contents;
    if (!(first instanceof PDFRef)) throw new Error('expected the page content by reference');
    const font = doc.getPages()[0].node.Resources()!.lookup(PDFName.of('Font'), PDFDict).keys()[0];
    doc.context.assign(first, doc.context.flateStream(`BT ${font} 12 Tf 50 50 Td (Replaced) Tj ET`));
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(doc.context.stream('<x/>', { Type: 'Metadata', Subtype: 'XML' })));
    const out = writeClassicPdf(doc, bytes, untouched);
    const written = objectRanges(out);
    expect(written.size).toBe(doc.context.enumerateIndirectObjects().length);
    const pdf = await getDocument({ data: out.slice() }).promise;
    const page = await pdf.getPage(1);
    const items = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : ''));
    await pdf.destroy();
    expect(items.join('')).toContain('Replaced');
    const metadata = (await PDFDocument.load(out)).catalog.lookup(PDFName.of('Metadata'));
    expect(metadata).toBeInstanceOf(PDFRawStream);
  });

  it('writes a paper of hundreds of thousands of objects (a million-row workspace\'s Part 2)', async () => {
    const bytes = await classic(1);
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const untouched = originalStreams(doc);
    // Structure elements, as Chromium writes one per table cell.
    const kids = doc.context.obj([]);
    for (let i = 0; i < 200_000; i++) kids.push(doc.context.register(doc.context.obj({ Type: 'StructElem', S: 'TD' })));
    doc.catalog.set(PDFName.of('Cells'), doc.context.register(kids));
    const out = writeClassicPdf(doc, bytes, untouched);
    expect(objectRanges(out).size).toBe(doc.context.enumerateIndirectObjects().length);
  });

  it('gives the same bytes for the same document, and an /ID that changes with the content', async () => {
    const bytes = await classic();
    const finish = async (title: string) => {
      const doc = await PDFDocument.load(bytes, { updateMetadata: false });
      const untouched = originalStreams(doc);
      doc.setTitle(title);
      return writeClassicPdf(doc, bytes, untouched);
    };
    const a = await finish('A');
    expect(Buffer.compare(Buffer.from(a), Buffer.from(await finish('A')))).toBe(0);
    const id = (b: Uint8Array) => /\/ID \[ <([0-9A-F]{32})> <\1> \]/.exec(text(b))?.[1];
    expect(id(a)).toMatch(/^[0-9A-F]{32}$/);
    expect(id(await finish('B'))).not.toBe(id(a));
    expect(text(a).startsWith('%PDF-1.7\n')).toBe(true);
  });
});
