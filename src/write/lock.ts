import { unlinkSync } from 'node:fs';
import { link, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { isAlive } from '../alive.js';
import { EnvironmentError } from '../errors.js';
import { makeFolder, unwritableReason } from './folders.js';

/**
 * One build at a time per month folder. Two builds of the same month into the same folder (two CI
 * jobs) would otherwise both succeed, the later one replacing files the earlier one reported. The
 * lock is a file beside the month folder, `<out>/.<month>.lock`, naming the build that holds it;
 * a lock whose process has died (SIGKILL, power cut) is taken over.
 */
interface Holder {
  pid: number;
  host: string;
  since: string;
}

/** Locks this process holds: released on any exit, even one that skips `finally` (process.exit). */
const held = new Set<string>();
process.on('exit', () => {
  for (const path of held) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
});

async function holderOf(path: string): Promise<Holder | undefined> {
  try {
    const h = JSON.parse(await readFile(path, 'utf8')) as Partial<Holder>;
    return typeof h.pid === 'number' && typeof h.host === 'string' ? { pid: h.pid, host: h.host, since: String(h.since) } : undefined;
  } catch {
    return undefined;
  }
}

/** A lock is stale when its build ran on this machine and its process is gone, or it is unreadable. */
function isStale(h: Holder | undefined): boolean {
  return !h || (h.host === hostname() && !isAlive(h.pid));
}

async function acquire(outRoot: string, month: string): Promise<string> {
  const path = join(outRoot, `.${month}.lock`);
  const mine: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  // Written whole, then linked into place: link fails if the lock exists, and a reader never sees
  // a half-written lock (which it would take for a stale one).
  const draft = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(draft, JSON.stringify(mine) + '\n', { flag: 'w' });
  } catch (err) {
    throw new EnvironmentError(`cannot write the outputs to ${outRoot}: ${unwritableReason(err)}; choose a folder you can write (--out DIR)`);
  }
  try {
    // Two attempts: the second after taking over a stale lock. A live holder ends it at once.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, path);
        held.add(path);
        return path;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new EnvironmentError(`cannot write the outputs to ${outRoot}: ${unwritableReason(err)}; choose a folder you can write (--out DIR)`);
      }
      const holder = await holderOf(path);
      if (!isStale(holder)) {
        throw new EnvironmentError(
          `${join(outRoot, month)} is being built by another build (pid ${holder!.pid} on ${holder!.host}, since ${holder!.since}): ` +
            `wait for it to finish or build into another --out; if no build is running, delete ${path}`,
        );
      }
      // Renamed aside first, so of two builds taking over the same stale lock only one removes it.
      const aside = `${path}.stale-${process.pid}`;
      await rename(path, aside).then(
        () => rm(aside, { force: true }),
        () => undefined,
      );
    }
    throw new EnvironmentError(`could not take the lock ${path}: another build keeps taking it; try again`);
  } finally {
    await rm(draft, { force: true });
  }
}

/**
 * Makes `outRoot` if needed and locks each month's folder in it; throws EnvironmentError (exit 3)
 * at once if the folder cannot be written or another live build holds a month. Returns the release.
 */
export async function lockMonths(outRoot: string, months: string[]): Promise<() => Promise<void>> {
  try {
    await makeFolder(outRoot);
  } catch (err) {
    throw new EnvironmentError(`cannot write the outputs to ${outRoot}: ${unwritableReason(err)}; choose a folder you can write (--out DIR)`);
  }
  const taken: string[] = [];
  const release = async () => {
    for (const path of taken.splice(0)) {
      // Forgotten only once removed: an exit while the removal is under way (a signal) still removes it.
      await rm(path, { force: true });
      held.delete(path);
    }
  };
  try {
    for (const month of [...months].sort()) taken.push(await acquire(outRoot, month));
  } catch (err) {
    await release();
    throw err;
  }
  return release;
}
