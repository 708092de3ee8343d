import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const recipePath = join(repoRoot, 'examples', 'monthly-scrutiny.yml');
const recipe = parse(readFileSync(recipePath, 'utf8')) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  env: Record<string, string>;
  jobs: { build: { steps: { name?: string; uses?: string; if?: string; run?: string; env?: Record<string, string>; with?: Record<string, string> }[] } };
};
const steps = recipe.jobs.build.steps;
const month = '2023-11';

/** Installs that need the network; the test machine has Chromium and this clone installed already. */
const INSTALLS = ['Install Chromium and poppler', 'Install scrutiny-report from its clone'];

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  expect(r.status, `git ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};

/** `${{ inputs.month }}` and `${{ env.X }}`, the only expressions the recipe's commands use. */
function expand(text: string, env: Record<string, string>, input: string): string {
  return text.replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_m, expr: string) => {
    if (expr === 'inputs.month') return input;
    const e = /^env\.(\w+)$/.exec(expr);
    if (e) return env[e[1]] ?? '';
    throw new Error(`the test runner does not know the expression ${expr}`);
  });
}

interface Run {
  failedStep?: string;
  ran: string[];
  summary: string;
  log: string;
  uploads: string[];
}

/**
 * Runs the recipe's `run:` commands in order in `ws`, as Actions would (bash -eo pipefail, the job
 * and step env, GITHUB_ENV and GITHUB_STEP_SUMMARY files, `if: env.X == 'v'`), with the tool's clone
 * at .tool being this repository. Stops at the first failing step.
 */
function runRecipe(ws: string, input = ''): Run {
  const envFile = join(ws, '..', 'github-env');
  const summaryFile = join(ws, '..', 'github-summary');
  writeFileSync(envFile, '');
  writeFileSync(summaryFile, '');
  const result: Run = { ran: [], summary: '', log: '', uploads: [] };
  for (const step of steps) {
    const fromFile = Object.fromEntries(
      readFileSync(envFile, 'utf8')
        .split('\n')
        .filter((l) => l.includes('='))
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    );
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...recipe.env, ...fromFile, GITHUB_ENV: envFile, GITHUB_STEP_SUMMARY: summaryFile, GITHUB_WORKSPACE: ws };
    if (step.if) {
      const m = /^env\.(\w+) == '([^']*)'$/.exec(step.if);
      if (!m) throw new Error(`the test runner does not know the condition ${step.if}`);
      if (env[m[1]] !== m[2]) continue;
    }
    if (step.uses?.startsWith('actions/upload-artifact')) result.uploads.push(expand(step.with!.path, env, input));
    if (!step.run || INSTALLS.includes(step.name ?? '')) continue;
    for (const [k, v] of Object.entries(step.env ?? {})) env[k] = expand(v, env, input);
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', expand(step.run, env, input)], { cwd: ws, env, encoding: 'utf8' });
    result.ran.push(step.name ?? step.run);
    result.log += r.stdout + r.stderr;
    if (r.status !== 0) {
      result.failedStep = step.name;
      break;
    }
  }
  result.summary = readFileSync(summaryFile, 'utf8');
  return result;
}

/** A workspace repository made by init, committed, with a bare "origin" to push the ledger to. */
async function workspaceRepo(): Promise<{ ws: string; origin: string }> {
  const cwd = tempDir('scrutiny-actions-');
  const ws = join(cwd, 'ws');
  const origin = join(cwd, 'origin.git');
  expect((await runCli(['init', ws], { cwd })).code).toBe(0);
  // init starts a workspace without the sample's commentary; the recipe's month needs the officers' text.
  cpSync(join(repoRoot, 'data', 'commentary'), join(ws, 'commentary'), { recursive: true });
  // The sample leaves one November figure out on purpose (to show "No data"); a council's
  // extract that the recipe builds with --strict has it.
  const extract = join(ws, 'outturns.csv');
  writeFileSync(extract, readFileSync(extract, 'utf8').replace('\ncin-visits-timely,2023-12,', '\ncin-visits-timely,2023-11,598,641,,,,\ncin-visits-timely,2023-12,'));
  git(cwd, 'init', '-q', '--bare', origin);
  git(ws, 'init', '-q', '-b', 'main');
  writeFileSync(join(ws, '.gitignore'), 'out/\n.tool\nsummary.json\nvalidate.txt\n');
  git(ws, 'add', '-A');
  git(ws, '-c', 'user.name=t', '-c', 'user.email=t@example.org', 'commit', '-qm', 'workspace');
  git(ws, 'remote', 'add', 'origin', origin);
  git(ws, 'push', '-q', '-u', 'origin', 'main');
  symlinkSync(repoRoot, join(ws, '.tool'));
  return { ws, origin };
}

describe('SPEC Second round › More commands: the GitHub Actions recipe in examples/ runs', () => {
  it('installs the tool from a clone with npm ci, never by name from the registry, and never uploads Part 2', () => {
    const install = steps.find((s) => s.name === 'Install scrutiny-report from its clone');
    expect(install?.run).toBe('npm ci --prefix .tool');
    const clone = steps.find((s) => s.with?.path === '.tool');
    expect(clone?.uses).toMatch(/^actions\/checkout@/);
    expect(clone?.with?.ref).toBeTruthy();
    const text = readFileSync(recipePath, 'utf8').split('\n').filter((l) => !l.trim().startsWith('#')).join('\n');
    expect(text).not.toMatch(/npm (install|i)\b[^\n]*scrutiny-report|npx (-y )?scrutiny-report/);
    for (const s of steps.filter((s) => s.uses?.startsWith('actions/upload-artifact'))) expect(s.with?.path).not.toMatch(/exempt/);
    expect(steps.filter((s) => s.run?.includes(' build ')).every((s) => /--part public/.test(s.run!))).toBe(true);
    expect(recipe.permissions.contents).toBe('write');
  });

  it('waits quietly for commentary, then validates first and fails with the problems in the run summary', async () => {
    const { ws } = await workspaceRepo();
    rmSync(join(ws, 'commentary', `${month}.yaml`));
    const waiting = runRecipe(ws, month);
    expect(waiting.failedStep).toBeUndefined();
    expect(waiting.summary).toContain(`Waiting for commentary: commit commentary/${month}.yaml`);
    expect(waiting.ran).not.toContain('Validate the month');
    expect(waiting.uploads).toEqual([]);

    git(ws, 'checkout', '--', 'commentary');
    const yaml = join(ws, 'scrutiny.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace('end of {{month_name}}, as measured', 'end of {{month_nmae}}, as measured'));
    const invalid = runRecipe(ws, month);
    expect(invalid.failedStep).toBe('Validate the month');
    expect(invalid.summary).toContain(`### ${month}: the papers were not built`);
    expect(invalid.summary).toMatch(/scrutiny\.yaml:\d+:\d+ {2}unknown placeholder \{\{month_nmae\}\}/);
    expect(existsSync(join(ws, 'out'))).toBe(false);
  });

  it('builds Part 1 with --record, commits the ledger back, uploads public/ only, and then has nothing to do', async () => {
    const { ws, origin } = await workspaceRepo();
    const run = runRecipe(ws, month);
    expect(run.failedStep, run.log).toBeUndefined();
    expect(run.ran).toEqual(['Which month, and is it ready?', 'Validate the month', 'Build Part 1 and record its ledger', 'Commit the ledger back']);
    expect(run.uploads).toEqual([`out/${month}/public/`]);
    expect(existsSync(join(ws, 'out', month, 'public'))).toBe(true);
    expect(existsSync(join(ws, 'out', month, 'exempt'))).toBe(false);
    // The ledger reached the remote, as the recorded Part 1.
    expect(git(origin, 'log', '-1', '--format=%s', 'main').trim()).toBe(`Record what Part 1 published for ${month}`);
    expect(git(origin, 'show', `main:published/${month}.csv`)).toBe(readFileSync(join(ws, 'published', `${month}.csv`), 'utf8'));
    expect(run.summary).toMatch(new RegExp(`^${month}: \\d+ exception\\(s\\); warnings: \\d+$`, 'm'));

    const again = runRecipe(ws, month);
    expect(again.failedStep).toBeUndefined();
    expect(again.summary).toContain(`${month} is already recorded in published/${month}.csv: nothing to do.`);
    // validate, a real print and git, run one after another as the job would.
  }, 240_000);
});
