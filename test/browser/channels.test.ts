import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { loadOrThrow } from '../../src/load/index.js';
import { assessMonth } from '../../src/assess/index.js';
import { commentaryFingerprint } from '../../src/commentary/index.js';

// SPEC Second round › Channels: what is safe to publish. Pairs of workspaces that differ only in
// figures Part 1 hides must give byte-identical results on every channel outside exempt/: stdout,
// stderr (not a terminal: these runs pipe it), the exit status with and without --strict, --json,
// build.json, public/, the published/ ledger, and what `commentary` and `validate` print.
const month = '2023-11';

const EXTRA_INDICATORS = `
  - id: flip-count
    number: 4
    title: Children placed with relatives in the month
    section: social-care
    definition: Children placed with relatives in the month.
    why_important: Family placements keep children close to the people they know.
    unit: count
    frequency: monthly
    basis: snapshot
    polarity: higher_is_better
    target: 4
    rag: { tolerance: 1 }
  - id: avg-days
    number: 5
    title: Average days from referral to a plan
    section: social-care
    definition: Average days from referral to a plan, over the children whose plan started in the month.
    why_important: Delay leaves children at risk.
    unit: days
    frequency: monthly
    basis: snapshot
    polarity: lower_is_better
    target: 60
    rag: { tolerance_percent: 10 }
  - id: rate-ind
    number: 6
    title: Children missing from care, per 10,000 children
    section: social-care
    definition: Episodes of children missing from care in the month, per 10,000 children.
    why_important: Going missing puts children at risk.
    unit: rate_per_10000
    frequency: monthly
    basis: snapshot
    polarity: lower_is_better
    target: 5
    rag: { tolerance: 1 }
    population: { value: 50000, label: "0–17 population" }
  - id: stale-count
    number: 7
    title: Children waiting for a review
    section: social-care
    definition: Children whose review was overdue at the end of the month.
    why_important: Reviews keep plans on track.
    unit: count
    frequency: monthly
    basis: snapshot
    polarity: lower_is_better
    target: 10
    rag: { tolerance: 2 }
  - id: group-pct
    number: 8
    title: Care leavers in higher education
    section: social-care
    definition: Care leavers aged 19–21 in higher education, as a percentage of all care leavers aged 19–21.
    why_important: Higher education opens doors.
    unit: percent
    frequency: monthly
    basis: snapshot
    polarity: none
  - id: ytd-count
    number: 9
    title: First-time entrants to the youth justice system, year to date
    section: social-care
    definition: Children entering the youth justice system for the first time since 1 April.
    why_important: Fewer first-time entrants means earlier help is working.
    unit: count
    frequency: monthly
    basis: year_to_date
    polarity: none
`;

function history(id: string, row: (i: number) => string): string {
  return Array.from({ length: 12 }, (_, i) => `${id},${['2022-11', '2022-12', '2023-01', '2023-02', '2023-03', '2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10'][i]},${row(i)}\n`).join('');
}

/** fixtures/minimal plus indicators whose November figures Part 1 hides; `nov` gives those figures. */
function makeWorkspace(dir: string, nov: { flip: number; ageA: string; ageB: string; avg: number; rateEvents: number; stale: number; group: number; ytdGrowth: number }): void {
  cpSync(join(repoRoot, 'fixtures', 'minimal'), dir, { recursive: true });
  const catalogue = readFileSync(join(dir, 'catalogue.yaml'), 'utf8')
    .replace('    target: 80\n', '    target: 80\n    breakdowns: [age_band]\n')
    .trimEnd();
  writeFileSync(join(dir, 'catalogue.yaml'), `${catalogue}\n${EXTRA_INDICATORS}`);
  const rows =
    `sa-45-days,2023-11,${nov.ageA},,age_band,0-4,\nsa-45-days,2023-11,${nov.ageB},,age_band,5-9,\nsa-45-days,2023-11,149,190,,age_band,10-17,\n` +
    history('flip-count', (i) => `${20 + i},,,,,`) +
    `flip-count,2023-11,${nov.flip},,,,,\n` +
    history('avg-days', (i) => `${12 + i},,${50 + i},,,`) +
    `avg-days,2023-11,3,,${nov.avg},,,\n` +
    history('rate-ind', (i) => `${30 + i},,,,,`) +
    `rate-ind,2023-11,${nov.rateEvents},,,,,\n` +
    history('stale-count', (i) => `${8 + (i % 3)},,,,,`) +
    `stale-count,2023-11,${nov.stale},,,,,\n` +
    // A group of 3: none of them, or 2 of them (group disclosure: both hidden).
    history('group-pct', (i) => `${10 + i},${20 + i},,,,`) +
    `group-pct,2023-11,${nov.group},3,,,,\n` +
    // Year to date since April: November's growth since October (3 or 5) is a count of people.
    ['2023-04', '2023-05', '2023-06', '2023-07', '2023-08', '2023-09', '2023-10'].map((m, i) => `ytd-count,${m},${10 * (i + 1)},,,,,\n`).join('') +
    `ytd-count,2023-11,${70 + nov.ytdGrowth},,,,,\n`;
  writeFileSync(join(dir, 'outturns.csv'), readFileSync(join(dir, 'outturns.csv'), 'utf8') + rows);
}

