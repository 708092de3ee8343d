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

  it('counts buffers with the heap: printed PDFs held only by garbage are collected', () => {
    let held: Buffer[] | null = Array.from({ length: 20 }, () => Buffer.alloc(10 * MB, 1));
    // Two full collections move the buffers' handles to the old space, where only a full one frees them.
    collectGarbage(0);
    collectGarbage(0);
    expect(held.length).toBe(20);
    held = null;
    const { heapUsed, arrayBuffers } = process.memoryUsage();
    expect(arrayBuffers).toBeGreaterThan(150 * MB);
    // The heap alone is under this threshold; the heap and the buffers are over it.
    collectGarbage(heapUsed + 64 * MB);
    expect(process.memoryUsage().arrayBuffers).toBeLessThan(arrayBuffers - 150 * MB);
  });

  it('leaves a heap under the threshold alone', () => {
    garbage();
    const before = process.memoryUsage().heapUsed;
    collectGarbage(before + 64 * MB);
    expect(process.memoryUsage().heapUsed).toBeGreaterThan(before - 50 * MB);
  });
});
