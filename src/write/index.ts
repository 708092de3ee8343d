import { chmod, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile, stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { makeFolder } from './folders.js';
import { isInterrupted, onInterrupt } from '../lib/cleanup.js';
import { sha256 } from '../lib/hash.js';

export type Part = 'public' | 'exempt';

export interface OutputFile {
  part: Part | 'build';
  /** File name inside the part's folder (or the month folder for build.json). */
  name: string;
  format: 'pdf' | 'html' | 'csv' | 'json';
  data: Uint8Array | string;
}

export interface WrittenFile {
  part: Part | 'build';
  format: OutputFile['format'];
  path: string;
  sha256: string;
}

/** A file of a part this build did not rebuild (--part), left in the month folder. */
export interface KeptFile {
  part: Part;
  name: string;
  /** Only for public files: a hash of anything under exempt/ is never published. */
  sha256?: string;
}

/** What `writeMonth` will carry over from an earlier build: the parts not rebuilt this time. */
export async function keptFromEarlierBuild(outRoot: string, month: string, rebuilt: Part[]): Promise<KeptFile[]> {
  const kept: KeptFile[] = [];
  for (const part of (['public', 'exempt'] as const).filter((p) => !rebuilt.includes(p))) {
    const dir = join(outRoot, month, part);
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.sort()) {
      kept.push({ part, name, ...(part === 'public' ? { sha256: sha256(await readFile(join(dir, name))) } : {}) });
    }
  }
  return kept;
}

function asEnvironmentError(err: unknown, what: string): never {
  const e = err as NodeJS.ErrnoException;
  const why = e.code === 'EEXIST' || e.code === 'ENOTDIR' ? 'a file is in the way where a folder should be' : e.message;
  throw new EnvironmentError(`cannot write ${what}: ${why} (check the folder exists, is writable and the disk has space)`);
}

/**
 * Writes one month's outputs to a temporary folder beside `out/<month>`, then swaps it in, so a
 * failed build leaves the previous outputs exactly as they were. Parts not rebuilt this time
 * (--part) are carried over from the previous outputs. Exempt files are readable by their owner only.
 */
export async function writeMonth(outRoot: string, month: string, files: OutputFile[], opts: { hooks?: { beforeSwap?: () => Promise<void> } } = {}): Promise<WrittenFile[]> {
  const finalDir = join(outRoot, month);
  let staging: string;
  try {
    await makeFolder(outRoot);
    staging = await mkdtemp(join(outRoot, `.${month}-building-`));
  } catch (err) {
    asEnvironmentError(err, outRoot);
  }
  // Not yet moved into place: an interruption removes it.
  const forget = onInterrupt(() => rm(staging, { recursive: true, force: true }));
  const written: WrittenFile[] = [];
  try {
    const parts = new Set(files.map((f) => f.part).filter((p): p is Part => p !== 'build'));
    for (const part of parts) await mkdir(join(staging, part), { mode: part === 'exempt' ? 0o700 : 0o755 });
    for (const f of files) {
      const dir = f.part === 'build' ? staging : join(staging, f.part);
      const path = join(dir, f.name);
      await writeFile(path, f.data, { mode: f.part === 'exempt' ? 0o600 : 0o644 });
      if (f.part === 'exempt') await chmod(path, 0o600);
      written.push({ part: f.part, format: f.format, path: join(finalDir, relative(staging, path)), sha256: sha256(f.data) });
    }
    if (parts.has('exempt')) await chmod(join(staging, 'exempt'), 0o700);
    await opts.hooks?.beforeSwap?.();
    // Once interrupted, no month is moved into place; one already moving is finished, and the
    // interruption waits for it rather than removing the folder it is moving.
    if (isInterrupted()) throw new EnvironmentError(`interrupted before ${month} was moved into place`);
    forget();
    const swap = swapIn(staging, finalDir, parts);
    const forgetSwap = onInterrupt(() => swap.catch(() => undefined));
    try {
      await swap;
    } finally {
      forgetSwap();
    }
    return written;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    forget();
    if (err instanceof EnvironmentError) throw err;
    asEnvironmentError(err, finalDir);
  }
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}

async function swapIn(staging: string, finalDir: string, rebuilt: Set<Part>): Promise<void> {
  if (await exists(finalDir)) {
    for (const part of ['public', 'exempt'] as const) {
      if (!rebuilt.has(part) && (await exists(join(finalDir, part)))) {
        await rename(join(finalDir, part), join(staging, part));
      }
    }
    const old = `${staging}-old`;
    await rename(finalDir, old);
    try {
      await rename(staging, finalDir);
    } catch (err) {
      await rename(old, finalDir);
      for (const part of ['public', 'exempt'] as const) {
        if (!rebuilt.has(part) && (await exists(join(staging, part)))) await rename(join(staging, part), join(finalDir, part));
      }
      throw err;
    }
    await rm(old, { recursive: true, force: true });
  } else {
    await makeFolder(dirname(finalDir));
    await rename(staging, finalDir);
  }
}
