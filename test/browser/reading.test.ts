import { readFileSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareMonth } from '../../src/build.js';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import { findBrowser } from '../../src/print/browser.js';
import type { Part } from '../../src/write/index.js';
import { sharedBuild } from '../helpers/shared.js';
import { compareTexts, htmlTexts, readStructure, type HtmlTexts, type PdfStructure } from './reading.js';

// SPEC "Documents that everyone can read": tagged PDFs with real header cells and a text alternative for
// every chart, read here as a screen reader reads them, element by element in structure order.

/** PDF 1.7's standard structure types (ISO 32000-1 §14.8.4); anything else needs a RoleMap entry. */
const STANDARD = new Set(
  'Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form'.split(
    ' ',
  ),
);

interface Paper {
  structure: PdfStructure;
  html: HtmlTexts;
}

let browser: Browser;

/**
 * The bundled sample, a workspace of another shape (other units, wording, Markdown, its own cover), and
 * real published figures the templates were not written against (annual periods, FTE, the publisher's
 * symbols), each for a month its meetings list: the papers the CLI printed for them, built once per run
 * (test/helpers/shared-builds.ts).
 */
const WORKSPACES = ['sample', 'spec-tour', 'dfe-bromley'] as const;
type Name = (typeof WORKSPACES)[number];
const papers: Partial<Record<`${Name} ${Part}`, Paper>> = {};

beforeAll(async () => {
  browser = await puppeteer.launch({ executablePath: findBrowser({ env: process.env }).path, headless: true, args: ['--no-sandbox'] });
  // Asked for together, so that those not yet built are built side by side.
  const builds = await Promise.all(WORKSPACES.map(sharedBuild));
  for (const [i, name] of WORKSPACES.entries()) {
    const built = builds[i];
    // The HTML each part was printed from: the pipeline's, for the same workspace and month. The CLI
    // wrote Part 1's with --html, so that one is checked to be the same document.
    const { workspace, warnings } = await loadOrThrow(name === 'sample' ? sampleWorkspaceDir : built.cwd, name === 'sample', built.month);
    const prepared = await prepareMonth(workspace, built.month, ['public', 'exempt'], false, warnings);
    expect(prepared.html.public, `${name}: the printed Part 1 HTML`).toBe(readFileSync(built.html, 'utf8'));
    for (const part of ['public', 'exempt'] as const) {
      papers[`${name} ${part}`] = { structure: await readStructure(readFileSync(built.pdf[part])), html: await htmlTexts(browser, prepared.html[part]!) };
    }
  }
}, 900_000);

afterAll(async () => {
  await browser?.close();
});

const PAPERS = ['sample public', 'sample exempt', 'spec-tour public', 'spec-tour exempt', 'dfe-bromley public', 'dfe-bromley exempt'] as const;

describe.each(PAPERS)('the %s paper read in structure order', (paper) => {
  it('says the words of each tagged element as the page shows them, none run together', () => {
    const { structure, html } = papers[paper]!;
    const { mismatches, counts, pairs } = compareTexts(structure, html);
    // Something to compare: every kind of element the paper has is found on both sides.
    expect(counts.TH[0]).toBeGreaterThan(20);
    expect(counts.TD[0]).toBeGreaterThan(40);
    expect(counts.P[0]).toBeGreaterThan(10);
    expect(pairs, `${pairs.length} run-together pairs`).toEqual([]);
    expect(mismatches.slice(0, 20), `${mismatches.length} elements read otherwise than shown; counts ${JSON.stringify(counts)}`).toEqual([]);
  });

  it('reads no header cell twice: none has content on two pages', () => {
    const split = papers[paper]!.structure.elements.filter((e) => e.type === 'TH' && e.pages.length > 1);
    expect(split.map((e) => `${e.text} (pages ${e.pages.join(', ')})`)).toEqual([]);
  });

  it('uses only standard structure types, or maps the others to one', () => {
    const { structure } = papers[paper]!;
    const types = new Set(structure.elements.map((e) => e.type));
    const unmapped = [...types].filter((t) => !STANDARD.has(t) && !STANDARD.has(structure.roleMap[t] ?? ''));
    expect(unmapped).toEqual([]);
    expect(Object.values(structure.roleMap).every((t) => STANDARD.has(t))).toBe(true);
  });

  it('keeps every chart’s alternative and every table’s caption', () => {
    const { structure, html } = papers[paper]!;
    const figures = structure.elements.filter((e) => e.type === 'Figure');
    expect(figures.length).toBe(html.Figure.length);
    expect(figures.filter((f) => !f.alt)).toEqual([]);
    const tables = structure.elements.filter((e) => e.type === 'Table').length;
    expect(tables).toBeGreaterThan(2);
    expect(structure.elements.filter((e) => e.type === 'Caption').length).toBe(html.Caption.length);
    // The bundled templates caption every table; spec-tour's own cover partial is its own business.
    if (!paper.startsWith('spec-tour')) expect(html.Caption.length).toBe(html.Table.length);
  });
});
