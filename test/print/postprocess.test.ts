import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFString, StandardFonts } from 'pdf-lib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { countUntaggedContent } from '../../src/print/artifacts.js';
import { finalisePdf, xmpPacket } from '../../src/print/postprocess.js';
import { pageContent } from '../helpers/pdf-objects.js';
import { meta } from './fixture.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A stand-in for Chromium's output (a classic file): a page of text, a title, and whatever creation date it was made at. */
async function chromiumLike(made: Date, text = 'Page 1 of 1', useObjectStreams = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const page = doc.addPage();
  page.drawText(text, { font: await doc.embedFont(StandardFonts.Helvetica), x: 50, y: 50 });
  doc.setTitle('from <title>');
  doc.setProducer('Skia/PDF m156');
  doc.setCreationDate(made);
  doc.setModificationDate(made);
  return doc.save({ useObjectStreams });
}

describe('finalisePdf', () => {
  it('sets the document metadata with the fixed dates and shows the title in the window', async () => {
    const out = await finalisePdf(await chromiumLike(new Date()), meta);
    const doc = await PDFDocument.load(out, { updateMetadata: false });
    expect(doc.getTitle()).toBe(meta.title);
    expect(doc.getAuthor()).toBe(meta.author);
    expect(doc.getSubject()).toBe(meta.subject);
    expect(doc.getKeywords()).toBe('children’s services; scrutiny; performance');
    expect(doc.getCreator()).toBe('scrutiny-report');
    expect(doc.getProducer()).toBe('Skia/PDF m156; scrutiny-report');
    expect(doc.getCreationDate()?.toISOString()).toBe('2023-12-12T00:00:00.000Z');
    expect(doc.getModificationDate()?.toISOString()).toBe('2023-12-12T00:00:00.000Z');
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toContain('en-GB');
    const prefs = doc.catalog.lookup(PDFName.of('ViewerPreferences'), PDFDict);
    expect(prefs.get(PDFName.of('DisplayDocTitle'))?.toString()).toBe('true');
  });

  it('adds an uncompressed XMP stream that pdfjs reads: dc:title, dc:creator and the PDF/UA identifier', async () => {
    const out = await finalisePdf(await chromiumLike(new Date()), meta);
    const doc = await PDFDocument.load(out);
    const xmp = doc.catalog.lookup(PDFName.of('Metadata'));
    if (!(xmp instanceof PDFRawStream)) throw new Error('no /Metadata stream');
    expect(xmp.dict.get(PDFName.of('Subtype'))?.toString()).toBe('/XML');
    expect(xmp.dict.get(PDFName.of('Filter'))).toBeUndefined();
    const read = await getDocument({ data: out.slice() }).promise;
    const { metadata } = await read.getMetadata();
    await read.destroy();
    expect(metadata?.get('dc:title')).toBe(meta.title);
    expect(metadata?.get('dc:creator')).toEqual([meta.author]);
    expect(metadata?.get('pdfuaid:part')).toBe('1');
    expect(metadata?.get('xmp:createdate')).toBe('2023-12-12T00:00:00Z');
  });

  it('escapes markup in the XMP packet', () => {
    const packet = xmpPacket({ ...meta, title: 'Risks <Part 2> & "exempt"' }, 'p');
    expect(packet).toContain('Risks &#60;Part 2&#62; &#38; &#34;exempt&#34;');
    expect(packet).not.toContain('<Part 2>');
  });

  it('gives identical bytes for inputs that differ only in when Chromium made them', async () => {
    const a = await finalisePdf(await chromiumLike(new Date(Date.UTC(2026, 0, 1, 9))), meta);
    const b = await finalisePdf(await chromiumLike(new Date(Date.UTC(2026, 10, 26, 17, 3))), meta);
    expect(sha256(a)).toBe(sha256(b));
  });

  it('writes a trailer /ID derived from the content: the same for the same content, different otherwise', async () => {
    const made = new Date();
    const idOf = (b: Uint8Array) => Buffer.from(b).toString('latin1').match(/\/ID \[ <([0-9A-F]{32})> <\1> \]/)?.[1];
    const a = idOf(await finalisePdf(await chromiumLike(made), meta));
    const again = idOf(await finalisePdf(await chromiumLike(made), meta));
    const other = idOf(await finalisePdf(await chromiumLike(made, 'Page 1 of 2'), meta));
    expect(a).toMatch(/^[0-9A-F]{32}$/);
    expect(a).not.toBe('0'.repeat(32));
    expect(again).toBe(a);
    expect(other).not.toBe(a);
  });

  it('marks content drawn outside tags as artifacts', async () => {
    const out = await finalisePdf(await chromiumLike(new Date()), meta);
    const doc = await PDFDocument.load(out);
    const content = pageContent(doc, doc.getPages()[0])!;
    expect(content).toMatch(/\/Artifact BMC\nBT[\s\S]*Tj[\s\S]*ET\nEMC/);
    expect(countUntaggedContent(content)).toBe(0);
  });

  it('finishes a file that is not a classic one (object streams) the same way, once pdf-lib has rewritten it', async () => {
    const made = new Date(Date.UTC(2026, 0, 1));
    const streamed = await chromiumLike(made, 'Page 1 of 1', true);
    expect(Buffer.from(streamed).toString('latin1')).toContain('/ObjStm');
    const doc = await PDFDocument.load(await finalisePdf(streamed, meta), { updateMetadata: false });
    expect(doc.getTitle()).toBe(meta.title);
    expect(doc.getCreationDate()?.toISOString()).toBe('2023-12-12T00:00:00.000Z');
    expect(countUntaggedContent(pageContent(doc, doc.getPages()[0])!)).toBe(0);
  });
});

