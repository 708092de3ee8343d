/**
 * The papers built once per run (test/helpers/shared-builds.ts), for files that only read them.
 * Read-only: a test that changes a workspace or writes outputs works on its own copy.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { CliResult } from './cli.js';
import { SHARED_BUILDS, type SharedName } from './shared-list.js';
import { until } from './until.js';

export interface SharedBuild {
  /** The folder the build ran in: the workspace copy, or an empty folder for the bundled sample. */
  cwd: string;
  month: string;
  /** The month's output folder (holding public/, exempt/, build.json). */
  folder: string;
  run: CliResult;
  /** The PDF (and, for Part 1, the --html file) of each part. */
  pdf: { public: string; exempt: string };
  html: string;
}

/** Waits for the shared build (it runs beside the first files) and fails with its stderr if it failed. */
export async function sharedBuild(name: SharedName): Promise<SharedBuild> {
  const root = inject('sharedBuildsRoot');
  const marker = join(root, `${name}.json`);
  // A build on a loaded machine takes a minute or more; the bound is for a hang.
  await until(`the shared ${name} build`, () => existsSync(marker), 600_000);
  const run = JSON.parse(readFileSync(marker, 'utf8')) as CliResult;
  if (run.code !== 0) throw new Error(`the shared ${name} build failed (${run.code}): ${run.stderr}`);
  const spec = SHARED_BUILDS[name];
  const cwd = join(root, name, 'ws');
  const folder = join(cwd, spec.out, spec.month);
  const file = (part: string, end: string) => join(folder, part, readdirSync(join(folder, part)).find((f) => f.endsWith(end))!);
  return { cwd, month: spec.month, folder, run, pdf: { public: file('public', '-public.pdf'), exempt: file('exempt', '-exempt.pdf') }, html: file('public', '-public.html') };
}
