import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { pdfPages, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// SPEC Commentary end to end: stubs for exactly the exceptions, an officer's edit that survives
// re-drafting and reaches Part 1, and public text that could identify children caught.
const month = '2023-12';
const part1 = (ws: string) => join(ws, 'out', month, 'public', `childrens-scrutiny-dataset-${month}-part-1-public.pdf`);
const part2 = (ws: string) => join(ws, 'out', month, 'exempt', `childrens-scrutiny-dataset-${month}-part-2-exempt.pdf`);
const words = (pdf: string) => pdfPages(pdf).join(' ').replace(/\s+/g, ' ');

/** A workspace from `init` whose commentary the tool has drafted and nobody has touched yet, built (both parts, --json). */
let draftedWs: string;
let draftedBuild: CliResult;

beforeAll(async () => {
  const cwd = tempDir();
  draftedWs = join(cwd, 'ws');
  expect((await runCli(['init', draftedWs], { cwd })).code).toBe(0);
  const draft = await runCli(['commentary', '--month', month], { cwd: draftedWs });
  expect(draft.code, draft.stderr).toBe(0);
  draftedBuild = await runCli(['build', '--month', month, '--json'], { cwd: draftedWs });
  expect(draftedBuild.code, draftedBuild.stderr).toBe(0);
});

/** A copy of the drafted workspace, for a test to change. */
function draftedCopy(): string {
  const ws = join(tempDir(), 'ws');
  cpSync(draftedWs, ws, { recursive: true });
  return ws;
}

describe('exception commentary, drafted by the tool and written by officers', () => {
  it('drafts, keeps the officer’s words, merges them into Part 1 and lints them', async () => {
    const ws = draftedCopy();
    const file = join(ws, 'commentary', `${month}.yaml`);
    const drafted = parse(readFileSync(file, 'utf8'));

    // The stubs are exactly the Amber and Red indicators (as Part 2 rates them).
    const summary = JSON.parse(draftedBuild.stdout);
    const publicExceptions: string[] = summary.exceptions;
    const stubs = Object.keys(drafted.indicators);
    expect(stubs.length).toBeGreaterThan(0);
    for (const id of publicExceptions) expect(stubs).toContain(id);
    for (const ind of summary.indicators) {
      if (ind.rag === 'green' || ind.rag === 'not_rated' || ind.rag === 'no_data') expect(stubs, ind.id).not.toContain(ind.id);
    }

    // An officer writes the public text for one exception and re-runs the tool: the words stay.
    const id = publicExceptions[0];
    const mine = 'Officers have reviewed every case and a recovery plan is in place for the spring.';
    const text = readFileSync(file, 'utf8');
    const stubStart = text.indexOf(`  ${id}:`);
    const publicAt = text.indexOf('    public: |\n', stubStart);
    const publicEnd = text.indexOf('\n    exempt:', publicAt);
    const edited = `${text.slice(0, publicAt)}    public: |\n      ${mine}\n${text.slice(publicEnd + 1)}`.replace(/^ +carried_over: .*\n/gm, '');
    writeFileSync(file, edited);
    const again = await runCli(['commentary', '--month', month], { cwd: ws });
    expect(again.code, again.stderr).toBe(0);
    const after = readFileSync(file, 'utf8');
    // Re-drafting only adds: every line the officer's file had is still there, in order.
    const afterLines = after.split('\n');
    let at = 0;
    for (const line of edited.split('\n')) {
      at = afterLines.indexOf(line, at);
      expect(at, line).toBeGreaterThanOrEqual(0);
      at++;
    }
    expect(after).toContain(mine);

    const built = await runCli(['build', '--month', month, '--part', 'public'], { cwd: ws });
    expect(built.code, built.stderr).toBe(0);
    expect(pdfPages(part1(ws)).join(' ').replace(/\s+/g, ' ')).toContain(mine);

    // Free text that names a small number of people is a warning, and an error with --strict.
    writeFileSync(file, after.replace(mine, 'Over the month 3 young people moved placement.'));
    const warned = await runCli(['build', '--month', month, '--part', 'public'], { cwd: ws });
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/… young people/);
    expect(warned.stderr).not.toMatch(/3 young people/);
    const strict = await runCli(['build', '--month', month, '--part', 'public', '--strict'], { cwd: ws });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/commentary\/2023-12\.yaml:\d+.*… young people.*rule: small-number/);
  });

  // SPEC Second round › Commentary and revisions: a stub's placeholder text is never printed; the
  // paper says "Commentary to follow." until a person edits it, and --strict fails meanwhile.
  it('prints an untouched stub as "Commentary to follow." in both papers, and fails --strict', async () => {
    const ws = draftedCopy();
    for (const pdf of [part1(ws), part2(ws)]) {
      expect(words(pdf)).toContain('Commentary to follow.');
      expect(words(pdf)).not.toContain('Officer to add');
    }
    const strict = await runCli(['build', '--month', month, '--part', 'public', '--strict'], { cwd: ws });
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/commentary\/2023-12\.yaml.*stub's "\[Officer to add: …\]" public text/);
  });
});