describe('structure ids (SPEC Accessible papers: the same paper gives the same bytes)', () => {
  /** Table structure as Chromium writes it: ids from DOM node numbers, shared by /ID, /Headers and the /IDTree. */
  async function tagged(offset: number): Promise<Uint8Array> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    doc.addPage();
    const id = (n: number) => PDFString.of(`node${String(n + offset).padStart(8, '0')}`);
    const th = doc.context.register(doc.context.obj({ Type: 'StructElem', S: 'TH', ID: id(16) }));
    const td = doc.context.register(
      doc.context.obj({ Type: 'StructElem', S: 'TD', ID: id(19), A: [{ O: 'Table', Headers: [id(16)] }] }),
    );
    const idTree = doc.context.register(doc.context.obj({ Names: [id(16), th, id(19), td], Limits: [id(16), id(19)] }));
    doc.catalog.set(PDFName.of('StructTreeRoot'), doc.context.register(doc.context.obj({ Type: 'StructTreeRoot', K: [th, td], IDTree: idTree })));
    return doc.save({ useObjectStreams: false });
  }

  it('makes the same structure give the same bytes whatever DOM node numbers Chromium started from', async () => {
    const a = await finalisePdf(await tagged(0), meta);
    const b = await finalisePdf(await tagged(4711), meta);
    expect(sha256(a)).toBe(sha256(b));
  });

  it('renumbers /ID, /Headers and the /IDTree consistently and in the original order', async () => {
    const doc = await PDFDocument.load(await finalisePdf(await tagged(4711), meta));
    const text = (o: unknown) => (o as PDFString).decodeText();
    const root = doc.catalog.lookup(PDFName.of('StructTreeRoot'), PDFDict);
    const tree = root.lookup(PDFName.of('IDTree'), PDFDict);
    const names = tree.lookup(PDFName.of('Names'), PDFArray);
    expect([text(names.get(0)), text(names.get(2))]).toEqual(['node00000001', 'node00000002']);
    const td = names.lookup(3, PDFDict);
    expect(text(td.get(PDFName.of('ID')))).toBe('node00000002');
    const attrs = td.lookup(PDFName.of('A'), PDFArray).lookup(0, PDFDict);
    expect(text(attrs.lookup(PDFName.of('Headers'), PDFArray).get(0))).toBe('node00000001');
    const limits = tree.lookup(PDFName.of('Limits'), PDFArray);
    expect([text(limits.get(0)), text(limits.get(1))]).toEqual(['node00000001', 'node00000002']);
  });
});
