import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { pdfPages, repoRoot, runCli, type CliResult } from '../helpers/cli.js';
import { readExtract, type ExtractRow } from '../helpers/extract.js';
import { sharedBuild } from '../helpers/shared.js';
import { tempDir } from '../helpers/temp.js';
import { readStructure, type PdfStructure } from './reading.js';

// The DfE example (real published figures, the publisher's symbols left in) built by the CLI, as a
// user would, for a month long after its latest periods (March 2025, September 2025), and read back
// from the printed PDFs with poppler's pdftotext and, for table rows and chart alternatives, the
// independent structure-tree reader. What the papers should say is worked out here from the
// workspace's own files and DfE's raw CSV, not from the tool.

const example = join(repoRoot, 'examples', 'dfe-bromley');
const MONTH = '2025-11';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "2025-03" → "Mar 2025", as SPEC's example "23.8% (Mar 2025)" writes it. */
const label = (period: string) => `${MONTHS[Number(period.slice(5, 7)) - 1]} ${period.slice(0, 4)}`;
const SYMBOL = /^\[?(c|x|z|u|low)\]?$/;

interface Indicator {
  id: string;
  number: number;
  title: string;
  frequency: string;
}
type Row = ExtractRow;

const catalogue = (parseYaml(readFileSync(join(example, 'catalogue.yaml'), 'utf8')) as { indicators: Indicator[] }).indicators;
const headline = readExtract(join(example, 'outturns.csv')).filter((r) => !r.breakdown);
const rowsOf = (id: string) => headline.filter((r) => r.indicator === id && r.period <= MONTH).sort((a, b) => a.period.localeCompare(b.period));
/** The indicator's current figure: its latest at or before the paper's month. */
const current = (id: string) => rowsOf(id).at(-1)!;
const withheld = (r: Row) => [r.numerator, r.denominator, r.value].some((v) => SYMBOL.test(v));

interface Paper {
  text: string;
  /** poppler's text of the indicator details, after the commentary (which names indicators too). */
  details: string;
  structure: PdfStructure;
}
const papers: Record<'part1' | 'part2', Paper> = {} as never;

const normalise = (s: string) => s.replace(/\s+/g, ' ').trim();

// The example as built once per run with `build --month 2025-11` (test/helpers/shared-builds.ts).
beforeAll(async () => {
  const built = await sharedBuild('dfe-bromley');
  expect(built.month).toBe(MONTH);
  for (const [key, part] of [
    ['part1', 'public'],
    ['part2', 'exempt'],
  ] as const) {
    const pdf = built.pdf[part];
    const text = normalise(pdfPages(pdf).join(' '));
    papers[key] = { text, details: text.slice(text.indexOf('Indicator details:')), structure: await readStructure(readFileSync(pdf)) };
  }
});

/**
 * The detail block's facts for an indicator ("Outturn …", "RAG …"), each a list item read in structure
 * order under the indicator's heading; and found again, word for word, in poppler's text of the page.
 */
function facts(paper: Paper, ind: Indicator): { outturn: string; rag: string } {
  const found: Record<string, string> = {};
  let mine = false;
  for (const e of paper.structure.elements) {
    const text = normalise(e.text);
    if (/^H\d$/.test(e.type)) mine = text.startsWith(`Indicator ${ind.number}: `) && paper.details.includes(text);
    else if (mine && e.type === 'LI') {
      // "RAG rule: …" is another item; the first "RAG" is the rating.
      const m = /^(Outturn|RAG) (?!rule:)(.+)$/.exec(text);
      if (m) found[m[1]] ??= m[2];
    }
  }
  if (!found.Outturn || !found.RAG) throw new Error(`no details for indicator ${ind.number}`);
  expect(paper.details).toContain(found.Outturn);
  return { outturn: found.Outturn, rag: found.RAG };
}

