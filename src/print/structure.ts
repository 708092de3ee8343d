import { PDFArray, PDFDict, PDFName, PDFNull, PDFNumber, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';

/**
 * Repairs to the structure tree Chromium writes, for a reader that walks it: table header rows that
 * Chromium repeats on each page a table continues onto are tagged into the same header cells, so a screen
 * reader said "Indicator Indicator"; and `Strong`/`Em` are not PDF 1.7 structure types, so they need a
 * RoleMap. Pure functions of the document: no layout, no browser.
 */

/** PDF 1.7's standard structure types (ISO 32000-1 §14.8.4). */
const STANDARD = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(
    ' ',
  ),
);

/** What HTML's inline emphasis is in PDF 1.7: text read straight on (PDF 2.0 has Strong and Em). */
const ROLE_OF: Record<string, string> = { Strong: 'Span', Em: 'Span', Mark: 'Span', Sub: 'Span', Sup: 'Span' };

const S = PDFName.of('S');
const K = PDFName.of('K');
const PG = PDFName.of('Pg');
const MCID = PDFName.of('MCID');
const TYPE = PDFName.of('Type');

/** A marked-content reference: which page, which MCID, and where it sits so it can be taken out. */
interface ContentRef {
  page: PDFRef;
  mcid: number;
  /** The element whose /K holds it, and its index there (undefined when /K is the reference itself). */
  owner: PDFDict;
  index: number | undefined;
}

function lookupDict(doc: PDFDocument, obj: PDFObject | undefined): PDFDict | undefined {
  const v = obj instanceof PDFRef ? doc.context.lookup(obj) : obj;
  return v instanceof PDFDict ? v : undefined;
}

function kids(elem: PDFDict): PDFObject[] {
  const k = elem.get(K);
  if (k === undefined) return [];
  return k instanceof PDFArray ? k.asArray() : [k];
}

/** Every structure element under the root, parents before children, in document order. */
function elements(doc: PDFDocument): PDFDict[] {
  const root = lookupDict(doc, doc.catalog.get(PDFName.of('StructTreeRoot')));
  if (!root) return [];
  const out: PDFDict[] = [];
  const visit = (obj: PDFObject): void => {
    const elem = lookupDict(doc, obj);
    if (!elem || elem.get(S) === undefined) return;
    out.push(elem);
    for (const kid of kids(elem)) if (kid instanceof PDFRef || kid instanceof PDFDict) visit(kid);
  };
  for (const kid of kids(root)) visit(kid);
  return out;
}

/** The marked content directly in an element's /K, with the page each is on. */
function contentRefs(elem: PDFDict): ContentRef[] {
  const page = elem.get(PG);
  const k = elem.get(K);
  const list = k instanceof PDFArray ? k.asArray() : k === undefined ? [] : [k];
  const out: ContentRef[] = [];
  list.forEach((kid, i) => {
    const index = k instanceof PDFArray ? i : undefined;
    if (kid instanceof PDFNumber && page instanceof PDFRef) out.push({ page, mcid: kid.asNumber(), owner: elem, index });
    const d = kid instanceof PDFDict ? kid : undefined;
    if (d && d.get(TYPE) === PDFName.of('MCR')) {
      const p = d.get(PG) ?? page;
      const id = d.get(MCID);
      if (p instanceof PDFRef && id instanceof PDFNumber) out.push({ page: p, mcid: id.asNumber(), owner: elem, index });
    }
  });
  return out;
}

/**
 * Header cells' content on any page after their first: the header row Chromium repeats where a table
 * continues. Table rows are never split across pages, so a header cell's own content is all on one page.
 * The references are taken out of the cells (and the parent tree); the content is returned, by page, to
 * be marked `/Artifact /Pagination` in the page's content stream.
 */
