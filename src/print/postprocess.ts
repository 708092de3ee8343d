import { PDFArray, PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import type { PdfMeta } from '../compose/meta.js';
import { markArtifactsInPage } from './artifacts.js';
import { loadPdf } from './pdf-read.js';
import { originalStreams, writeClassicPdf } from './pdf-write.js';
import { addRoleMap, detachRepeatedHeaders, restoreHeadingCaptions } from './structure.js';

export type { PdfMeta };

const CREATOR = 'scrutiny-report';

function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The XMP packet PDF/UA-1 asks for: dc:title plus the pdfuaid:part identifier, matching the Info dictionary. */
export function xmpPacket(meta: PdfMeta, producer: string): string {
  const li = (v: string) => `<rdf:li>${xmlEscape(v)}</rdf:li>`;
  const alt = (v: string) => `<rdf:Alt><rdf:li xml:lang="x-default">${xmlEscape(v)}</rdf:li></rdf:Alt>`;
  const date = xmpDate(meta.date);
  return [
    '<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about=""',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"',
    ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"',
    ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"',
    ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    '<dc:format>application/pdf</dc:format>',
    `<dc:title>${alt(meta.title)}</dc:title>`,
    `<dc:creator><rdf:Seq>${li(meta.author)}</rdf:Seq></dc:creator>`,
    `<dc:description>${alt(meta.subject)}</dc:description>`,
    `<dc:subject><rdf:Bag>${meta.keywords.map(li).join('')}</rdf:Bag></dc:subject>`,
    `<dc:language><rdf:Bag>${li(meta.lang)}</rdf:Bag></dc:language>`,
    `<pdf:Keywords>${xmlEscape(meta.keywords.join('; '))}</pdf:Keywords>`,
    `<pdf:Producer>${xmlEscape(producer)}</pdf:Producer>`,
    `<xmp:CreatorTool>${CREATOR}</xmp:CreatorTool>`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    '<pdfuaid:part>1</pdfuaid:part>',
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="r"?>',
  ].join('\n');
}

/**
 * Chromium's PDF made reproducible and complete: fixed dates, the document metadata Chromium does not
 * copy from the HTML, an XMP stream, a content-derived /ID, running headers/footers and repeated table
 * header rows marked as artifacts, and a RoleMap for the structure types PDF 1.7 lacks. Tagging, the outline, /Lang and DisplayDocTitle are kept as they are.
 */
export async function finalisePdf(bytes: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
  const doc = await loadPdf(bytes);
  const untouched = originalStreams(doc);
  const producer = `${doc.getProducer() ?? 'Chromium'}; pdf-lib`;
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  // pdf-lib joins with spaces, which would run multi-word keywords together.
  doc.setKeywords([meta.keywords.join('; ')]);
  doc.setLanguage(meta.lang);
  doc.setCreator(CREATOR);
  doc.setProducer(producer);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);

  const xmp = doc.context.stream(new TextEncoder().encode(xmpPacket(meta, producer)), {
    Type: 'Metadata',
    Subtype: 'XML',
  });
  doc.catalog.set(PDFName.of('Metadata'), doc.context.register(xmp));

  const repeatedHeaders = detachRepeatedHeaders(doc);
  addRoleMap(doc);
  restoreHeadingCaptions(doc);
  for (const page of doc.getPages()) markArtifactsInPage(doc, page, repeatedHeaders.get(page.ref));
  normaliseStructIds(doc);

  return writeClassicPdf(doc, bytes, untouched);
}

const NODE_ID = /^node(\d+)$/;

/**
 * Chromium names structure elements after DOM node ids (`node00000016`), which count up across
 * everything the renderer process has built, so the same HTML can get other ids in another tab. They
 * are renumbered here in their original order: that keeps the /IDTree sorted and makes them depend
 * only on the document. /Headers on table cells refer to the same ids and are rewritten with them.
 */
export function normaliseStructIds(doc: PDFDocument): void {
  const ids = new Set<string>();
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Type')) !== PDFName.of('StructElem')) continue;
    const id = obj.get(PDFName.of('ID'));
    if ((id instanceof PDFString || id instanceof PDFHexString) && NODE_ID.test(id.decodeText())) ids.add(id.decodeText());
  }
  if (ids.size === 0) return;
  const ordered = [...ids].sort((a, b) => Number(NODE_ID.exec(a)![1]) - Number(NODE_ID.exec(b)![1]));
  const width = Math.max(8, String(ordered.length).length);
  const renamed = new Map(ordered.map((id, i) => [id, `node${String(i + 1).padStart(width, '0')}`]));

  const rename = (v: PDFObject): PDFObject | undefined => {
    if (!(v instanceof PDFString || v instanceof PDFHexString)) return undefined;
    const to = renamed.get(v.decodeText());
    return to === undefined ? undefined : PDFString.of(to);
  };
  const visit = (obj: PDFObject): void => {
    if (obj instanceof PDFDict) {
      for (const [key, v] of obj.entries()) {
        const r = rename(v);
        if (r) obj.set(key, r);
        else visit(v);
      }
    } else if (obj instanceof PDFArray) {
      for (let i = 0; i < obj.size(); i++) {
        const r = rename(obj.get(i));
        if (r) obj.set(i, r);
        else visit(obj.get(i));
      }
    }
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) visit(obj);
}
