import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../src/commands/build.js';
import { EnvironmentError } from '../../src/errors.js';
import { repoRoot, runCli, sha256File } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { until } from '../helpers/until.js';

// SPEC Outputs: "a failed build leaves the previous outputs as they were", at any stage.
const month = '2023-11';

function outputsOf(out: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const part of ['public', 'exempt']) {
    for (const f of readdirSync(join(out, month, part))) files[`${part}/${f}`] = sha256File(join(out, month, part, f));
  }
  files['build.json'] = sha256File(join(out, month, 'build.json'));
  return files;
}

describe('failed builds leave earlier outputs untouched', () => {
  it('when the disclosure audit cannot be satisfied (exit 1, naming the figure)', async () => {
    const ws = join(tempDir(), 'ws');
    cpSync(join(repoRoot, 'fixtures', 'disclosure', 'ledger-pinned'), ws, { recursive: true });
    renameSync(join(ws, 'published'), join(ws, 'published-aside'));
    const first = await runCli(['build', '--month', month], { cwd: ws });
    expect(first.code, first.stderr).toBe(0);
    const before = outputsOf(join(ws, 'out'));

    renameSync(join(ws, 'published-aside'), join(ws, 'published'));
    const failed = await runCli(['build', '--month', month], { cwd: ws });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('cin-count 2023-10 age_band 10-17 value');
    expect(outputsOf(join(ws, 'out'))).toEqual(before);
    expect(readdirSync(join(ws, 'out')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('when the disk fills while the outputs are being written (exit 3)', async () => {
    const cwd = tempDir();
    const ws = join(cwd, 'ws');
    cpSync(join(repoRoot, 'fixtures', 'minimal'), ws, { recursive: true });
    await build({ month, workspace: ws, cwd });
    const before = outputsOf(join(ws, 'out'));

    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    const failure = build({ month, workspace: ws, cwd, html: true, beforeSwap: () => Promise.reject(full) });
    await expect(failure).rejects.toBeInstanceOf(EnvironmentError);
    await expect(failure).rejects.toThrow(/ENOSPC/);
    expect(outputsOf(join(ws, 'out'))).toEqual(before);
    expect(readdirSync(join(ws, 'out')).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});

describe('a browser that fails for good during a batch', () => {
  it('exits 3, and every month folder that exists is complete (nothing half-written)', async () => {
    const { openPrinter } = await import('../../src/print/printer.js');
    const cwd = tempDir();
    const ws = join(cwd, 'ws');
    cpSync(join(repoRoot, 'fixtures', 'minimal'), ws, { recursive: true });
    const months = ['2023-09', '2023-10', '2023-11'];
    const meetings = months.map((m, i) => `  "${m}": { date: 2024-0${i + 1}-04, report_number: T${i} }`).join('\n');
    const cfg = join(ws, 'scrutiny.yaml');
    writeFileSync(cfg, readFileSync(cfg, 'utf8').replace(/meetings:\n(  .*\n)+/, `meetings:\n${meetings}\n`));

    let printed = 0;
    const failure = build({
      from: months[0],
      to: months[2],
      workspace: ws,
      cwd,
      openPrinter: async (choice) => {
        const real = await openPrinter(choice);
        return {
          ...real,
          // The third paper's browser is gone for good (the printer's own single retry already failed).
          printRaw: (html, o) => (++printed === 3 ? Promise.reject(new EnvironmentError('the browser crashed twice while printing')) : real.printRaw(html, o)),
        };
      },
    });
    await expect(failure).rejects.toBeInstanceOf(EnvironmentError);
    const out = join(ws, 'out');
    expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    const written = readdirSync(out);
    expect(written.length).toBeLessThan(months.length);
    for (const month of written) {
      expect(readdirSync(join(out, month, 'public')).sort()).toEqual([
        `childrens-scrutiny-dataset-${month}-part-1-figures.csv`,
        `childrens-scrutiny-dataset-${month}-part-1-public.pdf`,
      ]);
      expect(readdirSync(join(out, month, 'exempt')).sort()).toEqual(['build-exempt.json', 'childrens-scrutiny-dataset-' + month + '-part-2-exempt.pdf', 'disclosure-log.csv'].sort());
    }
  });
});

// SPEC Commands: exit 1 when the inputs are wrong. The browser starts while the inputs are read and
// checked; when they fail, nothing will be printed, so the build stops the browser where it is.
describe('a build whose inputs fail its checks', () => {
  const cases: [string, (ws: string) => void, string[], string][] = [
    ['reading the extract', (ws) => appendFileSync(join(ws, 'outturns.csv'), 'sa-45-days,Oct-21,1,2,,,,\n'), [], 'period: "Oct-21" is not a month'],
    ['the month check (--strict, commentary not written)', () => undefined, ['--strict', '--part', 'public'], 'warnings are errors with --strict'],
  ];
  it.each(cases)('stops a browser still starting when %s fails, and exits 1 with the problem', async (_name, edit, args, problem) => {
    const dir = tempDir();
    const ws = join(dir, 'ws');
    cpSync(join(repoRoot, 'fixtures', 'minimal'), ws, { recursive: true });
    edit(ws);
    // A "browser" that starts and never answers: a build that waited for it to finish starting would
    // never end (this test's bound is for that hang).
    const silent = join(dir, 'silent-browser');
    writeFileSync(silent, '#!/bin/sh\nsleep 600\n', { mode: 0o755 });
    const r = await runCli(['build', '--month', month, '--out', 'built', '--browser', silent, ...args], { cwd: ws });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(problem);
    expect(r.stderr).not.toContain('browser');
    // Nothing of it is left running: its whole process group was stopped.
    const running = () => spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes(silent));
    await until('the silent browser to be gone', () => running().length === 0, 60_000);
    expect(readdirSync(join(ws, 'built'))).toEqual([]);
  }, 120_000);
});
