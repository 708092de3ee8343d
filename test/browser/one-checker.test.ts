import { cpSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const minimal = join(repoRoot, 'fixtures', 'minimal');
const month = '2023-11';

/** The problem lines of a run, without its closing summary (which names the command's own outcome). */
const problemLines = (r: CliResult) => r.stderr.split('\n').filter((l) => l.startsWith('✖ ')).slice(0, -1);

function workspace(edit: (dir: string) => void): string {
  const dir = join(tempDir('scrutiny-checker-'), 'ws');
  cpSync(minimal, dir, { recursive: true });
  edit(dir);
  return dir;
}

const append = (dir: string, file: string, text: string) => writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8') + text);
const commentary = (dir: string, text: string) => {
  mkdirSync(join(dir, 'commentary'), { recursive: true });
  writeFileSync(join(dir, 'commentary', `${month}.yaml`), `month: ${month}\n${text}`);
};
/** Public text for every indicator of the minimal workspace, so none is missing. */
const allWritten = (extra = '') =>
  `indicators:\n${['sa-45-days', 'cp-plans-2-years', 'cp-second-time'].map((id) => `  ${id}:\n    public: Officers have reviewed this.\n${extra}`).join('')}`;

const cases: [string, (dir: string) => void][] = [
  ['no commentary for the exceptions', () => undefined],
  ['every exception written', (dir) => commentary(dir, allWritten())],
  ['commentary marked stale', (dir) => commentary(dir, allWritten('    stale: true\n'))],
  ['commentary carried over', (dir) => commentary(dir, allWritten('    carried_over: 2023-10\n'))],
  ['commentary for an indicator no longer in the catalogue', (dir) => commentary(dir, `${allWritten()}  retired-one:\n    public: Old words.\n`)],
  ['an extract with rows for indicators not in the catalogue', (dir) => (commentary(dir, allWritten()), append(dir, 'outturns.csv', 'mosaic-extra,2023-11,4,,,,,\n'))],
  ['no outturns at all for the month', (dir) => (commentary(dir, allWritten()), writeFileSync(join(dir, 'outturns.csv'), readFileSync(join(dir, 'outturns.csv'), 'utf8').replace(/^.*,2023-11,.*\n/gm, '')))],
  ['a missing outturn for one indicator', (dir) => (commentary(dir, allWritten()), writeFileSync(join(dir, 'outturns.csv'), readFileSync(join(dir, 'outturns.csv'), 'utf8').replace(/^sa-45-days,2023-11,.*\n/m, '')))],
  ['a bad row in the extract', (dir) => append(dir, 'outturns.csv', 'sa-45-days,Oct-21,1,2,,,,\n')],
  ['no meeting for the month', (dir) => writeFileSync(join(dir, 'scrutiny.yaml'), readFileSync(join(dir, 'scrutiny.yaml'), 'utf8').replace('"2023-11"', '"2023-10"'))],
];

describe('SPEC Second round › Channels and issue of one checker: `validate --month` fails exactly where `build --strict` would', () => {
  it.each(cases)('%s', async (_name, edit) => {
    const dir = workspace(edit);
    const validate = await runCli(['validate', '--month', month], { cwd: dir });
    const build = await runCli(['build', '--month', month, '--strict', '--part', 'public', '--out', join(dir, 'built')], { cwd: dir });
    expect([validate.code, build.code], `${validate.stderr}\n---\n${build.stderr}`).toSatisfy(([v, b]: number[]) => v === b && (v === 0 || v === 1));
    expect(problemLines(validate)).toEqual(problemLines(build));
    if (validate.code === 1) expect(problemLines(validate).length).toBeGreaterThan(0);
    // Nothing is said of "No data" for every indicator while some have figures.
    if (!_name.startsWith('no outturns')) expect(validate.stderr).not.toContain('every indicator will show');
  }, 240_000);

  it('the cases cover both outcomes', async () => {
    const codes = await Promise.all(
      [cases[1], cases[0]].map(async ([, edit]) => (await runCli(['validate', '--month', month], { cwd: workspace(edit) })).code),
    );
    expect(codes).toEqual([0, 1]);
  });
});

describe('SPEC Second round › Meetings and batches', () => {
  it('a batch builds the months with a meeting and lists those it skipped', async () => {
    const dir = workspace((d) => {
      const config = readFileSync(join(d, 'scrutiny.yaml'), 'utf8').replace(/meetings:\n.*\n/, 'meetings:\n  "2023-09": { date: 2023-12-01, report_number: A1 }\n  "2023-11": { date: 2024-02-01, report_number: A2 }\n');
      writeFileSync(join(d, 'scrutiny.yaml'), config);
    });
    const r = await runCli(['build', '--from', '2023-08', '--to', '2023-12', '--part', 'public', '--json'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.months.map((m: { month: string }) => m.month)).toEqual(['2023-09', '2023-11']);
    expect(out.skipped).toEqual(['2023-08', '2023-10', '2023-12']);
    expect(r.stderr).toContain('not built, no meeting: 2023-08, 2023-10, 2023-12');

    const none = await runCli(['build', '--from', '2023-12', '--to', '2024-02', '--part', 'public'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('✖ scrutiny.yaml:10:1  meetings: no entry for any month from 2023-12 to 2024-02');
  }, 240_000);
});

describe('SPEC Second round › Extracts and spreadsheets: an .xlsx extract builds the same papers as its CSV', () => {
  it('gives byte-identical Part 1 HTML and figures, and the same Part 2 text', async () => {
    const csv = readFileSync(join(minimal, 'outturns.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const rows: Row[] = csv.map((f, r) =>
      f.map((v, i) => {
        if (r === 0 || v === '') return v === '' ? null : v;
        if (i === 1) {
          const [y, m] = v.split('-').map(Number);
          return { value: new Date(Date.UTC(y, m - 1, 1)), format: 'mmm-yy' };
        }
        return i >= 2 && i <= 4 ? Number(v) : v;
      }),
    );
    const fromCsv = workspace(() => undefined);
    const fromXlsx = workspace((d) => append(d, 'scrutiny.yaml', 'paths: { outturns: data/extract.xlsx }\nextract: { sheet: Outturns }\n'));
    mkdirSync(join(fromXlsx, 'data'));
    writeFileSync(join(fromXlsx, 'data', 'extract.xlsx'), (await writeXlsxFile([{ data: rows, sheet: 'Outturns' }]).toBuffer()) as Buffer);
    const stem = `childrens-scrutiny-dataset-${month}`;
    const built = await Promise.all(
      [fromCsv, fromXlsx].map(async (dir) => {
        const r = await runCli(['build', '--month', month, '--html', '--out', 'built'], { cwd: dir });
        expect(r.code, r.stderr).toBe(0);
        const at = (part: string, name: string) => readFileSync(join(dir, 'built', month, part, name));
        return {
          html: at('public', `${stem}-part-1-public.html`).toString('utf8'),
          figures: at('public', `${stem}-part-1-figures.csv`).toString('utf8'),
          log: at('exempt', 'disclosure-log.csv').toString('utf8'),
        };
      }),
    );
    expect(built[1].html).toBe(built[0].html);
    expect(built[1].figures).toBe(built[0].figures);
    expect(built[1].log).toBe(built[0].log);
    expect(built[0].html).toContain('Single assessments completed within 45 working days');
  }, 240_000);
});
