import { describe, expect, it } from 'vitest';
import { printTimeoutMs } from '../../src/print/printer.js';

// SPEC "Exit codes": a browser that hangs is an environment fault (exit 3), found in bounded time;
// a large workspace's 600-page paper is slow to print, not hung.
describe('how long a document may take to print', () => {
  it('is the base limit for the sample-sized papers', () => {
    expect(printTimeoutMs(60_000, 0)).toBe(60_000);
    expect(printTimeoutMs(60_000, 600_000)).toBe(60_000);
    expect(printTimeoutMs(60_000, 2_000_000)).toBe(60_000);
  });

  it('grows with the HTML, one base limit for every 2 MB, and stays bounded', () => {
    expect(printTimeoutMs(60_000, 2_000_001)).toBe(120_000);
    expect(printTimeoutMs(60_000, 9_500_000)).toBe(300_000);
    expect(printTimeoutMs(1_000, 9_500_000)).toBe(5_000);
  });

  it('is twice as long for the second attempt, in the browser that replaced a wedged or crashed one', () => {
    expect(printTimeoutMs(60_000, 0, 2)).toBe(120_000);
    expect(printTimeoutMs(60_000, 9_500_000, 2)).toBe(600_000);
  });
});
