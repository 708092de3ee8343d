import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/lib/memory.js';

const MB = 2 ** 20;

/** 160 MB of arrays, made and let go: garbage no collection has seen yet. */
function garbage(): void {
  let junk: number[][] | null = Array.from({ length: 200 }, (_, k) => Array.from({ length: 100_000 }, (_, i) => i + k + 0.5));
  expect(junk.length).toBe(200);
  junk = null;
}

describe('letting go of a big workspace’s memory between stages (SPEC Second round: scale)', () => {
  it('collects the garbage when the heap holds more than the threshold', () => {
    garbage();
    const before = process.memoryUsage().heapUsed;
    collectGarbage(64 * MB);
    expect(process.memoryUsage().heapUsed).toBeLessThan(before - 100 * MB);
  });

  it('leaves a heap under the threshold alone', () => {
    garbage();
    const before = process.memoryUsage().heapUsed;
    collectGarbage(before + 64 * MB);
    expect(process.memoryUsage().heapUsed).toBeGreaterThan(before - 50 * MB);
  });
});
