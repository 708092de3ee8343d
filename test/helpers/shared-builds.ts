/**
 * Global setup of the browser set (vitest.config.ts): one temporary folder per run for the papers
 * several files only read, built once per run by the first file that needs each
 * (test/helpers/shared.ts). The teardown removes it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedBuildsRoot: string;
  }
}

export default function setup(project: TestProject): () => void {
  const root = mkdtempSync(join(tmpdir(), 'scrutiny-shared-'));
  project.provide('sharedBuildsRoot', root);
  return () => rmSync(root, { recursive: true, force: true });
}
