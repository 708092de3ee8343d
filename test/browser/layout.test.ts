import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runCli } from '../helpers/cli.js';
import { sharedBuild } from '../helpers/shared.js';
import { tempDir } from '../helpers/temp.js';

// SPEC "Documents that everyone can read": the printed page itself, measured from the PDF. Text never
// overprints other text (a long source in its column, labels in charts); type is at least 10 pt for the
// body, 9 pt for secondary text and 8 pt in charts; themes flow on from one another rather than each
// taking a page. Built with the CLI from the sample, the real DfE example, and a copy of the example with
// the awkward things real catalogues hold: a source that is one long file name, a source with a URL, and a
// theme with a single indicator.

interface Word {
  page: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

/** Every word of a PDF with its box, from poppler's `pdftotext -bbox`. */
function wordBoxes(pdf: string): Word[] {
  const r = spawnSync('pdftotext', ['-bbox', pdf, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`pdftotext -bbox failed: ${r.stderr}`);
  const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return r.stdout.split('<page ').slice(1).flatMap((page, i) =>
    [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)<\/word>/g)].map((m) => ({
      page: i + 1,
      x0: Number(m[1]),
      y0: Number(m[2]),
      x1: Number(m[3]),
      y1: Number(m[4]),
      text: decode(m[5]),
    })),
  );
}

/**
 * Pairs of words whose glyphs overprint. A word's box is its font's full height, so the boxes of
 * neighbouring lines touch; the middle half of each box is where the glyphs are, and two of those meeting
 * is ink on ink.
 */
function overprints(words: Word[]): string[] {
  const found: string[] = [];
  const core = (w: Word) => ({ ...w, y0: w.y0 + (w.y1 - w.y0) / 4, y1: w.y1 - (w.y1 - w.y0) / 4 });
  const byPage = new Map<number, Word[]>();
  for (const w of words.map(core)) byPage.set(w.page, [...(byPage.get(w.page) ?? []), w]);
  for (const [page, list] of byPage) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = [list[i], list[j]];
        if (Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0) > 0.5 && Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0) > 0) found.push(`page ${page}: "${a.text}" over "${b.text}"`);
      }
    }
  }
  return found;
}

interface Run {
  text: string;
  size: number;
  /** Inside a chart (the Figure's marked content), or a running header or footer (an Artifact). */
  where: 'figure' | 'artifact' | 'text';
  page: number;
}

/** Every run of text with its printed size in points, from pdfjs, and whether it is chart, artifact or text. */
async function textRuns(pdf: string): Promise<Run[]> {
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdf)), verbosity: 0 }).promise;
  const runs: Run[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const content = await (await doc.getPage(p)).getTextContent({ includeMarkedContent: true });
    const tags: string[] = [];
    for (const item of content.items) {
      if ('type' in item) {
        if (item.type === 'beginMarkedContentProps' || item.type === 'beginMarkedContent') tags.push((item as { tag?: string }).tag ?? ''); // typed without it, given at run time
        else if (item.type === 'endMarkedContent') tags.pop();
        continue;
      }
      if (!item.str.trim()) continue;
      const where = tags.includes('Figure') ? 'figure' : tags.includes('Artifact') ? 'artifact' : 'text';
      runs.push({ text: item.str, size: Math.hypot(item.transform[0], item.transform[1]), where, page: p });
    }
  }
  await doc.destroy();
  return runs;
}

const pdfs: Record<string, string> = {};

/** Builds Part 1 of a workspace through the CLI and records where its PDF is. */
async function buildPart1(name: string, workspace: string, month: string): Promise<void> {
  const out = join(workspace, '..', 'out');
  const run = await runCli(['build', '--month', month, '--part', 'public', '--out', out], { cwd: workspace });
  if (run.code !== 0) throw new Error(`${name}: build failed (${run.code}): ${run.stderr}`);
  const dir = join(out, month, 'public');
  pdfs[`${name} Part 1`] = join(dir, readdirSync(dir).find((f) => f.endsWith('.pdf'))!);
}

const LONG_NAME = 'DfE_Children_in_need_table_D3_child_protection_plans_second_or_subsequent_by_local_authority_2013_to_2025.csv';

beforeAll(async () => {
  const example = join(repoRoot, 'examples', 'dfe-bromley');
  // The sample and the example as built once per run (test/helpers/shared-builds.ts).
  // Asked for together, so that those not yet built are built side by side.
  const names = ['sample', 'dfe-bromley'] as const;
  for (const [i, shared] of (await Promise.all(names.map(sharedBuild))).entries()) {
    pdfs[`${names[i]} Part 1`] = shared.pdf.public;
    pdfs[`${names[i]} Part 2`] = shared.pdf.exempt;
  }
  // The awkward copy: a source that is one unbreakable name, another with a URL, and care leavers
  // reduced to a single indicator (the other moves to the looked-after theme).
  const awkward = join(tempDir('scrutiny-layout-'), 'ws');
  cpSync(example, awkward, { recursive: true });
  const catalogue = readFileSync(join(awkward, 'catalogue.yaml'), 'utf8');
  const edited = catalogue
    .replace('source: "DfE, Children in need (table D3)"', `source: "${LONG_NAME}"`)
    .replace(
      'source: "DfE, Children in need (table C1)"',
      'source: "DfE, Characteristics of children in need 2025, table C1, https://explore-education-statistics.service.gov.uk/find-statistics/characteristics-of-children-in-need/2025"',
    )
    .replace(/(id: care-leavers-accommodation\n(?:.*\n)*?\s+section: )care-leavers/, '$1looked-after');
  expect(edited.split('section: care-leavers').length - 1, 'one indicator left in the care leavers theme').toBe(1);
  expect(edited).toContain(LONG_NAME);
  writeFileSync(join(awkward, 'catalogue.yaml'), edited);
  await buildPart1('awkward', awkward, '2025-11');
}, 900_000);

