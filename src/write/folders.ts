import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/**
 * `mkdir -p` with a bound: Node 20's `mkdir(…, { recursive: true })` retries for ever where the
 * kernel answers ENOENT for a parent that exists (`/proc/nope` spins at 100% CPU). This makes each
 * missing folder once, from the top down, so any failure surfaces as the error of that one mkdir.
 * `mode` is for the folders it makes.
 */
export async function makeFolder(path: string, mode?: number): Promise<void> {
  const missing: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    try {
      if ((await stat(dir)).isDirectory()) break;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: dir });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      missing.push(dir);
      if (dirname(dir) === dir) break;
    }
  }
  for (const dir of missing.reverse()) {
    await mkdir(dir, mode === undefined ? undefined : { mode }).catch((err: NodeJS.ErrnoException) => {
      // Another process made it meanwhile: fine, as long as it is a folder (the next step checks).
      if (err.code !== 'EEXIST') throw err;
    });
  }
}

/** Why a folder cannot be written, in words, with the system's code for searching. */
export function unwritableReason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const where = e.path ? ` (${e.path})` : '';
  const why: Record<string, string> = {
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a file is in the way where a folder should be',
    EEXIST: 'a file is in the way where a folder should be',
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is used up',
    ENOENT: 'the folder cannot be created there',
  };
  const text = (e.code && why[e.code]) ?? e.message?.split('\n')[0] ?? String(err);
  return `${text}${where}${e.code ? ` [${e.code}]` : ''}`;
}
