import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { PROFILE_PLACEHOLDER, recordedArgs } from '../../src/print/chromium-args.js';
import { LAUNCH_ARGS } from '../../src/print/printer.js';

// SPEC Commands: only `build` prints, so the other commands never load the browser library
// (`validate` and `commentary` stay quick on a machine without Chromium).
function importsOf(args: string[], cwd: string): string[] {
  const trace = join(tempDir(), 'imports.txt');
  try {
    execFileSync(process.execPath, ['--import', join(repoRoot, 'test', 'helpers', 'trace-imports.mjs'), binPath, ...args], {
      cwd,
      env: { ...process.env, TRACE_IMPORTS: trace },
      stdio: 'ignore',
    });
  } catch {
    // Exit codes are not the point here; what was loaded is.
  }
  return existsSync(trace) ? readFileSync(trace, 'utf8').trim().split('\n') : [];
}

describe('start-up', () => {
  it.each([[['validate']], [['--help']], [['build', '--help']], [['commentary', '--month', '2023-12']]])('%j never loads puppeteer', (args) => {
    const cwd = tempDir();
    if (args[0] === 'commentary') execFileSync(process.execPath, [binPath, 'init', '.'], { cwd, stdio: 'ignore' });
    const loaded = importsOf(args, cwd);
    expect(loaded.length).toBeGreaterThan(5);
    expect(loaded.filter((s) => s.includes('puppeteer') || s.includes('print/printer'))).toEqual([]);
  });

  // bench: `validate` of the sample stays under half a second; the spreadsheet reader and the
  // disclosure engine (with Markdown) are loaded only when a workbook or --month needs them.
  it('validate of a CSV workspace loads neither the spreadsheet reader nor the month check', () => {
    const loaded = importsOf(['validate'], tempDir());
    expect(loaded.filter((s) => s.startsWith('read-excel-file') || s === 'markdown-it' || s.endsWith('/check.js'))).toEqual([]);
    const withMonth = importsOf(['validate', '--month', '2023-11'], tempDir());
    expect(withMonth.some((s) => s === 'markdown-it')).toBe(true);
  });

  // A browser that exits at once (/bin/false) ends the build after puppeteer is loaded to start it:
  // what is loaded is the point, not a paper.
  it('build does load it (so the check above can fail), its connector only: the arguments npm run build recorded start the browser', () => {
    const loaded = importsOf(['build', '--month', '2023-11', '--part', 'public', '--browser', '/bin/false'], tempDir());
    expect(loaded).toContain('puppeteer-core/internal/common/BrowserConnector.js');
    // Neither the whole library nor its launcher (and @puppeteer/browsers with it).
    expect(loaded.filter((s) => s === 'puppeteer-core' || s.endsWith('ChromeLauncher.js') || s.startsWith('@puppeteer/browsers'))).toEqual([]);
  });

  it('a build finishes its papers without loading pdf-lib: it reads and writes Chromium’s PDF itself (SPEC Accessible papers)', () => {
    const cwd = tempDir();
    const loaded = importsOf(['build', '--month', '2023-11', '--part', 'public'], cwd);
    const papers = readdirSync(join(cwd, 'out', '2023-11', 'public')).filter((f) => f.endsWith('.pdf'));
    expect(papers).toHaveLength(1);
    expect(loaded).toContain('./pdf-raw.js');
    expect(loaded.filter((s) => s.startsWith('pdf-lib'))).toEqual([]);
  });

  it('the arguments npm run build recorded are those the installed puppeteer gives, for the headless shell and the full Chromium', async () => {
    const recorded = recordedArgs(LAUNCH_ARGS, {});
    expect(recorded).toBeDefined();
    const puppeteer = (await import('puppeteer-core')).default;
    expect(recorded!.shell).toEqual(puppeteer.defaultArgs({ headless: 'shell', userDataDir: PROFILE_PLACEHOLDER, args: [...LAUNCH_ARGS] }));
    expect(recorded!.full).toEqual(puppeteer.defaultArgs({ headless: true, userDataDir: PROFILE_PLACEHOLDER, args: [...LAUNCH_ARGS] }));
  });
});