export function detachRepeatedHeaders(doc: PDFDocument): Map<PDFRef, Set<number>> {
  const order = new Map(doc.getPages().map((p, i) => [p.ref, i]));
  const repeats = new Map<PDFRef, Set<number>>();
  const all = elements(doc);
  const th = PDFName.of('TH');
  for (const cell of all) {
    if (cell.get(S) !== th) continue;
    const refs: ContentRef[] = [];
    const stack = [cell];
    while (stack.length) {
      const e = stack.pop()!;
      refs.push(...contentRefs(e));
      for (const kid of kids(e)) {
        const d = lookupDict(doc, kid);
        if (d && d.get(S) !== undefined) stack.push(d);
      }
    }
    const first = Math.min(...refs.map((r) => order.get(r.page) ?? Infinity));
    const later = refs.filter((r) => (order.get(r.page) ?? Infinity) > first);
    if (later.length === 0) continue;
    // Taken out from the highest index down, so the indexes still to remove stay valid.
    for (const r of later.sort((a, b) => (b.index ?? 0) - (a.index ?? 0))) {
      const k = r.owner.get(K);
      if (k instanceof PDFArray && r.index !== undefined) k.remove(r.index);
      else r.owner.delete(K);
      const set = repeats.get(r.page) ?? new Set<number>();
      set.add(r.mcid);
      repeats.set(r.page, set);
    }
  }
  if (repeats.size > 0) dropFromParentTree(doc, repeats);
  return repeats;
}

/** The parent tree maps each page's MCIDs back to their elements: artifacts have none. */
function dropFromParentTree(doc: PDFDocument, repeats: Map<PDFRef, Set<number>>): void {
  const root = lookupDict(doc, doc.catalog.get(PDFName.of('StructTreeRoot')));
  const tree = lookupDict(doc, root?.get(PDFName.of('ParentTree')));
  if (!tree) return;
  const byKey = new Map<number, Set<number>>();
  for (const [page, mcids] of repeats) {
    const key = doc.context.lookup(page, PDFDict).get(PDFName.of('StructParents'));
    if (key instanceof PDFNumber) byKey.set(key.asNumber(), mcids);
  }
  const visit = (node: PDFDict): void => {
    const nums = node.get(PDFName.of('Nums'));
    if (nums instanceof PDFArray) {
      for (let i = 0; i + 1 < nums.size(); i += 2) {
        const key = nums.get(i);
        const mcids = key instanceof PDFNumber ? byKey.get(key.asNumber()) : undefined;
        const list = mcids && (doc.context.lookup(nums.get(i + 1)) as PDFObject);
        if (mcids && list instanceof PDFArray) for (const m of mcids) if (m < list.size()) list.set(m, PDFNull);
      }
    }
    const children = node.get(PDFName.of('Kids'));
    if (children instanceof PDFArray) for (const kid of children.asArray()) {
      const d = lookupDict(doc, kid);
      if (d) visit(d);
    }
  };
  visit(tree);
}

const HEADING = new Set(['H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);

/**
 * A caption that is a heading (the index tables' theme headings, which also make the bookmarks) comes
 * out of Chromium as a bare heading inside the table, no longer a caption. A heading can only be a
 * table's child that way, so it is put back in a `Caption`, where a reader looks for the table's name.
 */
export function restoreHeadingCaptions(doc: PDFDocument): void {
  const table = PDFName.of('Table');
  const caption = PDFName.of('Caption');
  const parent = PDFName.of('P');
  for (const elem of elements(doc)) {
    if (elem.get(S) !== table) continue;
    const k = elem.get(K);
    const list = k instanceof PDFArray ? k : undefined;
    const first = list?.get(0);
    const heading = first instanceof PDFRef ? lookupDict(doc, first) : undefined;
    const type = heading?.get(S);
    if (!list || !(first instanceof PDFRef) || !heading || !(type instanceof PDFName) || !HEADING.has(type.decodeText())) continue;
    if (list.asArray().some((kid) => lookupDict(doc, kid)?.get(S) === caption)) continue;
    const wrapper = doc.context.obj({ Type: 'StructElem', S: 'Caption', P: heading.get(parent) ?? null, K: [first] });
    const ref = doc.context.register(wrapper);
    heading.set(parent, ref);
    list.set(0, ref);
  }
}

/** A RoleMap entry for every structure type PDF 1.7 does not define, so every element has a standard meaning. */
export function addRoleMap(doc: PDFDocument): void {
  const root = lookupDict(doc, doc.catalog.get(PDFName.of('StructTreeRoot')));
  if (!root) return;
  const used = new Set(elements(doc).map((e) => (e.get(S) as PDFName).decodeText()));
  const nonStandard = [...used].filter((t) => !STANDARD.has(t)).sort();
  if (nonStandard.length === 0) return;
  const map = lookupDict(doc, root.get(PDFName.of('RoleMap'))) ?? doc.context.obj({});
  for (const t of nonStandard) map.set(PDFName.of(t), PDFName.of(ROLE_OF[t] ?? 'NonStruct'));
  root.set(PDFName.of('RoleMap'), map);
}
