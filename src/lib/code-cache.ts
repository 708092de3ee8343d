import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { makeFolder } from '../write/folders.js';

/**
 * The command-line tool's code, compiled by V8 once per machine instead of once per command.
 *
 * Every command compiles the bundle it runs (dist/bundle/cli.cjs, 6 MB with its libraries): the
 * parsing, and each function's bytecode the first time it runs. V8 can save what it compiled as a
 * code cache and start from it next time. Node 22 does this for any module
 * (`module.enableCompileCache`); Node 20, which this tool supports, only through `vm.Script`, hence
 * this loader. Measured on the sample build (two cores, 11 interleaved runs): 2.22 → 2.10 s, and
 * 3.72 → 3.61 busy core-seconds (README, Speed).
 *
 * The cache holds compiled code only, never what a command read: V8 serialises functions and the
 * literals written in the source, not the values a run computed.
 *
 * V8 checks a cache against its own version and flags, but against the source only by its length,
 * so a cache is named by a digest of the bundle's bytes (recorded when it is bundled), its size and
 * time, the Node version and the command-line options: a cache is never used for code it was not
 * made from. Anything that goes wrong with the cache (no home, a read-only disk, a cache of
 * someone else's) only means compiling as before.
 */

export interface LoadedBundle<T> {
  exports: T;
  /** How the code was compiled: from a cache, or from the source (none yet, or V8 refused it). */
  compiledFrom: 'cache' | 'source';
  /** Saves what this run compiled, when it started without a usable cache. Never fails. */
  save(): Promise<void>;
}

/** Caches kept per folder: a few versions' commands, each about 2-3 MB. */
const KEEP = 24;

/**
 * The folder for the code caches: the user's cache folder (XDG on Linux), undefined when there is
 * none to be had. A command under V8 coverage (NODE_V8_COVERAGE, as the tests measure what a
 * command ran) compiles from the source: coverage needs its own bytecode.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.NODE_V8_COVERAGE) return undefined;
  let base: string | undefined;
  if (env.XDG_CACHE_HOME && env.XDG_CACHE_HOME.startsWith('/')) base = env.XDG_CACHE_HOME;
  else if (platform === 'win32') base = env.LOCALAPPDATA;
  else {
    let home: string | undefined;
    try {
      home = env.HOME || homedir();
    } catch {
      home = undefined;
    }
    if (home) base = platform === 'darwin' ? join(home, 'Library', 'Caches') : join(home, '.cache');
  }
  return base ? join(base, 'scrutiny-report') : undefined;
}

/**
 * Runs a CommonJS bundle, compiled from its code cache in `cacheDir` when there is one for exactly
 * this file. `command` names the cache (each command compiles different functions); `flags` are
 * the V8 flags the caller set before loading it.
 */
export function loadBundle<T>(fileOrUrl: string | URL, opts: { command: string; flags: string; cacheDir?: string }): LoadedBundle<T> {
  const file = typeof fileOrUrl === 'string' ? fileOrUrl : fileURLToPath(fileOrUrl);
  const source = readFileSync(file, 'utf8');
  const cacheFile = opts.cacheDir === undefined ? undefined : join(opts.cacheDir, `code-${cacheKey(file, opts)}.bin`);
  const cachedData = cacheFile === undefined ? undefined : readOwn(cacheFile);
  const script = new vm.Script(Module.wrap(source), {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  const compiledFrom = cachedData && !script.cachedDataRejected ? 'cache' : 'source';
  const module = { exports: {} as T };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    compiledFrom,
    async save() {
      if (compiledFrom === 'cache' || cacheFile === undefined) return;
      try {
        await writeAtomically(cacheFile, script.createCachedData());
        prune(dirname(cacheFile));
      } catch {
        // Only a cache: the next command compiles from the source again.
      }
    },
  };
}

function cacheKey(file: string, opts: { command: string; flags: string }): string {
  let digest = '';
  try {
    digest = readFileSync(`${file}.sha256`, 'utf8').trim();
  } catch {
    // A bundle without its digest is still told apart by its size and time below.
  }
  const { size, mtimeMs, ino } = statSync(file);
  const command = /^[a-z]+$/.test(opts.command) ? opts.command : 'other';
  const parts = [digest, size, mtimeMs, ino, file, process.version, process.arch, opts.flags, process.execArgv.join(' '), process.env.NODE_OPTIONS ?? ''];
  return `${command}-${createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32)}`;
}

/** The file's bytes, when it is there and this user's own (a cache is code this process will run). */
function readOwn(path: string): Buffer | undefined {
  try {
    // Windows has no owners to compare: there, the folder's own permissions are all there is.
    const uid = process.getuid?.();
    const file = statSync(path);
    const dir = statSync(dirname(path));
    if (uid !== undefined && (file.uid !== uid || dir.uid !== uid || (dir.mode & 0o022) !== 0)) return undefined;
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** Written beside and renamed into place, so that two commands saving at once each leave a whole file. */
async function writeAtomically(path: string, data: Buffer): Promise<void> {
  // Not mkdir's own `recursive`, which spins for ever under /proc (see makeFolder).
  await makeFolder(dirname(path), 0o700);
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, path);
  } catch (e) {
    try {
      unlinkSync(temp);
    } catch {
      // Never written.
    }
    throw e;
  }
}

/**
 * Keeps the newest caches: each version of the tool, and each set of options, makes its own. A
 * half-written cache left by a command that was killed while saving goes once it is a minute old
 * (a younger one may be another command's, still being written).
 */
function prune(dir: string): void {
  const files = readdirSync(dir)
    .filter((f) => f.startsWith('code-') && (f.endsWith('.bin') || f.endsWith('.tmp')))
    .map((f) => {
      try {
        return { path: join(dir, f), mtime: statSync(join(dir, f)).mtimeMs };
      } catch {
        return undefined;
      }
    })
    .filter((c) => c !== undefined)
    .sort((a, b) => b.mtime - a.mtime);
  const caches = files.filter((f) => f.path.endsWith('.bin'));
  const abandoned = files.filter((f) => f.path.endsWith('.tmp') && f.mtime < Date.now() - 60_000);
  for (const old of [...caches.slice(KEEP), ...abandoned]) {
    try {
      unlinkSync(old.path);
    } catch {
      // Another command pruned it first.
    }
  }
}
