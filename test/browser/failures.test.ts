import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../src/commands/build.js';
import { EnvironmentError } from '../../src/errors.js';
import { repoRoot, runCli, sha256File } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

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
