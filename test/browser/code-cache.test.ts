// The command-line tool's code cache (src/lib/code-cache.ts): a command compiles from what the last
// one saved only when that was made from exactly this code, and the cache never stands in its way.
// Each load is a process of its own, as each command is: within one process V8 would reuse the code
// it compiled already, whatever the cache says. In the browser set because it runs compiled code.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { codeCacheDir } from '../../src/lib/code-cache.js';
import { repoRoot, runCli, sha256File } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const FLAGS = '--interrupt-budget=1000000';
const loader = pathToFileURL(join(repoRoot, 'dist', 'lib', 'code-cache.js')).href;

/** Loads the bundle in a new Node process as bin/scrutiny-report.js does, saves its cache, and says how it was compiled and what it said. */
function load(file: string, cacheDir: string | undefined, { command = 'build', flags = FLAGS } = {}): { compiledFrom: string; said: string } {
  const script = `
    import { setFlagsFromString } from 'node:v8';
    const [file, cacheDir, command, flags] = JSON.parse(process.argv[1]);
    if (flags) setFlagsFromString(flags);
    const { loadBundle } = await import(${JSON.stringify(loader)});
    const bundle = loadBundle(file, { command, flags, cacheDir: cacheDir ?? undefined });
    const said = bundle.exports.say();
    await bundle.save();
    console.log(JSON.stringify({ compiledFrom: bundle.compiledFrom, said }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script, JSON.stringify([file, cacheDir ?? null, command, flags])], { encoding: 'utf8', env: { ...process.env, NODE_V8_COVERAGE: '' } });
  return JSON.parse(out) as { compiledFrom: string; said: string };
}

/** A time on whole seconds, which every file system keeps exactly. */
const WHEN = new Date(Date.UTC(2026, 0, 1));

/** A folder with a bundle saying `word` in it, and where its caches go. */
function bundleFolder(word: string): { dir: string; file: string; cache: string } {
  const dir = tempDir();
  const file = join(dir, 'cli.cjs');
  bundle(file, word);
  return { dir, file, cache: join(dir, 'cache') };
}

/** A CommonJS bundle saying `word`, with the digest scripts/bundle.mjs records beside it. */
function bundle(file: string, word: string, digest = word): void {
  writeFileSync(file, `module.exports = { say: () => ${JSON.stringify(word)} };\n`);
  writeFileSync(`${file}.sha256`, `${digest}\n`);
  utimesSync(file, WHEN, WHEN);
}

describe('code cache', () => {
  it('the first command compiles from the source and saves; the next compiles from that cache and runs the same code', () => {
    const { file, cache } = bundleFolder('first');
    expect(load(file, cache)).toEqual({ compiledFrom: 'source', said: 'first' });
    const saved = readdirSync(cache);
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatch(/^code-build-[0-9a-f]{32}\.bin$/);
    // Only this user may read or write it: it is code the next command runs.
    expect(statSync(cache).mode & 0o777).toBe(0o700);
    expect(statSync(join(cache, saved[0])).mode & 0o777).toBe(0o600);
    expect(load(file, cache)).toEqual({ compiledFrom: 'cache', said: 'first' });
    expect(readdirSync(cache)).toEqual(saved);
  });

  // V8 checks a cache against the source's length only: code of the same length, the same size on
  // disk and the same modification time must not run as the code the cache was made from.
  it('a bundle of the same length with other code never runs from the old one’s cache', () => {
    const { file, cache } = bundleFolder('aaaa');
    expect(load(file, cache).said).toBe('aaaa');
    bundle(file, 'bbbb');
    expect(statSync(file).mtime).toEqual(WHEN);
    expect(load(file, cache)).toEqual({ compiledFrom: 'source', said: 'bbbb' });
    // A bundle edited without its digest being recorded again is told apart by its time.
    bundle(file, 'cccc', 'bbbb');
    utimesSync(file, WHEN, new Date(WHEN.getTime() + 1000));
    expect(load(file, cache)).toEqual({ compiledFrom: 'source', said: 'cccc' });
  });

  it('each command, and each set of V8 flags, has a cache of its own', () => {
    const { file, cache } = bundleFolder('x');
    load(file, cache);
    expect(load(file, cache).compiledFrom).toBe('cache');
    expect(load(file, cache, { command: 'validate' }).compiledFrom).toBe('source');
    expect(load(file, cache, { flags: '' }).compiledFrom).toBe('source');
    // Not a command (an option, a path): one name for all of them, not a file each.
    load(file, cache, { command: '../../etc/x' });
    expect(readdirSync(cache).filter((f) => f.startsWith('code-other-'))).toHaveLength(1);
    expect(readdirSync(cache)).toHaveLength(4);
  });

  it('a cache that is damaged, or in a folder others can write, is not run', () => {
    const { file, cache } = bundleFolder('ok');
    load(file, cache);
    const [name] = readdirSync(cache);
    // Damaged: V8 refuses it, the code compiles from the source and runs, and a good cache is saved.
    writeFileSync(join(cache, name), readFileSync(join(cache, name)).subarray(0, 100));
    expect(load(file, cache)).toEqual({ compiledFrom: 'source', said: 'ok' });
    expect(load(file, cache)).toEqual({ compiledFrom: 'cache', said: 'ok' });
    chmodSync(cache, 0o777);
    try {
      expect(load(file, cache)).toEqual({ compiledFrom: 'source', said: 'ok' });
    } finally {
      chmodSync(cache, 0o700);
    }
  });

  it('a cache folder that cannot be written costs nothing but the cache', () => {
    const { dir, file } = bundleFolder('ok');
    writeFileSync(join(dir, 'a-file'), '');
    // Under /proc, Node's own recursive mkdir would spin for ever.
    for (const cache of [join(dir, 'a-file', 'cache'), '/proc/nope/cache', join(dir, 'a-file'), undefined]) {
      expect(load(file, cache)).toEqual({ compiledFrom: 'source', said: 'ok' });
    }
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'cli.cjs', 'cli.cjs.sha256']);
  });

  it('keeps the newest caches only', () => {
    const { file, cache } = bundleFolder('new');
    mkdirSync(cache, { mode: 0o700 });
    for (let i = 0; i < 30; i++) {
      writeFileSync(join(cache, `code-old${i}-0.bin`), '');
      utimesSync(join(cache, `code-old${i}-0.bin`), new Date(2020, 0, 1 + i), new Date(2020, 0, 1 + i));
    }
    writeFileSync(join(cache, 'notes.txt'), 'not a cache');
    // Half-written by a command killed while saving: an hour old, and one being written now.
    writeFileSync(join(cache, 'code-build-x.bin.1.1.tmp'), '');
    utimesSync(join(cache, 'code-build-x.bin.1.1.tmp'), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
    writeFileSync(join(cache, 'code-build-x.bin.2.2.tmp'), '');
    load(file, cache);
    const left = readdirSync(cache);
    expect(left.filter((f) => f.startsWith('code-') && f.endsWith('.bin'))).toHaveLength(24);
    expect(left).toContain('notes.txt');
    expect(left.some((f) => f.startsWith('code-build-'))).toBe(true);
    expect(left).toContain('code-old29-0.bin');
    expect(left).not.toContain('code-old0-0.bin');
    expect(left.filter((f) => f.endsWith('.tmp'))).toEqual(['code-build-x.bin.2.2.tmp']);
  });

  it('lives in the user’s cache folder, and not at all under V8 coverage', () => {
    expect(codeCacheDir({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/a' }, 'linux')).toBe('/x/cache/scrutiny-report');
    expect(codeCacheDir({ HOME: '/home/a' }, 'linux')).toBe('/home/a/.cache/scrutiny-report');
    // XDG: a relative path is ignored.
    expect(codeCacheDir({ XDG_CACHE_HOME: 'rel', HOME: '/home/a' }, 'linux')).toBe('/home/a/.cache/scrutiny-report');
    expect(codeCacheDir({ HOME: '/Users/a' }, 'darwin')).toBe('/Users/a/Library/Caches/scrutiny-report');
    expect(codeCacheDir({ LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32')).toMatch(/^C:\\Users\\a\\AppData\\Local[\\/]scrutiny-report$/);
    expect(codeCacheDir({ HOME: '/home/a', NODE_V8_COVERAGE: '/tmp/cov' }, 'linux')).toBeUndefined();
  });

  // SPEC Disclosure control: nothing a build read is kept outside its outputs. A code cache holds
  // compiled code and the literals of the source, never the values a run worked with.
  it('a build saves its code cache with none of the workspace’s text in it, and builds the same papers from it', async () => {
    const ws = tempDir();
    const cache = tempDir();
    expect((await runCli(['init', '.'], { cwd: ws })).code).toBe(0);
    const marker = 'Quokkamarker Ninefold Teal';
    const catalogue = join(ws, 'catalogue.yaml');
    writeFileSync(catalogue, readFileSync(catalogue, 'utf8').replace('Number of children and young people with an open early help episode', `${marker}, number of children and young people with an open early help episode`));
    const build = (out: string) => runCli(['build', '--month', '2023-11', '--html', '--out', out], { cwd: ws, env: { XDG_CACHE_HOME: cache } });
    expect((await build('first')).code).toBe(0);
    const html = readFileSync(join(ws, 'first', '2023-11', 'public', readdirSync(join(ws, 'first', '2023-11', 'public')).find((f) => f.endsWith('.html'))!), 'utf8');
    expect(html).toContain(marker);
    const saved = readdirSync(join(cache, 'scrutiny-report'));
    expect(saved).toEqual([expect.stringMatching(/^code-build-/)]);
    const bytes = readFileSync(join(cache, 'scrutiny-report', saved[0]));
    expect(bytes.length).toBeGreaterThan(100_000);
    for (const encoding of ['latin1', 'utf16le'] as const) expect(bytes.includes(Buffer.from('Quokkamarker', encoding))).toBe(false);
    // The check can find text: literals of the source (the bundle's own) are there.
    expect(bytes.includes(Buffer.from('See Part 2', 'latin1'))).toBe(true);
    expect((await build('second')).code).toBe(0);
    for (const part of ['public', 'exempt']) {
      const dir = (out: string) => join(ws, out, '2023-11', part);
      for (const f of readdirSync(dir('first'))) expect(sha256File(join(dir('second'), f)), f).toBe(sha256File(join(dir('first'), f)));
    }
  });

  // Node 20 loses a script's import() callback when the script comes from a code cache, so the
  // bundle loads the libraries outside it with require(): the disclosure audit's solver (highs) is
  // one, needed by a year-end month's rolling totals.
  it('a command from the cache still loads the libraries outside the bundle', async () => {
    const ws = tempDir();
    const cache = tempDir();
    expect((await runCli(['init', '.'], { cwd: ws })).code).toBe(0);
    const validate = () => runCli(['validate', '--month', '2024-03'], { cwd: ws, env: { XDG_CACHE_HOME: cache } });
    const first = await validate();
    // Checked, with the sample's one warning for March (commentary to follow): not an unexpected error.
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toContain('have no commentary');
    expect(first.stderr).not.toContain('unexpected error');
    const [saved] = readdirSync(join(cache, 'scrutiny-report'));
    const made = statSync(join(cache, 'scrutiny-report', saved)).mtimeMs;
    const second = await validate();
    expect(second, second.stderr).toEqual(first);
    // Compiled from that cache: not saved again.
    expect(readdirSync(join(cache, 'scrutiny-report'))).toEqual([saved]);
    expect(statSync(join(cache, 'scrutiny-report', saved)).mtimeMs).toBe(made);
  });
});
