import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { binPath, repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { PROFILE_PLACEHOLDER, recordedArgs } from '../../src/print/chromium-args.js';
import { LAUNCH_ARGS } from '../../src/print/printer.js';

/** What `npm run build` bundled into dist/bundle/cli.cjs (scripts/bundle.mjs), from esbuild's metafile. */
const bundleFile = 'dist/bundle/cli.cjs';
const meta = JSON.parse(readFileSync(join(repoRoot, 'dist', 'bundle', 'meta.json'), 'utf8')) as { outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }> };
const bundled = new Set(
  Object.entries(meta.outputs[bundleFile].inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([path]) => path),
);

interface Coverage {
  result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
}

/**
 * The modules a command ran, by path from the repository (`dist/print/pdf-raw.js`,
 * `node_modules/puppeteer-core/lib/esm/…`), from V8's own record of the functions it ran
 * (NODE_V8_COVERAGE). In the bundle, a module that only a dynamic import reaches is wrapped in a
 * lazy initialiser, a function named by the module's path: it ran if that function did. A module
 * without one runs when the bundle starts, so it counts for every command. A module outside the
 * bundle (pdf-lib, highs) counts once Node loaded its file.
 */
function modulesOf(args: string[], cwd: string): string[] {
  const dir = join(tempDir(), 'coverage');
  try {
    execFileSync(process.execPath, [binPath, ...args], { cwd, env: { ...process.env, NODE_V8_COVERAGE: dir }, stdio: 'ignore' });
  } catch {
    // Exit codes are not the point here; what ran is.
  }
  const scripts = (existsSync(dir) ? readdirSync(dir) : [])
    .flatMap((f) => (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Coverage).result)
    .filter((s) => s.url.startsWith('file:'))
    .map((s) => ({ ...s, file: relative(repoRoot, fileURLToPath(s.url)).split('\\').join('/') }));
  const bundle = scripts.find((s) => s.file === bundleFile);
  expect(bundle, 'the command ran the bundle').toBeDefined();
  const lazy = new Map<string, boolean>();
  for (const f of bundle!.functions) {
    if (bundled.has(f.functionName)) lazy.set(f.functionName, (lazy.get(f.functionName) ?? false) || f.ranges[0].count > 0);
  }
  return [...[...bundled].filter((m) => lazy.get(m) ?? true), ...scripts.filter((s) => s !== bundle).map((s) => s.file)];
}

describe('start-up', () => {
  it.each([[['validate']], [['--help']], [['build', '--help']], [['commentary', '--month', '2023-12']]])('%j never runs puppeteer', (args) => {
    const cwd = tempDir();
    if (args[0] === 'commentary') execFileSync(process.execPath, [binPath, 'init', '.'], { cwd, stdio: 'ignore' });
    const ran = modulesOf(args, cwd);
    expect(ran).toContain('dist/cli/index.js');
    expect(ran.filter((s) => s.includes('puppeteer') || s === 'dist/print/printer.js')).toEqual([]);
  });

  // bench: `validate` of the sample stays under half a second; the spreadsheet reader and the
  // disclosure engine (with Markdown) run only when a workbook or --month needs them.
  it('validate of a CSV workspace runs neither the spreadsheet reader nor the month check', () => {
    const ran = modulesOf(['validate'], tempDir());
    expect(ran).toContain('dist/commands/validate.js');
    expect(ran.filter((s) => s.includes('node_modules/read-excel-file/') || s.includes('node_modules/markdown-it/') || s === 'dist/check.js')).toEqual([]);
    const withMonth = modulesOf(['validate', '--month', '2023-11'], tempDir());
    expect(withMonth).toContain('dist/check.js');
    expect(withMonth.some((s) => s.startsWith('node_modules/markdown-it/'))).toBe(true);
  });

  // A browser that exits at once (/bin/false) ends the build after puppeteer is run to start it:
  // what runs is the point, not a paper.
  it('build does run it (so the check above can fail), its connector only: the arguments npm run build recorded start the browser', () => {
    const ran = modulesOf(['build', '--month', '2023-11', '--part', 'public', '--browser', '/bin/false'], tempDir());
    expect(ran).toContain('node_modules/puppeteer-core/lib/esm/puppeteer/common/BrowserConnector.js');
    // Neither the whole library's entry point nor its launcher (and @puppeteer/browsers with it).
    expect(
      ran.filter((s) => s.endsWith('puppeteer-core/lib/esm/puppeteer/puppeteer-core.js') || s.endsWith('ChromeLauncher.js') || s.includes('@puppeteer/browsers')),
    ).toEqual([]);
  });

  it('a build finishes its papers without loading pdf-lib: it reads and writes Chromium’s PDF itself (SPEC Accessible papers)', () => {
    const cwd = tempDir();
    const ran = modulesOf(['build', '--month', '2023-11', '--part', 'public'], cwd);
    const papers = readdirSync(join(cwd, 'out', '2023-11', 'public')).filter((f) => f.endsWith('.pdf'));
    expect(papers).toHaveLength(1);
    expect(ran).toContain('dist/print/pdf-raw.js');
    expect(ran.filter((s) => s.includes('pdf-lib'))).toEqual([]);
  });

  // One non-ASCII character would make V8 hold the whole 6 MB bundle as a two-byte string.
  it('the bundle is ASCII, and says the same characters in the escapes that stand for the others', () => {
    const code = readFileSync(join(repoRoot, bundleFile));
    expect(code.findIndex((byte) => byte > 0x7f)).toBe(-1);
    // The file-name rule drops typographic apostrophes (a regular expression esbuild left unescaped).
    expect(code.toString('latin1')).toContain(String.raw`replace(/['\u2019]/g, "")`);
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
