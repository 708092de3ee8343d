import type { PdfEdit } from './pdf-edit.js';
import { isDict, isName, Name, Ref, Str, type Dict, type Value } from './pdf-raw.js';

/**
 * Repairs to the structure tree Chromium writes, for a reader that walks it: table header rows that
 * Chromium repeats on each page a table continues onto are tagged into the same header cells, so a screen
 * reader said "Indicator Indicator"; `Strong`/`Em` are not PDF 1.7 structure types, so they need a
 * RoleMap; a caption that is a heading comes out as a bare heading; and structure ids follow DOM node
 * numbers. Pure functions of the document: no layout, no browser.
 *
 * Chromium writes every structure element as an object of its own; an element written inline in
 * another counts for the RoleMap and is walked through, but is not changed.
 */

/** PDF 1.7's standard structure types (ISO 32000-1 §14.8.4). */
const STANDARD = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(
    ' ',
  ),
);

/** What HTML's inline emphasis is in PDF 1.7: text read straight on (PDF 2.0 has Strong and Em). */
const ROLE_OF: Record<string, string> = { Strong: 'Span', Em: 'Span', Mark: 'Span', Sub: 'Span', Sup: 'Span' };

const HEADING = new Set(['H', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6']);
const NODE_ID = /^node(\d+)$/;

/** What one walk of the structure tree finds. */
export interface StructureSurvey {
  /** Every structure type used. */
  types: Set<string>;
  /** Header cells and tables, by object number, in document order. */
  headerCells: number[];
  tables: number[];
  /** Element ids Chromium made from DOM node numbers. */
  ids: Set<string>;
}

function kids(elem: Dict): Value[] {
  const k = elem.get('K');
  return k === undefined ? [] : Array.isArray(k) ? k : [k];
}

const typeOf = (elem: Dict): string | undefined => {
  const s = elem.get('S');
  return s instanceof Name ? s.raw : undefined;
};

/** Every structure element under the root, parents before children, in document order: each read once and let go. */
export function surveyStructure(edit: PdfEdit, root: Dict): StructureSurvey {
  const survey: StructureSurvey = { types: new Set(), headerCells: [], tables: [], ids: new Set() };
  const visit = (v: Value): void => {
    const elem = edit.dict(v);
    const type = elem && typeOf(elem);
    if (!elem || type === undefined) return;
    survey.types.add(type);
    if (v instanceof Ref && type === 'TH') survey.headerCells.push(v.num);
    if (v instanceof Ref && type === 'Table') survey.tables.push(v.num);
    const id = elem.get('ID');
    if (id instanceof Str) {
      const text = id.decode();
      if (NODE_ID.test(text)) survey.ids.add(text);
    }
    for (const kid of kids(elem)) if (kid instanceof Ref || isDict(kid)) visit(kid);
  };
  for (const kid of kids(root)) visit(kid);
  return survey;
}

/** A marked-content reference: which page, which MCID, and the element (by object number) whose /K holds it where. */
interface ContentRef {
  page: number;
  mcid: number;
  owner: number;
  /** Its index in the owner's /K (undefined when /K is the reference itself). */
  index: number | undefined;
}

/** The marked content directly in an element's /K, with the page each is on. */
function contentRefs(elem: Dict, owner: number): ContentRef[] {
  const page = elem.get('Pg');
  const k = elem.get('K');
  const list = kids(elem);
  const out: ContentRef[] = [];
  list.forEach((kid, i) => {
    const index = Array.isArray(k) ? i : undefined;
    if (typeof kid === 'number' && page instanceof Ref) out.push({ page: page.num, mcid: kid, owner, index });
    if (isDict(kid) && isName(kid.get('Type'), 'MCR')) {
      const p = kid.get('Pg') ?? page;
      const id = kid.get('MCID');
      if (p instanceof Ref && typeof id === 'number') out.push({ page: p.num, mcid: id, owner, index });
    }
  });
  return out;
}

/**
 * Header cells' content on any page after their first: the header row Chromium repeats where a table
 * continues. Table rows are never split across pages, so a header cell's own content is all on one page.
 * The references are taken out of the cells (and the parent tree); the content is returned, by page
 * object number, to be marked `/Artifact /Pagination` in the page's content stream.
 */
export function detachRepeatedHeaders(edit: PdfEdit, root: Dict, pages: number[], headerCells: number[]): Map<number, Set<number>> {
  const order = new Map(pages.map((p, i) => [p, i]));
  const repeats = new Map<number, Set<number>>();
  for (const cell of headerCells) {
    const refs: ContentRef[] = [];
    const stack: number[] = [cell];
    while (stack.length) {
      const num = stack.pop()!;
      const e = edit.dict(new Ref(num));
      // Each object is read once: one that is not a structure element (a marked-content reference) is passed over here.
      if (!e || e.get('S') === undefined) continue;
      refs.push(...contentRefs(e, num));
      for (const kid of kids(e)) if (kid instanceof Ref) stack.push(kid.num);
    }
    const first = Math.min(...refs.map((r) => order.get(r.page) ?? Infinity));
    const later = refs.filter((r) => (order.get(r.page) ?? Infinity) > first);
    if (later.length === 0) continue;
    // Taken out from the highest index down, so the indexes still to remove stay valid.
    for (const r of later.sort((a, b) => (b.index ?? 0) - (a.index ?? 0))) {
      const owner = edit.editDict(r.owner);
      const k = owner.get('K');
      if (Array.isArray(k) && r.index !== undefined) k.splice(r.index, 1);
      else owner.delete('K');
      const set = repeats.get(r.page) ?? new Set<number>();
      set.add(r.mcid);
      repeats.set(r.page, set);
    }
  }
  if (repeats.size > 0) dropFromParentTree(edit, root, repeats);
  return repeats;
}

/** The parent tree maps each page's MCIDs back to their elements: artifacts have none. */
function dropFromParentTree(edit: PdfEdit, root: Dict, repeats: Map<number, Set<number>>): void {
  const byKey = new Map<number, Set<number>>();
  for (const [page, mcids] of repeats) {
    const key = edit.dict(new Ref(page))?.get('StructParents');
    if (typeof key === 'number') byKey.set(key, mcids);
  }
  // Each node is edited through the object that holds it, so a list written inline changes with it.
  const visit = (node: Dict): void => {
    const nums = node.get('Nums');
    if (Array.isArray(nums)) {
      for (let i = 0; i + 1 < nums.length; i += 2) {
        const key = nums[i];
        const mcids = typeof key === 'number' ? byKey.get(key) : undefined;
        if (!mcids) continue;
        const held = nums[i + 1];
        const list = held instanceof Ref ? edit.edit(held.num) : held;
        if (Array.isArray(list)) for (const m of mcids) if (m < list.length) list[m] = null;
      }
    }
    const children = node.get('Kids');
    if (Array.isArray(children)) for (const kid of children) {
      const d = kid instanceof Ref ? edit.editDict(kid.num) : kid;
      if (isDict(d)) visit(d);
    }
  };
  const tree = root.get('ParentTree');
  const node = tree instanceof Ref ? edit.editDict(tree.num) : tree;
  if (isDict(node)) visit(node);
}

/**
 * A caption that is a heading (the index tables' theme headings, which also make the bookmarks) comes
 * out of Chromium as a bare heading inside the table, no longer a caption. A heading can only be a
 * table's child that way, so it is put back in a `Caption`, where a reader looks for the table's name.
 */
export function restoreHeadingCaptions(edit: PdfEdit, tables: number[]): void {
  for (const num of tables) {
    const table = edit.dict(new Ref(num));
    const list = table?.get('K');
    const first = Array.isArray(list) ? list[0] : undefined;
    const heading = first instanceof Ref ? edit.dict(first) : undefined;
    const type = heading && typeOf(heading);
    if (!Array.isArray(list) || !(first instanceof Ref) || !heading || type === undefined || !HEADING.has(type)) continue;
    if (list.some((kid) => isName(edit.dict(kid)?.get('S'), 'Caption'))) continue;
    const editedHeading = edit.editDict(first.num);
    const wrapper: Dict = new Map<string, Value>([
      ['Type', Name.of('StructElem')],
      ['S', Name.of('Caption')],
      ['P', editedHeading.get('P') ?? null],
      ['K', [first]],
    ]);
    const ref = edit.add(wrapper);
    editedHeading.set('P', ref);
    (edit.editDict(num).get('K') as Value[])[0] = ref;
  }
}

/** A RoleMap entry for every structure type PDF 1.7 does not define, so every element has a standard meaning. */
export function addRoleMap(edit: PdfEdit, root: Dict, types: Set<string>): void {
  const nonStandard = [...types].filter((t) => !STANDARD.has(t)).sort();
  if (nonStandard.length === 0) return;
  const held = root.get('RoleMap');
  let map = held instanceof Ref ? edit.editDict(held.num) : isDict(held) ? held : undefined;
  if (!map) root.set('RoleMap', (map = new Map()));
  for (const t of nonStandard) map.set(t, Name.of(ROLE_OF[t] ?? 'NonStruct'));
}

/**
 * Chromium names structure elements after DOM node ids (`node00000016`), which count up across
 * everything the renderer process has built, so the same HTML can get other ids in another tab. They
 * are renumbered in their original order: that keeps the /IDTree sorted and makes them depend only on
 * the document. /Headers on table cells and the /IDTree refer to the same ids; every string in the file
 * that is one of them is rewritten as the file is written.
 */
export function structIdRenames(ids: Set<string>): Map<string, string> {
  const ordered = [...ids].sort((a, b) => Number(NODE_ID.exec(a)![1]) - Number(NODE_ID.exec(b)![1]));
  const width = Math.max(8, String(ordered.length).length);
  return new Map(ordered.map((id, i) => [id, `node${String(i + 1).padStart(width, '0')}`]));
}