const base = { flip: 5, ageA: '3,4', ageB: '2,6', avg: 40, rateEvents: 2, stale: 3, group: 2, ytdGrowth: 3 };
const variants: [string, Partial<typeof base>][] = [
  // Green at 5, Red at 1: an exception only Part 2 shows, with no commentary.
  ['a hidden count that flips its RAG rating', { flip: 1 }],
  [
    'a breakdown swap, an average, a rate and a count that makes commentary stale, all hidden',
    { ageA: '2,4', ageB: '3,6', avg: 90, rateEvents: 4, stale: 4 },
  ],
  // group_disclosure (default hide): "0 of [c]" would say something about every member of the group.
  ['none of a hidden group instead of two of it, and a different year-to-date growth', { group: 0, ytdGrowth: 5 }],
];

/** Commentary for Part 1's exceptions, and text on stale-count drafted from the base figures. */
function writeCommentary(dir: string, staleFingerprint: string): void {
  const text = `month: ${month}
indicators:
  cp-plans-2-years:
    public: |
      The number of children on a plan for two years or more is above target; each plan is being reviewed.
  sa-45-days:
    public: |
      Assessment timeliness dipped this month while the team took on new staff.
  stale-count:
    drafted_from: { rag: Green, value: "3", fingerprint: "${staleFingerprint}" }
    exempt: |
      Reviews are on track.
`;
  const folder = join(dir, 'commentary');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, `${month}.yaml`), text);
}

interface Channels {
  build: CliResult;
  strict: CliResult;
  publicOnly: CliResult;
  publicOnlyFiles: Record<string, string>;
  buildJson: string;
  files: Record<string, string>;
  ledger: string;
  commentary: CliResult;
  validate: CliResult;
}

/** Every public channel of one workspace: three builds (plain; --strict --json --record --html; --part public --json), then validate and commentary. */
async function channelsOf(dir: string): Promise<Channels> {
  const build = await runCli(['build', '--month', month, '--out', 'plain'], { cwd: dir });
  const strict = await runCli(['build', '--month', month, '--strict', '--json', '--record', '--html', '--out', 'out'], { cwd: dir });
  const folder = join(dir, 'out', month);
  const files: Record<string, string> = {};
  for (const f of readdirSync(join(folder, 'public'))) files[f] = readFileSync(join(folder, 'public', f), 'latin1');
  const publicOnly = await runCli(['build', '--month', month, '--part', 'public', '--json', '--out', 'public-only'], { cwd: dir });
  const publicOnlyFiles: Record<string, string> = {};
  for (const f of readdirSync(join(dir, 'public-only', month, 'public'))) publicOnlyFiles[f] = readFileSync(join(dir, 'public-only', month, 'public', f), 'latin1');
  publicOnlyFiles['build.json'] = readFileSync(join(dir, 'public-only', month, 'build.json'), 'utf8');
  const validate = await runCli(['validate', '--month', month], { cwd: dir });
  const commentary = await runCli(['commentary', '--month', month], { cwd: dir });
  return {
    build,
    strict,
    publicOnly,
    publicOnlyFiles,
    buildJson: readFileSync(join(folder, 'build.json'), 'utf8'),
    files,
    ledger: readFileSync(join(dir, 'published', `${month}.csv`), 'utf8'),
    commentary,
    validate,
  };
}

/** The workspace's own folder appears in some lines; the rest must match byte for byte. */
const inWorkspace = (text: string, dir: string) => text.split(dir).join('<ws>');

