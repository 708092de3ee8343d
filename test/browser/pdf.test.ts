import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareMonth } from '../../src/build.js';
import { loadOrThrow } from '../../src/load/index.js';
import { packageRoot, sampleWorkspaceDir } from '../../src/paths.js';
import { findBrowser } from '../../src/print/browser.js';
import { openPrinter, type Printer } from '../../src/print/printer.js';
import type { Workspace } from '../../src/types.js';

interface Entry {
  title: string;
  items: Entry[];
}

let printer: Printer;
let workspace: Workspace;
let html: string;
let outline: Entry[];
let pages: number;

/** Heading texts as a reader sees them: tags dropped, entities decoded, spaces collapsed. */
function headings(doc: string): string[] {
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", '#x3D': '=', '#x60': '`' };
  return [...doc.matchAll(/<h[1-4][^>]*>([\s\S]*?)<\/h[1-4]>/g)].map((m) =>
    m[1]
      .replace(/<[^>]+>/g, '')
      .replace(/&([#\w]+);/g, (all, name: string) => entities[name] ?? all)
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

const flatten = (entries: Entry[]): string[] => entries.flatMap((e) => [e.title, ...flatten(e.items)]);

beforeAll(async () => {
  const loaded = await loadOrThrow(sampleWorkspaceDir, true, '2023-11');
  workspace = loaded.workspace;
  const prepared = await prepareMonth(workspace, '2023-11', ['public'], false, loaded.warnings);
  html = prepared.html.public!;
  printer = await openPrinter(findBrowser({ env: process.env }), { concurrency: 1 });
  const bytes = await printer.pdf(html, { allowedRoots: [sampleWorkspaceDir, packageRoot], meta: prepared.meta.public! });
  const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false }).promise;
  outline = ((await doc.getOutline()) ?? []) as unknown as Entry[];
  pages = doc.numPages;
  await doc.destroy();
});

afterAll(async () => {
  await printer?.close();
});

describe('the Part 1 PDF outline', () => {
  it('has a bookmark for every numbered section and Appendix 1', () => {
    const top = outline.flatMap((e) => [e, ...e.items]).map((e) => e.title);
    const numbered = headings(html).filter((h) => /^\d+\. /.test(h));
    expect(numbered.map((h) => h.split('.')[0])).toEqual(['1', '2', '3', '4', '5', '6']);
    for (const h of numbered) expect(top).toContain(h);
    expect(top).toContain('Appendix 1: Performance index as at the end of November 2023');
  });

  it('has each theme under Appendix 1, for its table and for its details', () => {
    const appendix = outline.flatMap((e) => [e, ...e.items]).find((e) => e.title.startsWith('Appendix 1'))!;
    const under = flatten(appendix.items);
    const themes = workspace.catalogue.sections.filter((s) => workspace.catalogue.indicators.some((i) => i.section === s.id));
    expect(themes.length).toBeGreaterThan(5);
    for (const theme of themes) {
      expect(under).toContain(theme.title);
      expect(under).toContain(`Indicator details: ${theme.title}`);
    }
  });

  it('reads every title exactly as its heading, never doubled or run together', () => {
    const texts = new Set(headings(html));
    const titles = flatten(outline);
    expect(titles.length).toBeGreaterThan(40);
    expect(titles.filter((t) => !texts.has(t))).toEqual([]);
    expect(titles.filter((t) => /^(.{6,})\s*\1$/.test(t))).toEqual([]);
  });

  it('keeps the paper compact: detail blocks share pages', () => {
    // 42 pages when every indicator's details took a page of its own.
    expect(pages).toBeLessThanOrEqual(32);
  });
});
