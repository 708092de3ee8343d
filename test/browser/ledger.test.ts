import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pdfPages, runCli, sha256File } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const figures = (ws: string, month: string) => join(ws, 'out', month, 'public', `childrens-scrutiny-dataset-${month}-part-1-figures.csv`);
const part1Pdf = (ws: string, month: string) => join(ws, 'out', month, 'public', `childrens-scrutiny-dataset-${month}-part-1-public.pdf`);
const shownOf = (csv: string) =>
  new Map(
    csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => {
        const cols = line.split(',');
        return [cols.slice(0, 5).join(','), cols.slice(5).join(',')] as const;
      }),
  );

/**
 * One workspace from `init` whose Part 1 was built and recorded month by month, September to
 * November, as a council would; and a copy of it as it stood once October was recorded, which the
 * tests below copy again before changing anything.
 */
let monthlyWs: string;
let recordedToOctober: string;

beforeAll(async () => {
  const cwd = tempDir('scrutiny-ledger-');
  monthlyWs = join(cwd, 'monthly');
  recordedToOctober = join(cwd, 'recorded-to-october');
  expect((await runCli(['init', monthlyWs], { cwd })).code).toBe(0);
  for (const m of ['2023-09', '2023-10', '2023-11']) {
    const r = await runCli(['build', '--month', m, '--part', 'public', '--record'], { cwd: monthlyWs });
    expect(r.code, r.stderr).toBe(0);
    if (m === '2023-10') cpSync(monthlyWs, recordedToOctober, { recursive: true });
  }
});

/** A copy of the workspace recorded up to October, for a test to change. */
function recordedCopy(): string {
  const ws = join(tempDir(), 'ws');
  cpSync(recordedToOctober, ws, { recursive: true });
  return ws;
}

describe('the ledger across months (--record)', () => {
  it('records what Part 1 showed, keeps once-[c] figures hidden even when revised, and never overwrites a different ledger', async () => {
    const ws = recordedCopy();
    const ledgerPath = join(ws, 'published', '2023-10.csv');
    const ledger = readFileSync(ledgerPath, 'utf8');
    expect(ledger).toBe(readFileSync(figures(ws, '2023-10'), 'utf8'));
    expect(ledger).toContain('cp-plans-2-years,2023-10,,,value,[c]');

    // A late-recorded case revises October's hidden 4 to 9: Part 1 must not reveal it.
    const csvPath = join(ws, 'outturns.csv');
    writeFileSync(csvPath, readFileSync(csvPath, 'utf8').replace('\ncp-plans-2-years,2023-10,4,', '\ncp-plans-2-years,2023-10,9,'));
    const nov = await runCli(['build', '--month', '2023-11', '--part', 'public'], { cwd: ws });
    expect(nov.code, nov.stderr).toBe(0);
    const novShown = shownOf(readFileSync(figures(ws, '2023-11'), 'utf8'));
    expect(novShown.get('cp-plans-2-years,2023-10,,,value')).toBe('[c]');
    for (const [key, shown] of shownOf(ledger)) {
      if (shown === '[c]' && novShown.has(key)) expect(novShown.get(key), key).toBe('[c]');
    }

    // Re-recording October now would publish something different: refused, ledger untouched.
    const again = await runCli(['build', '--month', '2023-10', '--part', 'public', '--record'], { cwd: ws });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('published/2023-10.csv');
    expect(readFileSync(ledgerPath, 'utf8')).toBe(ledger);
    expect(existsSync(join(ws, 'published', '2023-11.csv'))).toBe(false);
  });
});