/** The index row of an indicator, read in structure order. */
function indexRow(paper: Paper, ind: Indicator): string {
  const rows = paper.structure.elements.filter((e) => e.type === 'TR' && normalise(e.text).startsWith(`${ind.number} ${ind.title}`));
  expect(rows, `index row of indicator ${ind.number}`).toHaveLength(1);
  return normalise(rows[0].text);
}

const PARTS = ['part1', 'part2'] as const;

describe('SPEC Second round › Reference periods and frequencies: a paper long after the figures', () => {
  it('the example has figures from more than one period, none from the paper’s month', () => {
    const periods = new Set(catalogue.map((i) => current(i.id).period));
    expect(periods).toEqual(new Set(['2025-03', '2025-09']));
  });

  it.each(PARTS)('%s: every outturn in the details is labelled with its own period ("23.8% (Mar 2025)")', (part) => {
    for (const ind of catalogue) {
      expect(facts(papers[part], ind).outturn, `indicator ${ind.number}`).toMatch(new RegExp(`\\(${label(current(ind.id).period)}\\)$`));
    }
    expect(papers[part].text).toContain('1,101 of 4,630, 23.8% (Mar 2025)');
    // No figure is dated with the paper's month: none is as at November 2025.
    expect(papers[part].text).not.toContain(`(${label(MONTH)})`);
  });

  it.each(PARTS)('%s: the index labels the outturn and the previous year’s figure with their periods, and gives annual indicators one comparison', (part) => {
    for (const ind of catalogue) {
      const row = indexRow(papers[part], ind);
      const rows = rowsOf(ind.id);
      expect(row, `indicator ${ind.number}`).toContain(`(${label(rows.at(-1)!.period)})`);
      const previous = rows.at(-2)!;
      expect(ind.frequency).toBe('annual');
      // The previous period of an annual figure is the one a year before.
      expect(Number(previous.period.slice(0, 4))).toBe(Number(rows.at(-1)!.period.slice(0, 4)) - 1);
      expect(row, `indicator ${ind.number}`).toContain(`(${label(previous.period)})`);
      expect(row).toContain('Annual: see previous period');
      expect(row).not.toContain('On a year ago');
    }
  });

  it.each(PARTS)('%s: annual figures are rated, not "No data"; only a figure the publisher withheld has no RAG', (part) => {
    const rags = catalogue.map((ind) => facts(papers[part], ind).rag);
    expect(rags.filter((r) => !['Green', 'Amber', 'Red', 'Not rated', 'No data'].includes(r))).toEqual([]);
    const rated = catalogue.map((ind, i) => [ind.number, rags[i] === 'No data'] as const);
    expect(rated).toEqual(catalogue.map((ind) => [ind.number, withheld(current(ind.id))] as const));
    expect(rated.filter(([, noData]) => !noData).length).toBeGreaterThan(10);
  });
});

