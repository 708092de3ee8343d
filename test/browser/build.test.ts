import { describe, expect, it, beforeAll } from 'vitest';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfInfo, pdfPages, runCli, sha256File, type CliResult } from '../helpers/cli.js';
import { sharedBuild } from '../helpers/shared.js';
import { tempDir } from '../helpers/temp.js';
import { lockMonths } from '../../src/write/lock.js';

const month = '2023-11';
const stem = `childrens-scrutiny-dataset-${month}`;
const part1 = (out: string) => join(out, month, 'public', `${stem}-part-1-public.pdf`);
const part2 = (out: string) => join(out, month, 'exempt', `${stem}-part-2-exempt.pdf`);
const figuresCsv = (out: string) => join(out, month, 'public', `${stem}-part-1-figures.csv`);

const SCHEDULE_12A = 'NOT FOR PUBLICATION by virtue of paragraph(s) 1, 2 of Part 1 of Schedule 12A to the Local Government Act 1972';

/** pdftotext may break a long line; compare with white space folded. */
const fold = (s: string) => s.replace(/\s+/g, ' ');

// The sample built once per run with `build --month 2023-11 --json --html` in an empty folder
// (test/helpers/shared-builds.ts); layout, reading and pdf tests read the same papers.
describe('build of the bundled sample, through the CLI', () => {
  let cwd: string;
  let run: CliResult;
  let summary: any;

  beforeAll(async () => {
    ({ cwd, run } = await sharedBuild('sample'));
    summary = run.code === 0 ? JSON.parse(run.stdout) : undefined;
  });

  it('exits 0, says the sample is in use on stderr and prints only JSON on stdout', () => {
    expect(run.stderr).toContain('bundled sample');
    expect(run.code).toBe(0);
    expect(summary.month).toBe(month);
  });

  it('writes both papers, the figures CSV, the HTML, the disclosure log and build.json where SPEC puts them', () => {
    for (const p of [part1(join(cwd, 'out')), part2(join(cwd, 'out')), figuresCsv(join(cwd, 'out'))]) expect(existsSync(p), p).toBe(true);
    expect(existsSync(join(cwd, 'out', month, 'public', `${stem}-part-1-public.html`))).toBe(true);
    expect(existsSync(join(cwd, 'out', month, 'exempt', 'disclosure-log.csv'))).toBe(true);
    expect(existsSync(join(cwd, 'out', month, 'build.json'))).toBe(true);
    expect(readdirSync(join(cwd, 'out', month, 'public')).some((f) => f.includes('exempt') || f.includes('disclosure'))).toBe(false);
    const outputs = summary.outputs.map((o: { path: string }) => o.path);
    expect(outputs).toContain(join('out', month, 'public', `${stem}-part-1-public.pdf`));
  });

  it('makes exempt files readable by their owner only', () => {
    expect(statSync(part2(join(cwd, 'out'))).mode & 0o077).toBe(0);
    expect(statSync(join(cwd, 'out', month, 'exempt', 'disclosure-log.csv')).mode & 0o077).toBe(0);
    expect(statSync(join(cwd, 'out', month, 'exempt')).mode & 0o077).toBe(0);
  });

  it('Part 1 reads as the public paper, marks the sample on every page and shows indicator 20 as Amber', () => {
    const pages = pdfPages(part1(join(cwd, 'out'))).map(fold);
    expect(pages.length).toBeGreaterThan(3);
    expect(pages[0]).toContain('PART ONE – PUBLIC');
    for (const [i, page] of pages.entries()) expect(page, `page ${i + 1}`).toContain('SAMPLE – synthetic figures');
    const all = pages.join(' ');
    expect(all).toContain('as at the end of November 2023');
    expect(all).toMatch(/Indicator 20: Stability of placements of children looked after – length of placement – Amber/);
    expect(all).toContain('62 of 91');
    expect(all).toContain('[c]');
    expect(all).not.toContain('NOT FOR PUBLICATION');
  });

  it('Part 2 carries the Schedule 12A notice on every page and lists what Part 1 suppressed', () => {
    const pages = pdfPages(part2(join(cwd, 'out'))).map(fold);
    expect(pages[0]).toContain('PART TWO – EXEMPT');
    for (const [i, page] of pages.entries()) expect(page, `page ${i + 1}`).toContain(SCHEDULE_12A);
    const log = readFileSync(join(cwd, 'out', month, 'exempt', 'disclosure-log.csv'), 'utf8').trim().split('\n');
    expect(log[0]).toBe('indicator,period,breakdown,category,field,rule,kind');
    expect(log.length).toBeGreaterThan(1);
  });

  it('titles, tags and dates the PDFs from the inputs', () => {
    const info = pdfInfo(part1(join(cwd, 'out')));
    expect(info.Title).toBe("Children's Scrutiny Dataset – November 2023 – Part 1 (Public)");
    expect(info.Author).toBe('London Borough of Bromley');
    expect(info.Tagged).toBe('yes');
    expect(info.CreationDate).toMatch(/Feb\s+1 00:00:00 2024/);
  });

  it('summarises every indicator with SPEC values and exceptions that are exactly the Amber and Red ones', () => {
    const rags = new Set(['green', 'amber', 'red', 'not_rated', 'no_data', 'suppressed']);
    const dirs = new Set(['improving', 'declining', 'no_change', 'not_comparable']);
    for (const ind of summary.indicators) {
      expect(rags.has(ind.rag), ind.id).toBe(true);
      expect(dirs.has(ind.direction) && dirs.has(ind.direction_year), ind.id).toBe(true);
      if (ind.suppressed) expect([ind.rag, ind.direction, ind.direction_year]).toEqual(['suppressed', 'not_comparable', 'not_comparable']);
    }
    const amberRed = summary.indicators.filter((i: any) => i.rag === 'amber' || i.rag === 'red').map((i: any) => i.id);
    expect([...summary.exceptions].sort()).toEqual([...amberRed].sort());
    expect(summary.indicators.find((i: any) => i.number === 20).rag).toBe('amber');
    expect(summary.indicators.some((i: any) => i.suppressed)).toBe(true);
  });

  it('gives byte-identical PDFs when built again, in another folder', async () => {
    const elsewhere = tempDir();
    const again = await runCli(['build', '--month', month, '--out', 'again'], { cwd: elsewhere });
    expect(again.code).toBe(0);
    expect(sha256File(part1(join(elsewhere, 'again')))).toBe(sha256File(part1(join(cwd, 'out'))));
    expect(sha256File(part2(join(elsewhere, 'again')))).toBe(sha256File(part2(join(cwd, 'out'))));
  });
});

