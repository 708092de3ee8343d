import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import type { PdfMeta } from '../compose/meta.js';
import { pageArtifacts, type PageArtifacts } from './artifacts.js';
import { PdfEdit } from './pdf-edit.js';
import { isDict, Name, NotClassic, RawPdf, Ref, Str, type Dict, type Value } from './pdf-raw.js';
import { addRoleMap, detachRepeatedHeaders, restoreHeadingCaptions, structIdRenames, surveyStructure } from './structure.js';

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

/** A date as PDF 1.7 §7.9.4 writes one, in UTC. */
function pdfDate(d: Date): string {
  return `D:${d.toISOString().replace(/[-:T]|\.\d{3}/g, '')}`;
}

/**
 * Chromium's PDF made reproducible and complete: fixed dates, the document metadata Chromium does not
 * copy from the HTML, an XMP stream, a content-derived /ID, running headers/footers and repeated table
 * header rows marked as artifacts, a RoleMap for the structure types PDF 1.7 lacks, heading captions
 * put back, and structure ids that depend only on the document. Tagging, the outline, /Lang and
 * DisplayDocTitle are kept as they are.
 *
 * The file is not parsed as a whole: the passes read the dictionaries they need from Chromium's bytes,
 * and only what they change is written anew (src/print/pdf-raw.ts). A file that is not a classic one
 * (Chromium always writes one) is first rewritten as one by pdf-lib.
 */
export async function finalisePdf(bytes: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
  try {
    return await finish(new RawPdf(bytes), meta);
  } catch (e) {
    if (!(e instanceof NotClassic)) throw e;
  }
  return finish(new RawPdf(await asClassic(bytes)), meta);
}

/** The same document as a classic file: objects one after another and a cross-reference table. */
async function asClassic(bytes: Uint8Array): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib');
  const doc = await PDFDocument.load(bytes, { updateMetadata: false });
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, addDefaultPage: false });
}

async function finish(pdf: RawPdf, meta: PdfMeta): Promise<Uint8Array> {
  const edit = new PdfEdit(pdf);
  const catalog = edit.editDict((pdf.trailer.get('Root') as Ref).num);

  // The Info dictionary: Chromium's, with the document's own metadata and fixed dates.
  let info = edit.info && edit.dict(edit.info) ? edit.editDict(edit.info.num) : undefined;
  if (!info) edit.info = edit.add((info = new Map()));
  const was = info.get('Producer');
  const producer = `${was instanceof Str ? was.decode() : 'Chromium'}; ${CREATOR}`;
  info.set('Title', Str.text(meta.title));
  info.set('Author', Str.text(meta.author));
  info.set('Subject', Str.text(meta.subject));
  info.set('Keywords', Str.text(meta.keywords.join('; ')));
  info.set('Creator', Str.text(CREATOR));
  info.set('Producer', Str.text(producer));
  info.set('CreationDate', Str.literal(pdfDate(meta.date)));
  info.set('ModDate', Str.literal(pdfDate(meta.date)));

  // The title, not the file name, in a viewer's title bar (PDF/UA-1 §7.1); the language; the XMP.
  const prefs = catalog.get('ViewerPreferences');
  const viewer = prefs instanceof Ref ? edit.editDict(prefs.num) : isDict(prefs) ? prefs : new Map<string, Value>();
  viewer.set('DisplayDocTitle', true);
  if (!(prefs instanceof Ref)) catalog.set('ViewerPreferences', viewer);
  catalog.set('Lang', Str.literal(meta.lang));
  const xmp: Dict = new Map<string, Value>([
    ['Type', Name.of('Metadata')],
    ['Subtype', Name.of('XML')],
  ]);
  catalog.set('Metadata', edit.setStream(xmp, Buffer.from(xmpPacket(meta, producer), 'utf8')));

  const pages = pageNumbers(edit, catalog.get('Pages'));
  let repeats = new Map<number, Set<number>>();
  let renames = new Map<string, string>();
  const held = catalog.get('StructTreeRoot');
  // Edited through the object that holds it (its own, or the catalog when written inline).
  const root = held instanceof Ref ? edit.editDict(held.num) : isDict(held) ? held : undefined;
  if (root) {
    const survey = surveyStructure(edit, root);
    repeats = detachRepeatedHeaders(edit, root, pages, survey.headerCells);
    addRoleMap(edit, root, survey.types);
    restoreHeadingCaptions(edit, survey.tables);
    renames = structIdRenames(survey.ids);
  }
  await markArtifacts(edit, pages, repeats);
  return edit.write(renames);
}

const deflateAsync = promisify(deflate);

/** Pages whose content is compressed at once, off this thread, while the next pages are read. */
const COMPRESSING = 8;

/**
 * The artifact pass over every page. Compressing the pages' new content is most of the pass's
 * time: zlib does it on libuv's threads, so it runs beside the reading of the next pages (and on
 * another core once the browser is done). The pages are put back in order, so the file is the same
 * as compressing each in turn would make it; at most COMPRESSING pages' content is held at once.
 */
async function markArtifacts(edit: PdfEdit, pages: number[], repeats: Map<number, Set<number>>): Promise<void> {
  const pending: { job: PageArtifacts; data: Promise<Uint8Array> }[] = [];
  const putOldest = async () => {
    const { job, data } = pending.shift()!;
    job.put(await data);
  };
  for (const page of pages) {
    const job = pageArtifacts(edit, page, repeats.get(page));
    if (!job) continue;
    const data = deflateAsync(job.content);
    // Awaited in turn below; a failure is thrown from there, not left unhandled meanwhile.
    data.catch(() => undefined);
    pending.push({ job, data });
    if (pending.length >= COMPRESSING) await putOldest();
  }
  while (pending.length > 0) await putOldest();
}

/** The pages' object numbers in order, from the page tree. */
function pageNumbers(edit: PdfEdit, tree: Value | undefined): number[] {
  const out: number[] = [];
  const seen = new Set<number>();
  const visit = (v: Value | undefined): void => {
    if (!(v instanceof Ref) || seen.has(v.num)) return;
    seen.add(v.num);
    const node = edit.dict(v);
    const kids = node?.get('Kids');
    if (Array.isArray(kids)) for (const kid of kids) visit(kid);
    else if (node) out.push(v.num);
  };
  visit(tree);
  return out;
}
