import { decodePDFRawStream, PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFRef, PDFString, type PDFObject, type PDFPage } from 'pdf-lib';
import { Name, Ref, Str, type Located, type Value } from '../../src/print/pdf-raw.js';

/** A page's decoded content, its streams joined in order (as a viewer reads them), as latin1 text: read by pdf-lib, not by the tool. */
export function pageContent(doc: PDFDocument, page: PDFPage): string | undefined {
  const contents = page.node.Contents();
  if (!contents) return undefined;
  const refs = contents instanceof PDFArray ? contents.asArray() : [contents];
  const parts: Buffer[] = [];
  for (const r of refs) {
    const stream = r instanceof PDFRef ? doc.context.lookup(r) : r;
    if (!(stream instanceof PDFRawStream)) return undefined;
    parts.push(Buffer.from(decodePDFRawStream(stream).decode()));
  }
  return parts.map((p) => p.toString('latin1')).join('\n');
}

/** An object of pdf-lib's as comparable text: dictionary keys sorted, strings decoded, streams by their dictionary and bytes. */
export function canonicalOfPdfLib(o: PDFObject): string {
  if (o instanceof PDFRawStream) return `stream ${canonicalOfPdfLib(o.dict)} ${Buffer.from(o.contents).toString('base64')}`;
  if (o instanceof PDFDict)
    return `<<${o
      .entries()
      .map(([k, v]) => `${k.asString()} ${canonicalOfPdfLib(v)}`)
      .sort()
      .join(' ')}>>`;
  if (o instanceof PDFArray) return `[${o.asArray().map(canonicalOfPdfLib).join(' ')}]`;
  if (o instanceof PDFString || o instanceof PDFHexString) return `(${o.decodeText()})`;
  if (o instanceof PDFName) return o.asString();
  if (o instanceof PDFNumber) return String(o.asNumber());
  return o.toString();
}

/** An object as this tool's reader reads it (src/print/pdf-raw.ts), as the same comparable text as canonicalOfPdfLib. */
export function canonicalOfRaw(o: Located | Value): string {
  if (o !== null && typeof o === 'object' && 'value' in o && 'start' in o) {
    return o.stream ? `stream ${canonicalOfRaw(o.value)} ${Buffer.from(o.stream.data).toString('base64')}` : canonicalOfRaw(o.value);
  }
  const v = o as Value;
  if (v === null || typeof v === 'boolean' || typeof v === 'number') return String(v);
  if (v instanceof Name) return `/${v.raw}`;
  if (v instanceof Str) return `(${v.decode()})`;
  if (v instanceof Ref) return `${v.num} ${v.gen} R`;
  if (Array.isArray(v)) return `[${v.map(canonicalOfRaw).join(' ')}]`;
  return `<<${[...v]
    .map(([k, x]) => `/${k} ${canonicalOfRaw(x)}`)
    .sort()
    .join(' ')}>>`;
}