describe('SPEC "Documents that everyone can read": nothing overprints', () => {
  it('built every paper', () => {
    expect(Object.keys(pdfs).sort()).toEqual(['awkward Part 1', 'dfe-bromley Part 1', 'dfe-bromley Part 2', 'sample Part 1', 'sample Part 2']);
  });

  it.each(['sample Part 1', 'sample Part 2', 'dfe-bromley Part 1', 'dfe-bromley Part 2', 'awkward Part 1'])('%s: no word prints over another', (paper) => {
    const words = wordBoxes(pdfs[paper]);
    expect(words.length).toBeGreaterThan(1000);
    expect(overprints(words)).toEqual([]);
  });

  it('the checker sees an overprint when there is one', () => {
    const word = (x0: number, text: string): Word => ({ page: 1, x0, y0: 100, x1: x0 + 40, y1: 112, text });
    expect(overprints([word(10, 'Source'), word(45, 'Why')])).toHaveLength(1);
    expect(overprints([word(10, 'Source'), word(55, 'Why'), { ...word(10, 'next'), y0: 109, y1: 121 }])).toEqual([]);
  });

  it('a source that is one long name stays in its column: it breaks there, left of the definitions', () => {
    const words = wordBoxes(pdfs['awkward Part 1']);
    const definition = words.filter((w) => w.text === 'Definition:');
    const column = Math.min(...definition.map((w) => w.x0));
    const pieces = words.filter((w) => LONG_NAME.includes(w.text) && w.text.length > 8 && w.text.includes('_'));
    expect(pieces.map((w) => w.text).join('')).toBe(LONG_NAME);
    expect(pieces.length).toBeGreaterThan(1);
    for (const w of pieces) expect(w.x1, w.text).toBeLessThan(column);
  });
});

describe('SPEC "Documents that everyone can read": a readable size (body 10 pt, secondary 9 pt, charts 8 pt)', () => {
  it.each(['sample Part 1', 'sample Part 2', 'dfe-bromley Part 1', 'dfe-bromley Part 2'])('%s: chart text at least 8 pt, all other text at least 9 pt', async (paper) => {
    const runs = await textRuns(pdfs[paper]);
    const small = (where: Run['where'], min: number) => runs.filter((r) => r.where === where && r.size < min - 0.05).map((r) => `${r.text} (${r.size.toFixed(1)} pt, page ${r.page})`);
    expect(runs.filter((r) => r.where === 'figure').length).toBeGreaterThan(100);
    expect(small('figure', 8)).toEqual([]);
    expect(small('artifact', 9)).toEqual([]);
    expect(small('text', 9)).toEqual([]);
  });

  it('the body of the report, from "1. Reason for report" to the background documents, is at least 10 pt', async () => {
    const runs = (await textRuns(pdfs['dfe-bromley Part 1'])).filter((r) => r.where === 'text');
    const start = runs.findIndex((r) => r.text.startsWith('1. Reason for report'));
    const end = runs.findIndex((r) => r.text.startsWith('Appendix 1'));
    const body = runs.slice(start + 1, end);
    expect(start).toBeGreaterThan(0);
    expect(body.length).toBeGreaterThan(15);
    expect(body.filter((r) => r.size < 10 - 0.05).map((r) => `${r.text} (${r.size.toFixed(1)} pt)`)).toEqual([]);
  });
});

describe('SPEC "Documents that everyone can read": themes flow on in the performance index', () => {
  it('a theme with a single indicator shares its landscape page with the theme before it', () => {
    const words = wordBoxes(pdfs['awkward Part 1']);
    // The theme's heading in the index: "Care leavers" on its own, not an indicator's title ("Care leavers
    // aged …") nor the details' heading ("Indicator details: Care leavers").
    const careLeavers = words.find((w, i) => w.text === 'Care' && words[i + 1]?.text === 'leavers' && words[i + 2]?.text !== 'aged' && words[i - 1]?.text !== 'details:')?.page;
    expect(careLeavers).toBeDefined();
    // Indicator 9 is the theme's only row; the looked-after theme before it has rows on the same page.
    const onPage = words.filter((w) => w.page === careLeavers).map((w) => w.text).join(' ');
    expect(onPage).toMatch(/\b9 Care leavers aged 19 to 21 in education/);
    expect(onPage).toMatch(/\b(5|6|7|8|10) (Stability|Children|Care leavers aged 19 to 21 in suitable)/);
  });
});
