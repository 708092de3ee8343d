import fc from 'fast-check';
import { PDFDocument, PDFName } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { loadPdf, readClassicPdf, Unsupported } from '../../src/print/pdf-read.js';
import { listedByPdfLib, listing } from '../helpers/pdf-objects.js';

/**
 * The fast reader of Chromium's PDFs must give finishing exactly what pdf-lib's own parser gives it
 * (SPEC Accessible papers: the finished PDF is a function of Chromium's): the same objects, of the
 * same classes, with the same values, in the same order, and the same trailer.
 */
/** A classic file of the given object bodies (numbered from 1), object 1 the catalogue. */
function classicPdf(bodies: string[], trailerExtra = ''): Uint8Array {
  let text = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  bodies.forEach((body, k) => {
    offsets.push(text.length);
    text += `${k + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  text += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

const CATALOG = '<< /Type /Catalog /Pages 2 0 R /Lang (en-GB) >>';
const PAGES = '<</Type/Pages/Kids[3 0 R]/Count 1>>';
const PAGE = '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.5 842] /Contents 4 0 R /StructParents 0 >>';

describe('reading Chromium’s PDF for finishing (SPEC Accessible papers)', () => {
  it('reads every kind of object as pdf-lib’s parser does', async () => {
    const bytes = classicPdf(
      [
        CATALOG,
        PAGES,
        PAGE,
        '<< /Length 12 >>\nstream\r\nBT (a) Tj ET\nendstream',
        // Comments, booleans, null, nested and escaped strings, hex strings, names with escapes,
        // numbers of every shape, references beside plain numbers.
        `<< % a comment\n/A true /B false /C null /S (a (nested) \\) string\\\\) /H <FEFF0041> /E <>
           /N /Name#20with#2Fescapes /Num [-3 +2. .5 4. -0.25 0 12 007 123456789012345 9007199254740991 00000000000000000001] /R [5 0 R 6 7 8 0 R] /D << /Inner [ ] >> >>`,
        '[1 2 3]',
        '(bare string)',
        '42',
        '<< /Type /StructElem /S /TH /ID (node00000016) /K [ 0 1 << /Type /MCR /Pg 3 0 R /MCID 2 >> ] >>',
        '<< /Length 5 >>\nstream\nabcde\nendstream',
      ],
      ' /Info 5 0 R /ID [<0123ABCD> <0123ABCD>]',
    );
    expect(listing(readClassicPdf(bytes))).toBe(await listedByPdfLib(bytes));
  });

  it('keeps each stream’s bytes exactly, as a view of the file rather than a copy', () => {
    const bytes = classicPdf([CATALOG, PAGES, PAGE, '<< /Length 12 >>\nstream\r\nBT (a) Tj ET\nendstream']);
    const stream = readClassicPdf(bytes).enumerateIndirectObjects()[3][1] as unknown as { contents: Uint8Array };
    expect(Buffer.from(stream.contents).toString('latin1')).toBe('BT (a) Tj ET');
    expect(stream.contents.buffer).toBe(bytes.buffer);
  });

  it('reads random dictionaries as pdf-lib’s parser does', async () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9#]{0,6}$/).filter((s) => !/#(?![0-9A-F]{2})/.test(s));
    const value = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.integer({ min: -1e6, max: 1e6 }).map(String),
        // Whole numbers with leading zeros, up to and past the digits read without a string.
        fc.stringMatching(/^[0-9]{1,15}$/),
        fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((d) => d.toFixed(3)),
        fc.constantFrom('true', 'false', 'null', '3 0 R', '1 0 R'),
        name.map((s) => `/${s}`),
        fc.stringMatching(/^[ -'*-[\]-~]{0,12}$/).map((s) => `(${s})`),
        fc.stringMatching(/^[0-9A-F]{0,8}$/).map((s) => `<${s}>`),
        fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(' ')}]`),
        fc.array(fc.tuple(name, tie('value')), { maxLength: 4 }).map((kv) => `<<${kv.map(([k, v]) => `/${k} ${v}`).join(' ')}>>`),
      ),
    })).value;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(name, value), { maxLength: 6 }), async (entries) => {
        const body = `<< ${entries.map(([k, v]) => `/${k} ${v}`).join('\n')} >>`;
        const bytes = classicPdf([CATALOG, PAGES, PAGE, body]);
        expect(listing(readClassicPdf(bytes))).toBe(await listedByPdfLib(bytes));
      }),
      { numRuns: 150 },
    );
  });

  it('leaves to pdf-lib’s parser what Chromium does not write, and loads it all the same', async () => {
    const indirectLength = classicPdf([CATALOG, PAGES, PAGE, '<< /Length 5 0 R >>\nstream\nabc\nendstream', '3']);
    expect(() => readClassicPdf(indirectLength)).toThrow(Unsupported);
    expect(listing((await loadPdf(indirectLength)).context)).toBe(await listedByPdfLib(indirectLength));

    const made = await PDFDocument.create();
    made.addPage();
    const compressed = await made.save({ useObjectStreams: true });
    expect(() => readClassicPdf(compressed)).toThrow(Unsupported);
    expect((await loadPdf(compressed)).getPageCount()).toBe(1);

    expect(() => readClassicPdf(classicPdf([CATALOG, PAGES, PAGE], ' /Encrypt 2 0 R'))).toThrow(Unsupported);
    const oddHeader = Buffer.from('%PDF-1.4\n1.5 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
    expect(() => readClassicPdf(new Uint8Array(oddHeader))).toThrow(Unsupported);
  });

  it('reads an incremental update as pdf-lib’s parser does: the later trailer keeps what it does not restate', async () => {
    const base = Buffer.from(classicPdf([CATALOG, PAGES, PAGE, '<< /Length 12 >>\nstream\r\nBT (a) Tj ET\nendstream'], ' /Info 4 0 R')).toString('latin1');
    const update = `${base}5 0 obj\n<< /Title (later) >>\nendobj\nxref\n5 1\n0000000000 00000 n \ntrailer\n<< /Size 6 /Info 5 0 R >>\nstartxref\n0\n%%EOF\n`;
    const bytes = new Uint8Array(Buffer.from(update, 'latin1'));
    expect(listing(readClassicPdf(bytes))).toBe(await listedByPdfLib(bytes));
    expect(String(readClassicPdf(bytes).trailerInfo.Root)).toBe('1 0 R');
  });

  it('loads a document pdf-lib can work on: pages, catalogue and trailer in place', async () => {
    const doc = await loadPdf(classicPdf([CATALOG, PAGES, PAGE, '<< /Length 12 >>\nstream\r\nBT (a) Tj ET\nendstream']));
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize()).toEqual({ width: 595.5, height: 842 });
    expect(doc.catalog.get(PDFName.of('Lang'))?.toString()).toBe('(en-GB)');
    expect(doc.context.trailerInfo.Root?.toString()).toBe('1 0 R');
  });
});
