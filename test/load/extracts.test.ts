import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeXlsxFile, { type Row } from 'write-excel-file/node';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError, formatProblem } from '../../src/errors.js';
import { loadWorkspace } from '../../src/load/index.js';
import { categoryFromExcelDate, monthFromExcel } from '../../src/load/outturns.js';
import { ProblemSink } from '../../src/load/problems.js';
import { init } from '../../src/commands/init.js';

const minimal = join(import.meta.dirname, '..', '..', 'fixtures', 'minimal');
const HEADER = 'indicator,period,numerator,denominator,value,breakdown,category,note';
const tmp = mkdtempSync(join(tmpdir(), 'scrutiny-extracts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** The minimal workspace with some files replaced or appended to. */
function workspace(files: { outturns?: string | Buffer; config?: string; catalogue?: string; extra?: Record<string, string | Buffer> } = {}): string {
  const dir = join(tmp, `ws-${n++}`);
  cpSync(minimal, dir, { recursive: true });
  if (files.outturns !== undefined) writeFileSync(join(dir, 'outturns.csv'), files.outturns);
  if (files.config) writeFileSync(join(dir, 'scrutiny.yaml'), readFileSync(join(minimal, 'scrutiny.yaml'), 'utf8') + files.config);
  if (files.catalogue) writeFileSync(join(dir, 'catalogue.yaml'), files.catalogue);
  for (const [name, data] of Object.entries(files.extra ?? {})) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

async function lines(dir: string, month = '2023-11') {
  const r = await loadWorkspace(dir, { month });
  return { ok: r.ok, problems: r.ok ? [] : r.problems.map(formatProblem), warnings: r.warnings.map(formatProblem), notices: r.notices, result: r };
}

const minimalCsv = readFileSync(join(minimal, 'outturns.csv'), 'utf8');

/** The minimal extract as an Excel user keeps it: months as date cells shown "Nov-22", counts as numbers. */
async function minimalAsWorkbook(sheet = 'Outturns', edit: (rows: Row[]) => void = () => undefined): Promise<Buffer> {
  const [header, ...records] = minimalCsv.trim().split('\n').map((l) => l.split(','));
  const rows: Row[] = [
    header,
    ...records.map((f) =>
      f.map((v, i) => {
        if (v === '') return null;
        if (i === 1) {
          const [y, m] = v.split('-').map(Number);
          return { value: new Date(Date.UTC(y, m - 1, 1)), format: 'mmm-yy' };
        }
        return i >= 2 && i <= 4 ? Number(v) : v;
      }),
    ),
  ];
  edit(rows);
  return (await writeXlsxFile([{ data: rows, sheet }, { data: [['not this one']], sheet: 'Notes' }]).toBuffer()) as Buffer;
}

describe('SPEC Second round › Extracts and spreadsheets: .xlsx extracts', () => {
  it('reads the same outturns from a workbook as from its CSV, dates as months and numbers as stored', async () => {
    const fromCsv = await loadWorkspace(workspace(), { month: '2023-11' });
    const book = workspace({ config: 'paths: { outturns: outturns.xlsx }\n', extra: { 'outturns.xlsx': await minimalAsWorkbook() } });
    const fromXlsx = await loadWorkspace(book, { month: '2023-11' });
    expect(fromCsv.ok && fromXlsx.ok).toBe(true);
    if (!fromCsv.ok || !fromXlsx.ok) return;
    expect(fromXlsx.workspace.outturns).toEqual(fromCsv.workspace.outturns);
    expect(fromXlsx.warnings).toEqual(fromCsv.warnings);
  });

  it('locates a problem as file.xlsx:Sheet!C92, and collapses its repeats with the last cell', async () => {
    const book = await minimalAsWorkbook('Outturns', (rows) => {
      rows[2][2] = 'lots';
      rows[5][2] = 'many';
    });
    const r = await lines(workspace({ config: 'paths: { outturns: outturns.xlsx }\n', extra: { 'outturns.xlsx': book } }));
    expect(r.problems).toEqual(['outturns.xlsx:Outturns!C3  numerator: is not a number [2 times, the last at Outturns!C6] (write digits only, e.g. 62, or the publisher\'s symbol (c, x, z, u, low))']);
  });

  it('reads the sheet named under extract:, and names the sheets when it is not there', async () => {
    const book = await minimalAsWorkbook('Data');
    const other = (sheet: string) =>
      workspace({ config: `paths: { outturns: outturns.xlsx }\nextract: { sheet: ${sheet} }\n`, extra: { 'outturns.xlsx': book } });
    expect((await lines(other('Data'))).ok).toBe(true);
    // The first sheet is Data; asking for Notes reads the wrong table and says so by its header.
    expect((await lines(other('Nope'))).problems).toEqual([
      'outturns.xlsx  has no sheet "Nope" (the sheets are Data, Notes; set extract: { sheet: … } in scrutiny.yaml to one of them)',
    ]);
  });

  it('says a file that is not a workbook cannot be read as one', async () => {
    const r = await lines(workspace({ config: 'paths: { outturns: outturns.xlsx }\n', extra: { 'outturns.xlsx': minimalCsv } }));
    expect(r.problems).toEqual(['outturns.xlsx  cannot be read as an Excel workbook (save it from Excel as "Excel Workbook (*.xlsx)", or as "CSV UTF-8" and name it .csv)']);
  });

  it('gives one line, not one per row, for a workbook saved under a .csv name', async () => {
    const r = await lines(workspace({ outturns: await minimalAsWorkbook() }));
    expect(r.problems).toEqual([
      'outturns.csv:1:1  is an Excel workbook (.xlsx), not CSV (give paths.outturns a name ending .xlsx to read the workbook, or save it in Excel: File › Save As › "CSV UTF-8 (Comma delimited) (*.csv)")',
    ]);
  });
});

describe('SPEC Second round › Extracts and spreadsheets: CSV that Excel saved', () => {
  it('gives one located error for a Windows-1252 file, saying how to save it as CSV UTF-8', async () => {
    // "16–17" with Windows-1252's en dash (0x96), as Excel's "CSV (Comma delimited)" writes it.
    const text = `${minimalCsv}cp-second-time,2023-10,2,12,,,,note 16\x9617\r\n`;
    const r = await lines(workspace({ outturns: Buffer.from(text, 'latin1') }));
    expect(r.problems).toEqual([
      `outturns.csv:${minimalCsv.trim().split('\n').length + 1}:39  the file is not UTF-8 text: byte 0x96 here is "–" in Windows-1252, as Excel's "CSV (Comma delimited)" saves it (save it in Excel: File › Save As › "CSV UTF-8 (Comma delimited) (*.csv)")`,
    ]);
  });

  it('finds a bad byte however the file is cut into chunks, and passes UTF-8 split across them', async () => {
    const good = `${minimalCsv}cp-second-time,2021-01,2,12,,,,note 16–17 ✓\n`;
    expect((await lines(workspace({ outturns: Buffer.from(good, 'utf8') }))).problems).toEqual([]);
    // Large enough for several 64 KiB chunks, with multi-byte characters at every offset.
    const body = Array.from({ length: 4000 }, (_, i) => `sa-45-days,2023-11,1,2,,,,${'é✓'.repeat(i % 7)}`).join('\n');
    const big = Buffer.from(`${HEADER}\n${body}\n`, 'utf8');
    const r = await lines(workspace({ outturns: big }));
    expect(r.problems.filter((p) => p.includes('UTF-8'))).toEqual([]);
  });

  it('turns a column of Excel months into one line with a count, the last line and the month meant', async () => {
    const rows = minimalCsv.trim().split('\n').slice(1).map((l) => l.replace(/,(\d{4})-(\d{2}),/, (_, y, m) => `,${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(m) - 1]}-${y.slice(2)},`));
    const r = await lines(workspace({ outturns: [HEADER, ...rows].join('\n') }));
    expect(r.problems).toEqual([
      `outturns.csv:2:2  period: "Nov-22" is not a month [${rows.length} times, the last at line ${rows.length + 1}] (did you mean 2022-11? Excel shows months as "Nov-22": format the column as text and write YYYY-MM)`,
    ]);
    expect(r.result.ok ? 0 : r.result.problemCount).toBe(rows.length);
  });

  it('knows the months and dates Excel makes', () => {
    expect(['Apr-23', 'April 2023', '01/04/2023', '2023-04-01', 'Apr-2023'].map(monthFromExcel)).toEqual(Array(5).fill('2023-04'));
    expect(['2023-13-01', 'Foo-23', '13/13/2023', '23'].map(monthFromExcel)).toEqual(Array(4).fill(undefined));
    expect(['05-Sep', '5-Sep', 'Oct-15', '16-Nov', '10-12', '0-4', 'Sep'].map(categoryFromExcelDate)).toEqual(['5-9', '5-9', '10-15', '16-11', undefined, undefined, undefined]);
  });
});

describe('SPEC Second round › Extracts and spreadsheets: declared categories', () => {
  const catalogue = readFileSync(join(minimal, 'catalogue.yaml'), 'utf8').replace(
    '    target: 80\n',
    '    target: 80\n    breakdowns: [{ id: age_band, categories: ["0-4", "5-9", "10-15", "16-17"] }, gender]\n',
  );
  const withRows = (...rows: string[]) => `${minimalCsv.trimEnd()}\n${rows.join('\n')}\n`;
  const last = minimalCsv.trim().split('\n').length;

  it('accepts the listed categories and a breakdown declared by name only', async () => {
    const r = await lines(workspace({ catalogue, outturns: withRows('sa-45-days,2021-01,1,2,,,,', 'sa-45-days,2021-01,0,1,,age_band,0-4,', 'sa-45-days,2021-01,1,1,,age_band,5-9,', 'sa-45-days,2021-01,1,2,,gender,X,') }));
    expect(r.problems).toEqual([]);
  });

  it('rejects a category outside the list, and says when Excel made a date of it', async () => {
    const one = async (category: string) => (await lines(workspace({ catalogue, outturns: withRows('sa-45-days,2021-01,0,1,,,,', `sa-45-days,2021-01,0,1,,age_band,${category},`) }))).problems;
    expect(await one('05-Sep')).toEqual([`outturns.csv:${last + 2}:7  category: "05-Sep" is not a age_band category of sa-45-days (Excel turned "5-9" into a date: format the column as text and type 5-9 again)`]);
    expect(await one('Oct-15')).toEqual([`outturns.csv:${last + 2}:7  category: "Oct-15" is not a age_band category of sa-45-days (Excel turned "10-15" into a date: format the column as text and type 10-15 again)`]);
    expect(await one('10-14')).toEqual([`outturns.csv:${last + 2}:7  category: "10-14" is not a age_band category of sa-45-days (did you mean "10-15"?)`]);
  });

  it('warns of a date-looking category even where none are declared', async () => {
    const r = await lines(workspace({ catalogue, outturns: withRows('sa-45-days,2021-01,1,1,,,,', 'sa-45-days,2021-01,1,1,,gender,05-Sep,') }));
    expect(r.warnings).toContain(`outturns.csv:${last + 2}:7  category: "05-Sep" looks like a date (Excel turned "5-9" into a date: format the column as text and type 5-9 again)`);
  });

  it('wants each category listed once', async () => {
    const dup = catalogue.replace('"16-17"]', '"16-17", "5-9"]');
    const r = await lines(workspace({ catalogue: dup }));
    expect(r.problems).toEqual([expect.stringMatching(/^catalogue\.yaml:\d+:\d+ {2}indicators\[0\]\.breakdowns\[0\]\.categories\[4\]: "5-9" is listed twice/)]);
  });
});

describe('SPEC Second round › Extracts and spreadsheets: extracts wider than the catalogue', () => {
  const extra = (ids: string[]) => `${minimalCsv.trimEnd()}\n${ids.map((id) => `${id},2023-11,1,,,,,`).join('\n')}\n`;
  const last = minimalCsv.trim().split('\n').length;

  it('leaves out rows for indicators not in the catalogue with one summary line', async () => {
    const r = await lines(workspace({ outturns: extra(['mosaic-x', 'mosaic-y', 'mosaic-x']) }));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual([]);
    expect(r.notices).toEqual([
      `outturns.csv: 3 rows for 2 indicators not in the catalogue left out ("mosaic-x", "mosaic-y"; lines ${last + 1} to ${last + 3}); set extract: { unknown_indicators: error } in scrutiny.yaml to make them an error`,
    ]);
  });

  it('makes them errors with extract: { unknown_indicators: error }, one line for the lot', async () => {
    const r = await lines(workspace({ outturns: extra(['mosaic-x', 'mosaic-y', 'mosaic-x']), config: 'extract: { unknown_indicators: error }\n' }));
    expect(r.problems).toEqual([`outturns.csv:${last + 1}:1  indicator: "mosaic-x" is not in the catalogue [3 times, the last at line ${last + 3}] (add it to the catalogue, or correct the id)`]);
    expect(r.notices).toEqual([]);
  });

  it('warns of commentary for an indicator no longer in the catalogue, and still loads', async () => {
    const r = await lines(workspace({ extra: { 'commentary/2023-11.yaml': 'month: 2023-11\nindicators:\n  retired-one: { public: Old words. }\n' } }));
    expect(r.ok).toBe(true);
    expect(r.warnings).toEqual(['commentary/2023-11.yaml:3:3  indicators.retired-one: "retired-one" is not in the catalogue: this commentary is not printed (remove the entry, or put the indicator back in the catalogue)']);
  });

  it('init makes a workspace without the sample\'s commentary', async () => {
    const made = await init(join(tmp, `init-${n++}`));
    expect(existsSync(join(made, 'scrutiny.yaml'))).toBe(true);
    expect(existsSync(join(made, 'commentary'))).toBe(false);
  });
});

describe('SPEC Second round › Meetings and batches', () => {
  const meetings = 'meetings:\n  "2023-09": { date: 2023-12-01, report_number: A1 }\n  "2023-11": { date: 2024-02-01, report_number: A2 }\n';
  const config = readFileSync(join(minimal, 'scrutiny.yaml'), 'utf8').replace(/meetings:\n.*\n/, meetings);
  const dir = () => {
    const d = workspace();
    writeFileSync(join(d, 'scrutiny.yaml'), config);
    return d;
  };

  it('a range builds the months with a meeting and lists the others as skipped', async () => {
    const r = await loadWorkspace(dir(), { month: { from: '2023-08', to: '2023-12' } });
    expect(r.ok && { months: r.months, skipped: r.skipped }).toEqual({ months: ['2023-09', '2023-11'], skipped: ['2023-08', '2023-10', '2023-12'] });
  });

  it('a range with no meeting is one located error naming the meetings there are', async () => {
    const r = await lines(dir(), undefined);
    expect(r.ok).toBe(true);
    const none = await loadWorkspace(dir(), { month: { from: '2023-12', to: '2024-03' } });
    expect(none.ok ? [] : none.problems.map(formatProblem)).toEqual([
      'scrutiny.yaml:10:1  meetings: no entry for any month from 2023-12 to 2024-03 (the meetings are for 2023-09, 2023-11; choose a range with one, or add "2023-12": { date: YYYY-MM-DD, report_number: … } under meetings)',
    ]);
  });
});

describe('SPEC "Commands": problems counted truly, in words', () => {
  it('says "1 problem" and "2 problems"', () => {
    const p = { file: 'x', message: 'm', severity: 'error' as const };
    expect(new InputError([p]).message).toBe('1 problem with the inputs');
    expect(new InputError([p, p]).message).toBe('2 problems with the inputs');
    expect(new InputError([{ ...p, count: 311 }]).message).toBe('311 problems with the inputs');
  });

  it('keeps at most 50 lines but counts every problem, collapsing only those that ask', () => {
    const sink = new ProblemSink();
    for (let i = 1; i <= 80; i++) sink.add({ file: 'f', line: i, column: 2, message: `period: "x${i}" is not a month`, severity: 'error' }, true);
    for (let i = 1; i <= 80; i++) sink.add({ file: 'f', line: i, message: `problem ${'#'.repeat(i)}`, severity: 'error' });
    expect(sink.errorCount).toBe(160);
    expect(sink.errors()).toHaveLength(50);
    expect(sink.errors()[0]).toMatchObject({ count: 80, last: { line: 80, column: 2 } });
  });
});

describe('SPEC "Commands": an unknown key is one located line suggesting the key meant', () => {
  it('knows the keys allowed at any depth, through lists, maps, defaults and either-or shapes', async () => {
    const catalogue = readFileSync(join(minimal, 'catalogue.yaml'), 'utf8').replace(
      '    target: 80\n    rag: { tolerance: 5 }\n',
      '    target: 80\n    rag: { tolerence: 5 }\n    breakdowns: [{ id: age_band, categoris: ["0-4"] }]\n',
    );
    const config = 'extract: { unknown_indicator: error }\n';
    const r = await lines(workspace({ catalogue, config }));
    expect(r.problems.map((p) => p.replace(/^[^ ]+ {2}/, ''))).toEqual([
      'extract.unknown_indicator: unknown key (did you mean "unknown_indicators"?)',
      'indicators[0].rag.tolerence: unknown key (did you mean "tolerance"?)',
      'indicators[0].breakdowns[0].categories: is missing (add "categories:" here)',
      'indicators[0].breakdowns[0].categoris: unknown key (did you mean "categories"?)',
    ]);
  });
});
