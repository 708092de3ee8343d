import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's full collection, once asked for; null where it cannot be had. */
let collector: (() => void) | null | undefined;

/**
 * A full garbage collection now, if the heap and buffers hold more than `aboveBytes`. For the moment a large
 * structure dies: V8 sizes its next full collection by the heap that was live at its last one, so
 * garbage made after the 134 MB of a million-row extract is let go otherwise piles up to about
 * twice that before anything is collected (the million-row build peaked at 694 MB without this,
 * 478-500 MB with it).
 * Below the threshold a collection would cost more time than its memory is worth.
 */
export function collectGarbage(aboveBytes: number): void {
  // Buffers count too: a finished month holds its printed PDFs, garbage once finished.
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  if (heapUsed + arrayBuffers <= aboveBytes) return;
  if (collector === undefined) {
    try {
      // Exposes `gc` to contexts made from now on; the main one is unchanged.
      setFlagsFromString('--expose-gc');
      collector = runInNewContext('gc') as () => void;
    } catch {
      collector = null;
    } finally {
      // And the flag back as it was: V8 names a code cache by its flags, so a cache the command
      // saves after this (src/lib/code-cache.ts) would be refused by the next one otherwise.
      setFlagsFromString('--no-expose-gc');
    }
  }
  // Twice: the first frees the heap's garbage, but buffers' memory is only given back at the next.
  collector?.();
  collector?.();
}
