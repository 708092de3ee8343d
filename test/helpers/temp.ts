/**
 * Temporary folders for tests, removed when they are done with: a folder made inside a test is
 * removed when that test finishes (pass or fail); one made in `beforeAll` or at module level is
 * shared by the file's tests, so it is removed after the file (test/helpers/cleanup.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

const sharedDirs: string[] = [];

function remove(dir: string): void {
  // Retries cover a child process (Chromium) still closing files in it as the test ends.
  rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
}

export function tempDir(prefix = 'scrutiny-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    onTestFinished(() => remove(dir));
  } catch {
    // Not inside a test: the folder is shared by the file's tests.
    sharedDirs.push(dir);
  }
  return dir;
}

export function removeSharedTempDirs(): void {
  for (const dir of sharedDirs.splice(0)) remove(dir);
}
