/**
 * Papers several files only read, built once per run of the browser set through the CLI, as a user
 * would, instead of once per file: the first file that asks for one builds it (in a folder of the
 * run's, test/helpers/shared-builds.ts) while any other that asks waits for it. Read-only: a test
 * that changes a workspace or writes outputs works on its own copy.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { repoRoot, runCli, type CliResult } from './cli.js';
import { until } from './until.js';

/**
 * The bundled sample (no workspace: the CLI falls back to it), the real DfE example, and the
 * workspace that uses every optional part of the format (it writes to its own `papers/`), each
 * built as `build --month <month> --json --html` with its folder as the working directory.
 */
const SHARED = {
  sample: { workspace: undefined, month: '2023-11', out: 'out' },
  'dfe-bromley': { workspace: 'examples/dfe-bromley', month: '2025-11', out: 'out' },
  'spec-tour': { workspace: 'fixtures/spec-tour', month: '2023-11', out: 'papers' },
} as const;

export interface SharedBuild {
  /** The folder the build ran in: the workspace copy, or an empty folder for the bundled sample. */
  cwd: string;
  month: string;
  /** The month's output folder (holding public/, exempt/, build.json). */
  folder: string;
  run: CliResult;
  /** Each part's PDF, and Part 1's --html file. */
  pdf: { public: string; exempt: string };
  html: string;
}

export async function sharedBuild(name: keyof typeof SHARED): Promise<SharedBuild> {
  const spec = SHARED[name];
  const root = inject('sharedBuildsRoot');
  const cwd = join(root, name, 'ws');
  const marker = join(root, `${name}.json`);
  let builder = false;
  try {
    // Making a folder is atomic: exactly one file of the run gets to build.
    mkdirSync(join(root, `${name}.claimed`));
    builder = true;
  } catch {
    // Another file is building it (or has built it).
  }
  if (builder) {
    let run: CliResult;
    try {
      if (spec.workspace) cpSync(join(repoRoot, spec.workspace), cwd, { recursive: true });
      else mkdirSync(cwd, { recursive: true });
      run = await runCli(['build', '--month', spec.month, '--json', '--html'], { cwd });
    } catch (e) {
      // The files waiting for it fail with this, not after their bound.
      run = { code: -1, stdout: '', stderr: String(e) };
    }
    // Written whole and then renamed, so a waiting file never reads half of it.
    writeFileSync(`${marker}.tmp`, JSON.stringify(run));
    renameSync(`${marker}.tmp`, marker);
  }
  // A build on a loaded machine takes a minute or more; the bound is for a hang.
  await until(`the shared ${name} build`, () => existsSync(marker), 600_000);
  const run = JSON.parse(readFileSync(marker, 'utf8')) as CliResult;
  if (run.code !== 0) throw new Error(`the shared ${name} build failed (${run.code}): ${run.stderr}`);
  const folder = join(cwd, spec.out, spec.month);
  const file = (part: string, end: string) => join(folder, part, readdirSync(join(folder, part)).find((f) => f.endsWith(end))!);
  return { cwd, month: spec.month, folder, run, pdf: { public: file('public', '-public.pdf'), exempt: file('exempt', '-exempt.pdf') }, html: file('public', '-public.html') };
}
