import { readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isAlive } from '../alive.js';

/**
 * Chromium profiles are made as `scrutiny-chrome-<pid of the build>-XXXXXX` in the temp folder. A
 * build killed outright (SIGKILL, out of memory) cannot remove its own; the next build removes
 * those whose build is no longer running, and never one whose build still is.
 */
export const PROFILE_PREFIX = 'scrutiny-chrome-';

export function profilePrefix(): string {
  return path.join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`);
}

export async function sweepStaleProfiles(): Promise<void> {
  const dir = tmpdir();
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    names.map(async (name) => {
      const owner = /^scrutiny-chrome-(\d+)-/.exec(name);
      if (!owner || isAlive(Number(owner[1]))) return;
      // Best effort: a folder another build is sweeping at the same time, or cannot be removed, stays.
      await rm(path.join(dir, name), { recursive: true, force: true }).catch(() => undefined);
    }),
  );
}
