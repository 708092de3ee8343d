/**
 * Global setup of the browser set (vitest.config.ts): the papers several files only read are built
 * once per run, through the CLI as a user would, instead of once per file. The builds start here
 * and run beside the first test files; a file that reads one waits for it (test/helpers/shared.ts).
 * Each build is a copy of the workspace in a folder of its own under one temporary root, which the
 * teardown removes. Tests treat these folders as read-only: a test that writes copies first.
 */
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { repoRoot, runCli } from './cli.js';
import { SHARED_BUILDS, type SharedName } from './shared-list.js';

declare module 'vitest' {
  export interface ProvidedContext {
    sharedBuildsRoot: string;
  }
}

export default function setup(project: TestProject): () => Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'scrutiny-shared-'));
  project.provide('sharedBuildsRoot', root);
  const running = (Object.keys(SHARED_BUILDS) as SharedName[]).map(async (name) => {
    const spec = SHARED_BUILDS[name];
    const cwd = join(root, name, 'ws');
    if (spec.workspace) cpSync(join(repoRoot, spec.workspace), cwd, { recursive: true });
    else mkdirSync(cwd, { recursive: true });
    const run = await runCli(['build', '--month', spec.month, '--json', '--html'], { cwd });
    // Written whole and then renamed, so a waiting file never reads half of it.
    const done = join(root, `${name}.json`);
    writeFileSync(`${done}.tmp`, JSON.stringify(run));
    renameSync(`${done}.tmp`, done);
  });
  return async () => {
    await Promise.allSettled(running);
    rmSync(root, { recursive: true, force: true });
  };
}
