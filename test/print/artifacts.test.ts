import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { PDFDocument, PDFName, PDFRef } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { countUntaggedContent, markArtifacts, pageArtifacts, tokenize } from '../../src/print/artifacts.js';
import { PdfEdit } from '../../src/print/pdf-edit.js';
import { RawPdf } from '../../src/print/pdf-raw.js';
import { pageContent } from '../helpers/pdf-objects.js';

const strip = (s: string) => s.replaceAll('/Artifact BMC\n', '').replaceAll('\nEMC', '');

describe('tokenize', () => {
  it('keeps operands with their operator, through strings, names, arrays and inline dicts', () => {
    const ops = tokenize('q 1 0 0 -1 0 0 cm /P <</MCID 0 >>BDC BT [(a\\)b) -20 (c(d)e)] TJ ET EMC % comment Tj\nQ');
    expect(ops.map((o) => o.operator)).toEqual(['q', 'cm', 'BDC', 'BT', 'TJ', 'ET', 'EMC', 'Q']);
    const src = 'BT <00330044> Tj ET';
    const tj = tokenize(src)[1];
    expect(src.slice(tj.start, tj.end)).toBe('<00330044> Tj');
  });

  it('refuses inline images rather than guess where their binary data ends', () => {
    expect(() => tokenize('q BI /W 1 /H 1 ID \x00\xff EI Q')).toThrow(/inline image/);
  });
});

describe('markArtifacts', () => {
  it('wraps a running footer but leaves tagged content alone', () => {
    const src = 'q BT /F4 16 Tf (Page 1) Tj ET Q /P <</MCID 0>> BDC BT (Body) Tj ET EMC';
    const out = markArtifacts(src);
    expect(out).toBe('q /Artifact BMC\nBT /F4 16 Tf (Page 1) Tj ET\nEMC Q /P <</MCID 0>> BDC BT (Body) Tj ET EMC');
    expect(countUntaggedContent(src)).toBe(1);
    expect(countUntaggedContent(out)).toBe(0);
  });

  it('wraps a whole path with its painting operator, not clipping paths', () => {
    const src = '0 0 10 10 re W n 1 0 0 rg 0 0 m 5 5 l 5 0 l h f';
    expect(markArtifacts(src)).toBe('0 0 10 10 re W n 1 0 0 rg /Artifact BMC\n0 0 m 5 5 l 5 0 l h f\nEMC');
  });

  it('inside a partly tagged text object, wraps only the untagged show operators', () => {
    const src = 'BT /Span <</MCID 1>> BDC (in) Tj EMC (out) Tj ET';
    expect(markArtifacts(src)).toBe('BT /Span <</MCID 1>> BDC (in) Tj EMC /Artifact BMC\n(out) Tj\nEMC ET');
  });

  it('wraps XObjects and shadings drawn outside tags', () => {
    expect(markArtifacts('q /X1 Do Q /Sh0 sh')).toBe('q /Artifact BMC\n/X1 Do\nEMC Q /Artifact BMC\n/Sh0 sh\nEMC');
  });

  it('leaves a fully tagged stream byte-for-byte unchanged', () => {
    const src = '/P <</MCID 0>> BDC BT (x) Tj ET 0 0 1 1 re f EMC';
    expect(markArtifacts(src)).toBe(src);
  });

  // Random content streams from graphics objects, some inside marked content, some not.
  const graphicsObject = fc.constantFrom(
    'BT /F1 12 Tf 1 0 0 -1 10 20 Tm <0041> Tj ET',
    'BT [(a) -5 (b\\)c)] TJ ET',
    '0 0 10 10 re f',
    '1 2 m 3 4 l S',
    '0 0 5 5 re W n',
    '/Im0 Do',
    '1 0 0 rg',
    'q 2 0 0 2 0 0 cm',
    'Q',
  );
  const stream = fc
    .array(fc.tuple(graphicsObject, fc.boolean()), { maxLength: 25 })
    .map((parts) => parts.map(([g, tagged], i) => (tagged ? `/P <</MCID ${i}>> BDC ${g} EMC` : g)).join('\n'));

  it('property: afterwards nothing is untagged, and removing the wrappers gives back the original', () => {
    fc.assert(
      fc.property(stream, (src) => {
        const out = markArtifacts(src);
        expect(countUntaggedContent(out)).toBe(0);
        expect(strip(out)).toBe(src);
        expect(tokenize(out).filter((o) => o.operator === 'BMC').length).toBe(countUntaggedContent(src));
      }),
    );
  });

  it('property: the pass is idempotent and keeps marked content balanced', () => {
    fc.assert(
      fc.property(stream, (src) => {
        const once = markArtifacts(src);
        expect(markArtifacts(once)).toBe(once);
        let depth = 0;
        for (const { operator } of tokenize(once)) {
          if (operator === 'BMC' || operator === 'BDC') depth++;
          if (operator === 'EMC') depth--;
          expect(depth).toBeGreaterThanOrEqual(0);
        }
        expect(depth).toBe(0);
      }),
    );
  });
});

describe('pageArtifacts', () => {
  /** A classic file whose one page draws `contents`, one stream each; the pass applied; the result read back by pdf-lib. */
  async function marked(...contents: string[]) {
    const doc = await PDFDocument.create();
    const page = doc.addPage();
    const refs = contents.map((c) => doc.context.register(doc.context.flateStream(c)));
    page.node.set(PDFName.of('Contents'), refs.length === 1 ? refs[0] : doc.context.obj(refs));
    const bytes = await doc.save({ useObjectStreams: false });
    const edit = new PdfEdit(new RawPdf(bytes));
    const job = pageArtifacts(edit, page.ref.objectNumber);
    job?.put(deflateSync(job.content));
    const out = edit.write(new Map());
    const after = await PDFDocument.load(out);
    return { bytes, out, doc: after, page: after.getPages()[0] };
  }

  it('joins multiple content streams and rewrites them as one marked stream', async () => {
    const { doc, page } = await marked('q BT (Page 1) Tj ET', 'Q /P <</MCID 0>> BDC 0 0 1 1 re f EMC');
    const after = pageContent(doc, page)!;
    expect(page.node.get(PDFName.of('Contents'))).toBeInstanceOf(PDFRef);
    expect(countUntaggedContent(after)).toBe(0);
    expect(strip(after)).toBe('q BT (Page 1) Tj ET\nQ /P <</MCID 0>> BDC 0 0 1 1 re f EMC');
  });

  it('replaces a single content stream in place', async () => {
    const { doc, page } = await marked('q BT (Page 1) Tj ET Q');
    expect(strip(pageContent(doc, page)!)).toBe('q BT (Page 1) Tj ET Q');
    expect(countUntaggedContent(pageContent(doc, page)!)).toBe(0);
    expect(doc.context.enumerateIndirectObjects().filter(([, o]) => o.constructor.name === 'PDFRawStream')).toHaveLength(1);
  });

  it('leaves a page with an inline image exactly as it was', async () => {
    const { bytes, out } = await marked('q BT (x) Tj ET BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q');
    const before = new RawPdf(bytes);
    const after = new RawPdf(out);
    for (const num of before.numbers()) {
      const a = before.range(num);
      const b = after.range(num);
      expect(Buffer.from(out.subarray(b.start, b.end)).equals(Buffer.from(bytes.subarray(a.start, a.end)))).toBe(true);
    }
  });
});