describe('a batch with --record', () => {
  it('records the same ledgers as month-by-month runs, each month read against the ones before it', async () => {
    const cwd = tempDir();
    const batchWs = join(cwd, 'batch');
    expect((await runCli(['init', batchWs], { cwd })).code).toBe(0);
    const months = ['2023-09', '2023-10', '2023-11'];
    const batch = await runCli(['build', '--from', months[0], '--to', months[2], '--part', 'public', '--record'], { cwd: batchWs });
    expect(batch.code, batch.stderr).toBe(0);
    // The month-by-month runs are the shared workspace's (beforeAll).
    for (const m of months) {
      const recorded = readFileSync(join(batchWs, 'published', `${m}.csv`), 'utf8');
      expect(recorded, m).toBe(readFileSync(join(monthlyWs, 'published', `${m}.csv`), 'utf8'));
      expect(readFileSync(figures(batchWs, m), 'utf8')).toBe(recorded);
      // The batch prints with two browsers on two cores; the papers are the same bytes regardless.
      expect(sha256File(part1Pdf(batchWs, m)), m).toBe(sha256File(part1Pdf(monthlyWs, m)));
    }
  });
});

describe('SPEC Second round › Commentary and revisions: revised figures', () => {
  it('marks a figure revised since its month was recorded with [r] in both parts, logs old and new in exempt/, and --record names what differs without the numbers off a terminal', async () => {
    const ws = recordedCopy();
    expect(readFileSync(join(ws, 'published', '2023-10.csv'), 'utf8')).toContain('cla-stability-long-term,2023-10,,,numerator,63\n');

    // October's stability figure is revised from 63 of 91 (69.2%) to 65 of 91 (71.4%), its 13–15 band with it.
    const csvPath = join(ws, 'outturns.csv');
    const revised = readFileSync(csvPath, 'utf8')
      .replace('\ncla-stability-long-term,2023-10,63,91,', '\ncla-stability-long-term,2023-10,65,91,')
      .replace('\ncla-stability-long-term,2023-10,40,58,', '\ncla-stability-long-term,2023-10,42,58,');
    writeFileSync(csvPath, revised);
    const nov = await runCli(['build', '--month', '2023-11'], { cwd: ws });
    expect(nov.code, nov.stderr).toBe(0);
    const footnote = "[r] Revised: the figure differs from the one first published for the same period, in that month's paper";
    const part2Pdf = join(ws, 'out', '2023-11', 'exempt', 'childrens-scrutiny-dataset-2023-11-part-2-exempt.pdf');
    for (const pdf of [part1Pdf(ws, '2023-11'), part2Pdf]) {
      const text = pdfPages(pdf).join('\n').replace(/\s+/g, ' ');
      expect(text, pdf).toContain('71.4% [r] (Oct 2023)');
      expect(text, pdf).toContain(footnote);
    }
    const log = readFileSync(join(ws, 'out', '2023-11', 'exempt', 'disclosure-log.csv'), 'utf8');
    expect(log).toContain('cla-stability-long-term,2023-10,,,numerator,"first published as 63 (published/2023-10.csv), now 65; Part 1 shows it with [r]",revised');
    expect(log).toContain('cla-stability-long-term,2023-10,,,value,"first published as 69.2 (published/2023-10.csv), now 71.4; Part 1 shows it with [r]",revised');
    // Nothing public carries the exempt log's words.
    expect(readFileSync(figures(ws, '2023-11'), 'utf8')).not.toContain('[r]');

    // Recording October again is refused, naming each figure; stderr here is not a terminal, so no number.
    const again = await runCli(['build', '--month', '2023-10', '--part', 'public', '--record'], { cwd: ws });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the ledger for 2023-10 is already recorded and differs from this build in 4 figures, named below');
    expect(again.stderr).toMatch(
      /published\/2023-10\.csv:\d+:6 {2}Indicator 20 \(cla-stability-long-term\) differs in 4 figures: 2023-10 value; 2023-10 numerator; 2023-10 age_band 13-15 value; 2023-10 age_band 13-15 numerator\n/,
    );
    expect(again.stderr).not.toMatch(/\b(63|65|69\.2|71\.4|40|42)\b/);
    const shown = await runCli(['build', '--month', '2023-10', '--part', 'public', '--record', '--show-figures'], { cwd: ws });
    expect(shown.stderr).toContain('2023-10 numerator recorded 63, this build 65');
  });
});