describe('every public channel depends on Part 1 alone', () => {
  let baseDir: string;
  let baseChannels: Channels;
  let fingerprint: string;

  beforeAll(async () => {
    baseDir = join(tempDir(), 'ws');
    makeWorkspace(baseDir, base);
    const { workspace } = await loadOrThrow(baseDir, false);
    const stale = assessMonth(workspace, month).assessments.find((a) => a.indicator.id === 'stale-count')!;
    fingerprint = commentaryFingerprint(stale);
    writeCommentary(baseDir, fingerprint);
    baseChannels = await channelsOf(baseDir);
  }, 600_000);

  it('the base workspace builds, with --strict and --part public too (so the comparisons below compare working builds)', () => {
    expect(baseChannels.build.code, baseChannels.build.stderr).toBe(0);
    expect(baseChannels.strict.code, baseChannels.strict.stderr).toBe(0);
    expect(baseChannels.publicOnly.code, baseChannels.publicOnly.stderr).toBe(0);
    // The figures the variants change are hidden in the base's Part 1 (else the pairs would differ for a good reason).
    const figures = Object.entries(baseChannels.files).find(([f]) => f.endsWith('-figures.csv'))![1];
    expect(figures).toContain('group-pct,2023-11,,,numerator,[c]');
    expect(figures).toContain('ytd-count,2023-11,,,value,[c]');
  });

  it.each(variants)('%s: identical stdout, stderr, exit status, --json, build.json, public/, ledger, validate and commentary', async (_name, change) => {
    const dir = join(tempDir(), 'ws');
    makeWorkspace(dir, { ...base, ...change });
    writeCommentary(dir, fingerprint);
    const got = await channelsOf(dir);
    const want = baseChannels;
    for (const key of ['build', 'strict', 'publicOnly', 'validate', 'commentary'] as const) {
      expect(inWorkspace(got[key].stdout, dir), `${key} stdout`).toBe(inWorkspace(want[key].stdout, baseDir));
      expect(inWorkspace(got[key].stderr, dir), `${key} stderr`).toBe(inWorkspace(want[key].stderr, baseDir));
      expect(got[key].code, `${key} exit status`).toBe(want[key].code);
    }
    expect(inWorkspace(got.buildJson, dir)).toBe(inWorkspace(want.buildJson, baseDir));
    expect(got.files).toEqual(want.files);
    expect(Object.fromEntries(Object.entries(got.publicOnlyFiles).map(([k, v]) => [k, inWorkspace(v, dir)]))).toEqual(
      Object.fromEntries(Object.entries(want.publicOnlyFiles).map(([k, v]) => [k, inWorkspace(v, baseDir)])),
    );
    expect(got.ledger).toBe(want.ledger);
    // What differs went where it may: the exempt manifest, owner-only.
    const exempt = join(dir, 'out', month, 'exempt', 'build-exempt.json');
    expect(statSync(exempt).mode & 0o777).toBe(0o600);
    // The hidden figures themselves are in Part 2, which differs.
    const part2 = (root: string) => {
      const folder = join(root, 'out', month, 'exempt');
      return readFileSync(join(folder, readdirSync(folder).find((f) => f.endsWith('-part-2-exempt.pdf'))!));
    };
    expect(part2(dir).equals(part2(baseDir))).toBe(false);
  }, 600_000);

  it('no public file or log carries a hash of an exempt file or of an input', () => {
    const manifest = JSON.parse(readFileSync(join(baseDir, 'out', month, 'exempt', 'build-exempt.json'), 'utf8'));
    const secret: string[] = [
      ...manifest.inputs.map((i: { sha256: string }) => i.sha256),
      ...manifest.outputs.filter((o: { part: string }) => o.part === 'exempt').map((o: { sha256: string }) => o.sha256),
    ];
    expect(secret.length).toBeGreaterThan(3);
    const c = baseChannels;
    const published = [c.build.stdout, c.build.stderr, c.strict.stdout, c.strict.stderr, c.buildJson, c.ledger, ...Object.values(c.files), c.validate.stdout, c.validate.stderr, c.commentary.stdout, c.commentary.stderr];
    for (const hash of secret) for (const text of published) expect(text).not.toContain(hash);
    // build.json still lists the exempt files, by name.
    expect(c.buildJson).toContain('exempt/build-exempt.json');
  });
});

describe('invalid inputs name the location and the rule, not the figures', () => {
  it('off a terminal validate leaves the figures out; --show-figures prints them on purpose', async () => {
    const dir = join(tempDir(), 'ws');
    makeWorkspace(dir, { ...base, ageA: '3,4', ageB: '3,6' });
    const quiet = await runCli(['validate', '--month', month], { cwd: dir });
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toContain('outturns.csv:14:3  sa-45-days 2023-11: the age_band categories do not add up to the headline numerator');
    expect(quiet.stderr).not.toMatch(/add up to \d|headline is \d/);
    const shown = await runCli(['validate', '--month', month, '--show-figures'], { cwd: dir });
    expect(shown.code).toBe(1);
    expect(shown.stderr).toContain('the age_band categories add up to 155 of 200, but the headline is 154 of 200');
  });

  // SPEC Exit codes: 3 for a folder that cannot be written.
  it('--out naming a file is one clear line and an environment error, before any browser starts', async () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'a-file'), '');
    const r = await runCli(['build', '--month', month, '--out', 'a-file'], { cwd });
    expect(r.code).toBe(3);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('✖'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('a file is in the way where a folder should be');
    expect(r.stderr).not.toContain('EEXIST');
  });
});