describe('SPEC Second round › Source symbols: the publisher’s [c] in the printed papers', () => {
  const withheldNow = catalogue.filter((ind) => SYMBOL.test(current(ind.id).numerator));

  it('the example has a current figure DfE withheld', () => {
    expect(withheldNow.map((i) => i.id)).toEqual(['cla-convictions']);
  });

  it('Part 1 shows it as [c], Part 2 as [c] withheld by the source', () => {
    for (const ind of withheldNow) {
      expect(facts(papers.part1, ind).outturn).toMatch(/^\[c\] of [\d,]+, \[c\] \(Mar 2025\)$/);
      expect(facts(papers.part2, ind).outturn).toMatch(/^\[c\] of [\d,]+, \[c\] \(withheld by the source\) \(Mar 2025\)$/);
    }
  });

  it.each(PARTS)('%s: never describes a withheld figure as not recorded', (part) => {
    expect(papers[part].text).not.toMatch(/not recorded|no figure was recorded/i);
  });

  it.each(PARTS)('%s: each chart lists every year DfE withheld as [c]', (part) => {
    const alts = papers[part].structure.elements.filter((e) => e.type === 'Figure').map((e) => normalise(e.alt ?? ''));
    let checked = 0;
    for (const ind of catalogue) {
      const alt = alts.find((a) => a.startsWith(`Line chart of Indicator ${ind.number},`));
      expect(alt, `chart of indicator ${ind.number}`).toBeDefined();
      for (const r of rowsOf(ind.id).filter((r) => /^\[?c\]?$/.test(r.numerator) || /^\[?c\]?$/.test(r.value))) {
        expect(alt).toContain(`${label(r.period)} [c]`);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(5);
  });
});

describe('SPEC Second round › Rates, populations…: each year’s rate over its own year’s population', () => {
  // DfE's published rates per 10,000 for Bromley, from the raw file the example was made from.
  const published = (parseCsv(readFileSync(join(example, 'raw', 'cla_number_and_rate_per_10k_children.csv')), { columns: true, bom: true }) as Record<string, string>[]).filter(
    (r) => r.old_la_code === '305' && r.population_type === 'Children looked after on 31 March each year',
  );

  it('the raw file has years whose populations differ', () => {
    expect(new Set(published.map((r) => r.population_estimate)).size).toBeGreaterThan(3);
  });

  it.each(PARTS)('%s: the chart gives GOV.UK’s rate for every year (341 children in 2021 is 47, not 46)', (part) => {
    const alt = normalise(papers[part].structure.elements.find((e) => e.type === 'Figure' && (e.alt ?? '').startsWith('Line chart of Indicator 4,'))!.alt!);
    for (const r of published) expect(alt).toContain(`Mar ${r.time_period} ${r.rate_per_10000} per 10,000`);
    expect(alt).toContain('Mar 2021 47 per 10,000');
  });

  it.each(PARTS)('%s: the current rate, the previous one, and the population they use', (part) => {
    const ind = catalogue.find((i) => i.id === 'cla-rate')!;
    const latest = published.find((r) => r.time_period === '2025')!;
    expect(facts(papers[part], ind).outturn).toBe(`${latest.rate_per_10000} per 10,000 (number: ${latest.children_count}) (Mar 2025)`);
    expect(indexRow(papers[part], ind)).toContain(`${published.find((r) => r.time_period === '2024')!.rate_per_10000} per 10,000 (Mar 2024)`);
    expect(papers[part].details).toContain(`Population ${Number(latest.population_estimate).toLocaleString('en-GB')} (`);
  });
});

/** The problem lines of a run, without its closing summary (which names the command's own outcome). */
const problemLines = (r: CliResult) => r.stderr.split('\n').filter((l) => l.startsWith('✖ ')).slice(0, -1);

describe('SPEC Commands (exit 1: inputs wrong, with --strict also warnings such as missing commentary) and Second round › Commentary and revisions: validate --month agrees with build --strict on real data', () => {
  const cases: [string, (ws: string) => void, number][] = [
    ['as bundled (an exception without commentary): both fail', () => undefined, 1],
    [
      'with the exception’s commentary written',
      (ws) => {
        mkdirSync(join(ws, 'commentary'), { recursive: true });
        writeFileSync(join(ws, 'commentary', `${MONTH}.yaml`), `month: ${MONTH}\nindicators:\n  sw-turnover-rate:\n    public: Officers have reviewed the workforce census with the service.\n`);
      },
      0,
    ],
  ];

  it.each(cases)('%s', async (_name, edit, expected) => {
    const ws = join(tempDir('scrutiny-dfe-check-'), 'ws');
    cpSync(example, ws, { recursive: true });
    edit(ws);
    const validate = await runCli(['validate', '--month', MONTH], { cwd: ws });
    const build = await runCli(['build', '--month', MONTH, '--strict', '--out', join(ws, '..', 'out')], { cwd: ws });
    expect([validate.code, build.code], `${validate.stderr}\n---\n${build.stderr}`).toEqual([expected, expected]);
    expect(problemLines(validate)).toEqual(problemLines(build));
    // 13 of the 14 indicators have figures in November 2025: no warning says every one is "No data".
    expect(validate.stderr + validate.stdout).not.toMatch(/every indicator|No data/);
  });
});
