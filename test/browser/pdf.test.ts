import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import type { Workspace } from '../../src/types.js';
import { sharedBuild } from '../helpers/shared.js';

interface Entry {
  title: string;
  items: Entry[];
}

let workspace: Workspace;
let html: string;
let outline: Entry[];
let pages: number;
let papers: { public: string; exempt: string };

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

// Part 1 of the sample as the CLI printed it, built once per run (test/helpers/shared-builds.ts),
// and the HTML it was printed from (its --html file).
beforeAll(async () => {
  workspace = (await loadOrThrow(sampleWorkspaceDir, true, '2023-11')).workspace;
  const built = await sharedBuild('sample');
  papers = built.pdf;
  html = readFileSync(built.html, 'utf8');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(built.pdf.public)), useSystemFonts: false }).promise;
  outline = ((await doc.getOutline()) ?? []) as unknown as Entry[];
  pages = doc.numPages;
  await doc.destroy();
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

describe('the finished files', () => {
  // SPEC "Outputs": the papers are PDFs any reader opens. Finishing writes Chromium's file again with
  // its own cross-reference table; qpdf (Debian's python3-pikepdf, not the project's PDF code) finds
  // a table whose offsets miss their objects, which a lenient viewer would silently repair.
  it.each(['public', 'exempt'] as const)('%s: qpdf finds no damage and nothing to repair', (part) => {
    const script = 'import json,sys,pikepdf\np=pikepdf.open(sys.argv[1])\nprint(json.dumps({"problems":p.check(),"warnings":p.get_warnings(),"pages":len(p.pages)}))';
    const report = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, papers[part]], { encoding: 'utf8' })) as { problems: string[]; warnings: string[]; pages: number };
    expect(report.problems).toEqual([]);
    expect(report.warnings).toEqual([]);
    expect(report.pages).toBeGreaterThan(10);
  });
});
