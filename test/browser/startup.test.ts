import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { PROFILE_PLACEHOLDER, recordedArgs } from '../../src/print/chromium-args.js';
import { LAUNCH_ARGS } from '../../src/print/printer.js';

/** What `npm run build` bundled into each file of dist/bundle/ (scripts/bundle.mjs): esbuild's metafile. */
const bundleMeta = JSON.parse(readFileSync(join(repoRoot, 'dist', 'bundle', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, unknown> }> };

/**
 * The modules a command ran, by path from the repository (`dist/print/pdf-raw.js`,
 * `node_modules/puppeteer-core/lib/esm/…`): each file of the bundle it loaded stands for the modules
 * bundled into it, and a module outside the bundle for itself.
 */
function modulesOf(args: string[], cwd: string): string[] {
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
  const urls = existsSync(trace) ? readFileSync(trace, 'utf8').trim().split('\n') : [];
  return urls
    .filter((u) => u.startsWith('file:'))
    .flatMap((u) => {
      const file = relative(repoRoot, fileURLToPath(u)).split('\\').join('/');
      const bundled = bundleMeta.outputs[file];
      return bundled ? Object.keys(bundled.inputs) : [file];
    });
}

describe('start-up', () => {
  it.each([[['validate']], [['--help']], [['build', '--help']], [['commentary', '--month', '2023-12']]])('%j never loads puppeteer', (args) => {
    const cwd = tempDir();
    if (args[0] === 'commentary') execFileSync(process.execPath, [binPath, 'init', '.'], { cwd, stdio: 'ignore' });
    const loaded = modulesOf(args, cwd);
    expect(loaded).toContain('dist/cli/index.js');
    expect(loaded.filter((s) => s.includes('puppeteer') || s === 'dist/print/printer.js')).toEqual([]);
  });

  // bench: `validate` of the sample stays under half a second; the spreadsheet reader and the
  // disclosure engine (with Markdown) are loaded only when a workbook or --month needs them.
  it('validate of a CSV workspace loads neither the spreadsheet reader nor the month check', () => {
    const loaded = modulesOf(['validate'], tempDir());
    expect(loaded).toContain('dist/commands/validate.js');
    expect(loaded.filter((s) => s.includes('node_modules/read-excel-file/') || s.includes('node_modules/markdown-it/') || s === 'dist/check.js')).toEqual([]);
    const withMonth = modulesOf(['validate', '--month', '2023-11'], tempDir());
    expect(withMonth).toContain('dist/check.js');
    expect(withMonth.some((s) => s.startsWith('node_modules/markdown-it/'))).toBe(true);
  });

  // A browser that exits at once (/bin/false) ends the build after puppeteer is loaded to start it:
  // what is loaded is the point, not a paper.
  it('build does load it (so the check above can fail), its connector only: the arguments npm run build recorded start the browser', () => {
    const loaded = modulesOf(['build', '--month', '2023-11', '--part', 'public', '--browser', '/bin/false'], tempDir());
    expect(loaded).toContain('node_modules/puppeteer-core/lib/esm/puppeteer/common/BrowserConnector.js');
    // Neither the whole library's entry point nor its launcher (and @puppeteer/browsers with it).
    expect(
      loaded.filter((s) => s.endsWith('puppeteer-core/lib/esm/puppeteer/puppeteer-core.js') || s.endsWith('ChromeLauncher.js') || s.includes('@puppeteer/browsers')),
    ).toEqual([]);
  });

  it('a build finishes its papers without loading pdf-lib: it reads and writes Chromium’s PDF itself (SPEC Accessible papers)', () => {
    const cwd = tempDir();
    const loaded = modulesOf(['build', '--month', '2023-11', '--part', 'public'], cwd);
    const papers = readdirSync(join(cwd, 'out', '2023-11', 'public')).filter((f) => f.endsWith('.pdf'));
    expect(papers).toHaveLength(1);
    expect(loaded).toContain('dist/print/pdf-raw.js');
    expect(loaded.filter((s) => s.includes('pdf-lib'))).toEqual([]);
  });

  it('the arguments npm run build recorded are those the installed puppeteer gives, for the headless shell and the full Chromium', async () => {
    const recorded = recordedArgs(LAUNCH_ARGS, {});
    expect(recorded).toBeDefined();
    const puppeteer = (await import('puppeteer-core')).default;
    expect(recorded!.shell).toEqual(puppeteer.defaultArgs({ headless: 'shell', userDataDir: PROFILE_PLACEHOLDER, args: [...LAUNCH_ARGS] }));
    expect(recorded!.full).toEqual(puppeteer.defaultArgs({ headless: true, userDataDir: PROFILE_PLACEHOLDER, args: [...LAUNCH_ARGS] }));
  });

  // SPEC Exit codes: a command ends with its exit code when its work is done, not when Node's
  // event loop happens to empty (a refused build on a busy machine was seen idle for 30 s first).
  it.each([
    [['validate'], 0],
    [['build', '--month', '2023-13'], 2],
  ])('%j exits with its code even while something else keeps Node’s event loop alive', async (args, expected) => {
    const child = spawn(process.execPath, ['--import', join(repoRoot, 'test', 'helpers', 'keep-alive.mjs'), binPath, ...(args as string[])], { cwd: tempDir(), stdio: 'ignore' });
    // Bounded only so that a command that never exits fails here instead of at the test's limit.
    const code = await new Promise<number | null | 'still running'>((done) => {
      const bound = setTimeout(() => {
        child.kill('SIGKILL');
        done('still running');
      }, 60_000);
      child.once('exit', (c) => {
        clearTimeout(bound);
        done(c);
      });
    });
    expect(code).toBe(expected);
  });
});