describe('exit codes and nothing lost', () => {
  it('a bad --month is a usage error (exit 2)', async () => {
    const r = await runCli(['build', '--month', '2023-13'], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('YYYY-MM');
    expect(r.stderr).not.toMatch(/\bat .*\.js:\d+/);
  });

  it('a browser that does not exist is an environment error (exit 3) naming it', async () => {
    const r = await runCli(['build', '--month', month, '--browser', '/nonexistent/chrome'], { cwd: tempDir() });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('/nonexistent/chrome');
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('✖'))).toHaveLength(1);
  });

  it('a failed build (bad inputs, then a browser that cannot start) leaves earlier outputs exactly as they were', async () => {
    const cwd = tempDir();
    const ws = join(cwd, 'ws');
    expect((await runCli(['init', ws], { cwd })).code).toBe(0);
    const first = await runCli(['build', '--month', month], { cwd: ws });
    expect(first.code, first.stderr).toBe(0);
    const out = join(ws, 'out');
    const before = [part1(out), part2(out), figuresCsv(out)].map(sha256File);

    const csv = join(ws, 'outturns.csv');
    const good = readFileSync(csv, 'utf8');
    writeFileSync(csv, good.replace(/\n(cla-stability-long-term,2023-11,)62,/, '\n$1sixty-two,'));
    const bad = await runCli(['build', '--month', month], { cwd: ws });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/outturns\.csv:\d+:\d+/);

    writeFileSync(csv, good);
    const crash = await runCli(['build', '--month', month, '--browser', '/bin/false'], { cwd: ws });
    expect(crash.code).toBe(3);

    expect([part1(out), part2(out), figuresCsv(out)].map(sha256File)).toEqual(before);
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('an --out that cannot be written is an environment error (exit 3) in one line saying why', async () => {
    const r = await runCli(['build', '--month', month, '--out', '/proc/nope'], { cwd: tempDir() });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n').filter((l) => l.startsWith('✖'))).toEqual([
      '✖ cannot write the outputs to /proc/nope: the folder cannot be created there (/proc/nope) [ENOENT]; choose a folder you can write (--out DIR)',
    ]);
  });

  it('a build of a month another build is writing into the same folder exits 3 naming that build', async () => {
    const cwd = tempDir();
    const release = await lockMonths(join(cwd, 'out'), [month]);
    try {
      const r = await runCli(['build', '--month', month, '--out', 'out'], { cwd });
      expect(r.code).toBe(3);
      expect(r.stderr).toContain(`${join(cwd, 'out', month)} is being built by another build (pid ${process.pid}`);
      expect(existsSync(join(cwd, 'out', month))).toBe(false);
    } finally {
      await release();
    }
  });
});
