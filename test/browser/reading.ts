/**
 * The papers as assistive technology reads them. The PDF side comes from an independent reader
 * (test/helpers/pdf-structure.py, on Debian's python3-pikepdf): the structure tree in order, each
 * element's text from its glyphs, no spaces guessed from positions. The HTML side is what the same
 * document says in a browser laid out for print: each element's innerText, whitespace normalised.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, Page } from 'puppeteer-core';

export interface PdfElement {
  type: string;
  depth: number;
  pages: number[];
  text: string;
  alt?: string;
  id?: string;
  scope?: string;
}

export interface PdfStructure {
  roleMap: Record<string, string>;
  elements: PdfElement[];
  untagged: { page: number; text: string }[];
  pages: number;
}

const READER = join(import.meta.dirname, '..', 'helpers', 'pdf-structure.py');

/** Debian's interpreter: python3-pikepdf is a Debian package, and other pythons on PATH may lack it. */
const PYTHON = '/usr/bin/python3';

export async function readStructure(pdf: Uint8Array): Promise<PdfStructure> {
  const dir = mkdtempSync(join(tmpdir(), 'scrutiny-reading-'));
  try {
    const file = join(dir, 'paper.pdf');
    writeFileSync(file, pdf);
    const { stdout } = await promisify(execFile)(PYTHON, [READER, file], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as PdfStructure;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PDF structure types and the HTML elements Chromium makes them from. */
export const HTML_OF: Record<string, string> = {
  Document: 'body',
  H1: 'h1',
  H2: 'h2',
  H3: 'h3',
  H4: 'h4',
  H5: 'h5',
  H6: 'h6',
  P: 'p',
  Table: 'table',
  TR: 'tr',
  TH: 'th',
  TD: 'td',
  Caption: 'caption',
  L: 'ul, ol',
  LI: 'li',
  Strong: 'strong, b',
  Em: 'em, i',
  Art: 'article',
};

export type HtmlTexts = Record<string, string[]>;

/** A tab holding the paper as the printer lays it out (print media), reaching nothing but data: URLs. */
export async function printLayoutPage(browser: Browser, html: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (req) => void (req.url().startsWith('data:') ? req.continue() : req.abort('blockedbyclient')));
  await page.emulateMediaType('print');
  await page.setContent(html, { waitUntil: 'load' });
  return page;
}

/**
 * Each element's words as a sighted reader of the print layout sees them. Charts are hidden first: their
 * text is their alternative (compared on its own), not words of the element around them.
 */
export async function htmlTexts(browser: Browser, html: string): Promise<HtmlTexts> {
  const page = await printLayoutPage(browser, html);
  try {
    return await page.evaluate((selectors: Record<string, string>) => {
      Array.from(document.querySelectorAll('svg')).forEach((svg) => (svg.style.display = 'none'));
      // A numbered list's numbers are painted as text (the PDF's Lbl), so a reader says them; innerText does not.
      Array.from(document.querySelectorAll('ol')).forEach((ol) =>
        Array.from(ol.children).forEach((li, i) => li.prepend(document.createTextNode(`${ol.start + i}. `))),
      );
      const out: Record<string, string[]> = {};
      for (const [type, selector] of Object.entries(selectors)) {
        out[type] = Array.from(document.querySelectorAll(selector)).map((e) => (e as HTMLElement).innerText.replace(/\s+/g, ' ').trim());
      }
      out.Figure = Array.from(document.querySelectorAll('svg[role="img"]')).map((svg) =>
        (svg.getAttribute('aria-labelledby') ?? '')
          .split(/\s+/)
          .map((id: string) => document.getElementById(id)?.textContent ?? '')
          .join(' ')
          .replace(/\s+/g, ' ')
          .trim(),
      );
      return out;
    }, HTML_OF);
  } finally {
    await page.close();
  }
}

export const words = (s: string): string[] => s.split(/\s+/).filter(Boolean);

/** Pairs of words the page shows apart that the PDF reads as one ("anddescribe"). */
export function runTogether(pdf: string, html: string): string[] {
  const seen = new Set(words(pdf));
  const shown = words(html);
  const shownSet = new Set(shown);
  const found: string[] = [];
  for (let i = 0; i + 1 < shown.length; i++) {
    const joined = shown[i] + shown[i + 1];
    if (!shownSet.has(joined) && seen.has(joined)) found.push(`${shown[i]}|${shown[i + 1]}`);
  }
  return found;
}

export interface Mismatch {
  type: string;
  index: number;
  pdf: string;
  html: string;
}

/** Every tagged element of a type whose words differ from its HTML element's, in document order. */
export function compareTexts(structure: PdfStructure, html: HtmlTexts): { mismatches: Mismatch[]; counts: Record<string, [number, number]>; pairs: string[] } {
  const mismatches: Mismatch[] = [];
  const counts: Record<string, [number, number]> = {};
  const pairs: string[] = [];
  for (const type of [...Object.keys(HTML_OF), 'Figure']) {
    const tagged = structure.elements.filter((e) => e.type === type).map((e) => (type === 'Figure' ? (e.alt ?? '') : e.text));
    const shown = html[type] ?? [];
    counts[type] = [tagged.length, shown.length];
    for (let i = 0; i < Math.max(tagged.length, shown.length); i++) {
      const pdf = (tagged[i] ?? '').replace(/\s+/g, ' ').trim();
      const page = shown[i] ?? '';
      if (words(pdf).join(' ') !== words(page).join(' ')) mismatches.push({ type, index: i, pdf, html: page });
      // Counted over the whole document once, so a pair is not counted again for each element around it.
      if (type === 'Document') pairs.push(...runTogether(pdf, page));
    }
  }
  return { mismatches, counts, pairs };
}
