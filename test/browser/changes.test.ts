import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMonth } from '../../src/check.js';
import { loadOrThrow } from '../../src/load/index.js';
import { figuresCsv } from '../../src/write/csv.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const month = '2023-11';

/** A workspace from `init` whose October paper went to committee: its ledger, as --record writes it. */
let recorded: string;

beforeAll(async () => {
  const cwd = tempDir('scrutiny-changes-');
  recorded = join(cwd, 'ws');
  expect((await runCli(['init', recorded], { cwd })).code).toBe(0);
  const { workspace, warnings } = await loadOrThrow(recorded, false, '2023-10');
  const october = await checkMonth(workspace, '2023-10', false, warnings);
  mkdirSync(join(recorded, 'published'), { recursive: true });
  writeFileSync(join(recorded, 'published', '2023-10.csv'), figuresCsv(october.disclosed.figures));
});

/** A copy of the recorded workspace, for a test to change. */
function recordedWorkspace(): string {
  const ws = join(tempDir(), 'ws');
  cpSync(recorded, ws, { recursive: true });
  return ws;
}

function edit(ws: string, from: RegExp, to: string): void {
  const path = join(ws, 'outturns.csv');
  const text = readFileSync(path, 'utf8');
  expect(text).toMatch(from);
  writeFileSync(path, text.replace(from, to));
}

describe('SPEC Second round › More commands: changes --month', () => {
  it('lists, against the last recorded month, RAG, direction and figure changes and revisions, readably', async () => {
    const ws = recordedWorkspace();
    // November's timeliness falls from Green to Red; October's open cases are revised after recording.
    edit(ws, /\neh-assessments-timely,2023-11,687,775,/, '\neh-assessments-timely,2023-11,600,775,');
    edit(ws, /\neh-open-children,2023-10,1180,/, '\neh-open-children,2023-10,1190,');
    const r = await runCli(['changes', '--month', month], { cwd: ws });
    expect(r.code, r.stderr).toBe(0);
    const out = r.stdout;
    expect(out).toContain('What changed in Part 1: November 2023');
    expect(out).toContain('Compared with October 2023, the last month recorded in published/2023-10.csv');
    const block = out.slice(out.indexOf('Indicator 3: Early help assessments completed within 30 working days'));
    expect(block.split('\n').slice(1, 4).join('\n')).toMatch(/^ {2}RAG: Green → Red\n(?: {2}Direction: .*\n)? {2}Figure: 88\.5% \(Oct 2023\) → 77\.4% \(Nov 2023\)/);
    // The indicator whose RAG changed is listed before those whose figure alone moved.
    expect(out.indexOf('Indicator 3:')).toBeLessThan(out.indexOf('Indicator 1:'));
    expect(out).toContain('Indicator 1: Children and young people open to early help services, Oct 2023, value: 1180 → 1190 (published/2023-10.csv)');
    expect(out).toMatch(/Unchanged: (1 indicator|\d+ indicators)\./);
    expect(out).not.toContain('(s)');
  });

  it('with no recorded month before, says there is nothing to compare with and how a month is recorded', async () => {
    const cwd = tempDir('scrutiny-changes-');
    const ws = join(cwd, 'ws');
    expect((await runCli(['init', ws], { cwd })).code).toBe(0);
    const r = await runCli(['changes', '--month', month], { cwd: ws });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No month before November 2023 is recorded in published/, so there is nothing to compare with.');
    expect(r.stdout).toContain('--record');
  });

  it('depends on Part 1 alone: figures Part 1 hides change nothing it prints (SPEC Second round › Channels)', async () => {
    const ws = recordedWorkspace();
    const before = await runCli(['changes', '--month', month], { cwd: ws });
    expect(before.code).toBe(0);
    // A suppressed headline count and one child moved between two hidden categories, totals unchanged.
    edit(ws, /\ncp-plans-2-years,2023-11,3,/, '\ncp-plans-2-years,2023-11,5,');
    edit(ws, /\ncla-stability-long-term,2023-11,4,5,,age_band,0-9,/, '\ncla-stability-long-term,2023-11,3,5,,age_band,0-9,');
    edit(ws, /\ncla-stability-long-term,2023-11,18,27,,age_band,10-12,/, '\ncla-stability-long-term,2023-11,19,27,,age_band,10-12,');
    const after = await runCli(['changes', '--month', month], { cwd: ws });
    expect(after.code).toBe(0);
    expect(after.stdout).toBe(before.stdout);
    expect(after.stderr).toBe(before.stderr);
  });
});
