import { createReadStream, readFileSync, writeFileSync, mkdirSync, cpSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCLOSURE, DEFAULT_PATHS } from '../../src/defaults.js';
import type { Catalogue, Indicator, LedgerRow } from '../../src/types.js';
import { ragFor } from '../../src/assess/rag.js';
import { loadWorkspace, parseCatalogueYaml, parseCommentaryYaml, parseConfigYaml, parseLedgerCsv } from '../../src/load/index.js';
import { checkOutturns, OutturnChecker } from '../../src/load/outturns.js';
import { ProblemSink } from '../../src/load/problems.js';
import { figuresCsv } from '../../src/write/csv.js';
import { closest } from '../../src/load/suggest.js';
import { tempDir } from '../helpers/temp.js';
import { formatProblem } from '../../src/errors.js';

const minimal = join(import.meta.dirname, '..', '..', 'fixtures', 'minimal');
const tmp = tempDir('scrutiny-load-');

function indicator(over: Partial<Indicator>): Indicator {
  return {
    id: 'ind', number: 1, title: 't', section: 's', definition: 'd', why_important: 'w', unit: 'percent', decimals: 1,
    frequency: 'monthly', basis: 'snapshot', polarity: 'higher_is_better', target: 70, rag: { tolerance: 5 },
    benchmarks: [], breakdowns: [], disclosure: { suppress: true },
    current_for: 1, year_start: 4, counts: 'people', source_published: false, exceptions: 'new', ...over,
  };
}

let n = 0;
async function check(ind: Indicator, rows: string[]) {
  const file = join(tmp, `outturns-${n++}.csv`);
  writeFileSync(file, ['indicator,period,numerator,denominator,value,breakdown,category,note', ...rows].join('\n'));
  const catalogue: Catalogue = { sections: [{ id: 's', title: 'S' }], indicators: [ind] };
  const { problems, rows: count } = await checkFile(file, catalogue);
  // SPEC Second round › Channels: off a terminal a problem names the location and the rule, never
  // the figures; the message with figures is for a terminal or --show-figures.
  for (const p of problems) expect(formatProblem(p), 'no figure off a terminal').not.toMatch(/\d+ (of|\/|is more)|: -?\d[\d.]* |"[\d,.]+"|up to \d/);
  return { messages: problems.map((p) => `${p.line}:${p.column} ${p.withFigures ?? p.message}`), figureFree: problems.map((p) => formatProblem(p)), count };
}

/** The extract checked on its own, as `validate` streams it. */
async function checkFile(file: string, catalogue: Catalogue) {
  const sink = new ProblemSink();
  const checker = new OutturnChecker(catalogue, 'outturns.csv', sink, false);
  await checkOutturns(createReadStream(file), checker, 'outturns.csv', sink);
  return { problems: [...sink.errors(), ...sink.warnings()], rows: checker.rowCount, sink };
}

describe('outturn rows', () => {
  it('compares a given percentage at its shown precision', async () => {
    // 6796 / 10000 = 67.96%, shown as 68.0: a value of 68 agrees, 67.9 does not.
    expect((await check(indicator({}), ['ind,2023-11,6796,10000,68,,,'])).messages).toEqual([]);
    expect((await check(indicator({}), ['ind,2023-11,6796,10000,67.9,,,'])).messages).toEqual(['2:5 value: 67.9 disagrees with 6796 / 10000 = 68.0%']);
  });

  it('checks a rate against the population at shown precision', async () => {
    const rate = indicator({ unit: 'rate', rate_per: 10000, population: { label: '0–17', values: [{ period: null, value: 61230 }] } });
    // 300 / 61230 × 10000 = 48.995…, shown as 49.0
    expect((await check(rate, ['ind,2023-11,300,,49,,,'])).messages).toEqual([]);
    expect((await check(rate, ['ind,2023-11,300,,48.9,,,'])).messages).toEqual(['2:5 value: 48.9 disagrees with 300 / 61230 × 10,000 = 49.0']);
  });

  it('needs a value for days and ratio, and a numerator for every unit', async () => {
    expect((await check(indicator({ unit: 'days', decimals: 0 }), ['ind,2023-11,12,,,,,'])).messages).toEqual(['2:5 value: missing for days indicator ind']);
    expect((await check(indicator({ unit: 'ratio', decimals: 2 }), ['ind,2023-11,,,1.5,,,'])).messages).toEqual(['2:3 numerator: missing for ratio indicator ind']);
  });

  it('takes quarterly outturns only at quarter ends, annual ones in any month', async () => {
    expect((await check(indicator({ frequency: 'quarterly' }), ['ind,2023-12,1,2,,,,', 'ind,2023-11,1,2,,,,'])).messages).toEqual([
      '3:2 period: 2023-11 is not a quarter end for quarterly indicator ind',
    ]);
    expect((await check(indicator({ frequency: 'annual' }), ['ind,2023-08,1,2,,,,'])).messages).toEqual([]);
  });

  it('adds up every breakdown to the headline numerator and denominator', async () => {
    const ind = indicator({ breakdowns: ['age_band', 'sex'] });
    const rows = ['ind,2023-11,62,91,,,,', 'ind,2023-11,20,30,,age_band,10-12,', 'ind,2023-11,42,61,,age_band,13-15,', 'ind,2023-11,30,45,,sex,f,', 'ind,2023-11,32,47,,sex,m,'];
    const res = await check(ind, rows);
    expect(res.messages).toEqual(['2:4 ind 2023-11: the sex categories add up to 62 of 92, but the headline is 62 of 91']);
    expect(res.figureFree).toEqual(['outturns.csv:2:4  ind 2023-11: the sex categories do not add up to the headline denominator (correct the categories or the headline so that they agree)']);
    expect((await check(ind, rows.slice(1, 3))).messages).toEqual(['2:6 ind 2023-11: age_band rows but no headline row']);
  });

  it('names the first line of a duplicate breakdown category', async () => {
    const ind = indicator({ breakdowns: ['age_band'] });
    expect((await check(ind, ['ind,2023-11,2,3,,,,', 'ind,2023-11,2,3,,age_band,a,', 'ind,2023-11,2,3,,age_band,a,'])).messages).toContain('4:1 ind 2023-11 age_band a: duplicate of line 3');
  });

  it('warns when a year-to-date figure falls within a financial year, not across 1 April', async () => {
    const ytd = indicator({ unit: 'count', decimals: 0, basis: 'year_to_date' });
    const res = await check(ytd, ['ind,2023-05,9,,,,,', 'ind,2023-03,40,,,,,', 'ind,2023-04,5,,,,,', 'ind,2023-06,8,,,,,']);
    expect(res.messages).toEqual(['5:3 ind 2023-06: the year-to-date figure went down from May 2023 (line 2)']);
  });

  it('tolerates Excel trailing empty columns and rows of commas', async () => {
    const file = join(tmp, 'excel.csv');
    writeFileSync(file, 'indicator,period,numerator,denominator,value,breakdown,category,note,,\r\nind,2023-11,1,2,,,,,,\r\n,,,,,,,,,\r\n');
    const res = await checkFile(file, { sections: [], indicators: [indicator({})] });
    expect({ problems: res.problems, rows: res.rows }).toEqual({ problems: [], rows: 1 });
  });

  it('caps the lines at 50 and counts the rest truly, with no made-up entry (SPEC Second round › Extracts and spreadsheets)', async () => {
    // 120 indicators, each missing its denominator: 120 kinds (the id differs), so 50 lines and a true count.
    const letter = (k: number) => String.fromCharCode(97 + k);
    const inds = Array.from({ length: 120 }, (_, i) => indicator({ id: `ind-${letter(Math.floor(i / 26))}${letter(i % 26)}`, number: i + 1 }));
    const file = join(tmp, `outturns-${n++}.csv`);
    writeFileSync(file, ['indicator,period,numerator,denominator,value,breakdown,category,note', ...inds.map((i) => `${i.id},2023-11,1,,,,,`)].join('\n'));
    const res = await checkFile(file, { sections: [{ id: 's', title: 'S' }], indicators: inds });
    expect(res.rows).toBe(120);
    expect(res.problems).toHaveLength(50);
    expect(res.problems.every((p) => p.file === 'outturns.csv' && p.line !== undefined)).toBe(true);
    expect(res.sink.errorCount).toBe(120);
  });
});

describe('scrutiny.yaml', () => {
  const base = readFileSync(join(minimal, 'scrutiny.yaml'), 'utf8');

  it('merges disclosure and paths over the defaults', () => {
    const { config, problems } = parseConfigYaml(`${base}disclosure: { threshold: 9, symbols: { suppressed: "*" } }\npaths: { outturns: data/extract.csv }\n`, 'scrutiny.yaml');
    expect(problems).toEqual([]);
    expect(config!.disclosure).toEqual({ ...DEFAULT_DISCLOSURE, threshold: 9, symbols: { ...DEFAULT_DISCLOSURE.symbols, suppressed: '*' } });
    expect(config!.paths).toEqual({ ...DEFAULT_PATHS, outturns: 'data/extract.csv' });
    expect(config!.exempt_paragraphs).toEqual([1, 2]);
    expect(config!.sections).toEqual({});
  });

  it('still gives the paths when the rest is wrong, so the other files are checked too', () => {
    const { config, paths, problems } = parseConfigYaml('authority: x\npaths: { catalogue: c.yaml }\n', 'scrutiny.yaml');
    expect(config).toBeUndefined();
    expect(paths.catalogue).toBe('c.yaml');
    expect(problems.length).toBeGreaterThan(1);
  });
});

describe('catalogue.yaml', () => {
  const base = readFileSync(join(minimal, 'catalogue.yaml'), 'utf8');

  it('fills in the defaults', () => {
    const { catalogue } = parseCatalogueYaml(base, 'catalogue.yaml');
    const [percent, count] = catalogue!.indicators;
    expect(percent).toMatchObject({ decimals: 1, breakdowns: [], benchmarks: [], disclosure: { suppress: true } });
    expect(count.decimals).toBe(0);
    expect('owner' in percent).toBe(false);
  });

  it('reads cohort: a name for the figure the indicator counts, or one per count (SPEC Second round › Channels)', () => {
    const named = parseCatalogueYaml(base.replace('    rag: { tolerance: 5 }\n', '    rag: { tolerance: 5 }\n    cohort: leavers\n'), 'catalogue.yaml');
    expect(named.problems).toEqual([]);
    expect(named.catalogue!.indicators[0].cohort).toEqual({ denominator: 'leavers' });
    const both = parseCatalogueYaml(base.replace('    rag: { tolerance: 5 }\n', '    rag: { tolerance: 5 }\n    cohort: { numerator: in-eet, denominator: leavers }\n'), 'catalogue.yaml');
    expect(both.catalogue!.indicators[0].cohort).toEqual({ numerator: 'in-eet', denominator: 'leavers' });
    const wrong = parseCatalogueYaml(base.replace('    rag: { tolerance: 5 }\n', '    rag: { tolerance: 5 }\n    cohort: { value: leavers }\n'), 'catalogue.yaml');
    expect(wrong.problems.map((p) => p.message)).toEqual(['indicators[0].cohort.value: a percent indicator has no value that counts people']);
  });

  it('accepts a floor below the target when higher is better', () => {
    const { problems } = parseCatalogueYaml(base.replace('rag: { tolerance: 5 }', 'rag: { floor: 70 }'), 'catalogue.yaml');
    expect(problems).toEqual([]);
    const wrong = parseCatalogueYaml(base.replace('rag: { tolerance: 5 }', 'rag: { floor: 90 }'), 'catalogue.yaml');
    expect(wrong.problems.map((p) => p.message)).toEqual(['indicators[0].rag.floor: 90 must be below the target 80 when higher is better']);
  });

  it('accepts a target with no amber rule (SPEC: Green/Red only), which assess then rates without Amber', () => {
    const { catalogue, problems } = parseCatalogueYaml(base.replace('    rag: { tolerance: 5 }\n', ''), 'catalogue.yaml');
    expect(problems).toEqual([]);
    const ind = catalogue!.indicators[0];
    expect(ind.rag).toBeUndefined();
    expect([ragFor(ind, 80), ragFor(ind, 79.9)]).toEqual(['green', 'red']);
  });
});

describe('commentary', () => {
  it('treats an emptied entry as no text, and warns of ids not in the catalogue, leaving them out (SPEC Second round › Extracts and spreadsheets)', () => {
    const text = 'month: 2023-11\nindicators:\n  alpha:\n  beta: { public: Hello }\nby_exception:\n  - { indicator: gama }\n';
    expect(parseCommentaryYaml(text, 'commentary/2023-11.yaml').commentary).toEqual({
      month: '2023-11', indicators: { alpha: {}, beta: { public: 'Hello' } }, by_exception: [{ indicator: 'gama' }],
    });
    const { problems, commentary } = parseCommentaryYaml(text, 'commentary/2023-11.yaml', ['alpha', 'beta', 'gamma']);
    expect(problems.map((p) => `${p.severity} ${p.line}:${p.column} ${p.message} (${p.hint})`)).toEqual([
      'warning 6:18 by_exception[0].indicator: "gama" is not in the catalogue: this commentary is not printed (did you mean "gamma"?)',
    ]);
    expect(commentary).toEqual({ month: '2023-11', indicators: { alpha: {}, beta: { public: 'Hello' } }, by_exception: [] });
  });
});

describe('ledger CSV', () => {
  const row = fc.record({
    indicator: fc.stringMatching(/^[a-z0-9-]{1,12}$/),
    period: fc.constantFrom('2023-10', '2024-01'),
    breakdown: fc.constant(''),
    category: fc.constant(''),
    field: fc.constantFrom('value' as const, 'numerator' as const, 'denominator' as const),
    shown: fc.string({ minLength: 1 }).filter((s) => s.trim() === s && s !== '' && !s.includes('\r')),
  });

  it('round-trips through serialise and parse, quoting commas, quotes and newlines', () => {
    fc.assert(
      fc.property(fc.uniqueArray(row, { selector: (r) => `${r.indicator} ${r.period} ${r.field}` }), (rows: LedgerRow[]) => {
        const text = figuresCsv(rows);
        expect(parse(text, { relax_column_count: false })[0]).toEqual(['indicator', 'period', 'breakdown', 'category', 'field', 'shown']);
        const back = parseLedgerCsv(text, 'published/2023-10.csv');
        expect(back.problems).toEqual([]);
        expect(back.rows).toEqual(rows);
      }),
    );
  });

  it('wants the month in the file name', () => {
    const { problems } = parseLedgerCsv('indicator,period,breakdown,category,field,shown\n', 'published/october.csv');
    expect(problems.map((p) => p.message)).toEqual(['october.csv: a ledger\'s file name is its month']);
  });
});

describe('loadWorkspace', () => {
  it('records the sha256 of every file read and finds a templates folder', async () => {
    const dir = join(tmp, 'ws');
    cpSync(minimal, dir, { recursive: true });
    mkdirSync(join(dir, 'templates'));
    mkdirSync(join(dir, 'published'));
    writeFileSync(join(dir, 'published', '2023-10.csv'), 'indicator,period,breakdown,category,field,shown\nsa-45-days,2023-10,,,value,78.7\n');
    const result = await loadWorkspace(dir, { month: '2023-11' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ws = result.workspace;
    expect(ws.templatesDir).toBe(join(dir, 'templates'));
    expect(ws.inputs.map((i) => i.path)).toEqual(['catalogue.yaml', 'outturns.csv', 'published/2023-10.csv', 'scrutiny.yaml']);
    const sha = createHash('sha256').update(readFileSync(join(dir, 'outturns.csv'))).digest('hex');
    expect(ws.inputs.find((i) => i.path === 'outturns.csv')!.sha256).toBe(sha);
    expect(ws.ledgers.get('2023-10')).toEqual([{ indicator: 'sa-45-days', period: '2023-10', breakdown: '', category: '', field: 'value', shown: '78.7' }]);
    expect(ws.outturns[0]).toEqual({ indicator: 'sa-45-days', period: '2022-11', numerator: 172, denominator: 200, value: null, breakdown: null, category: null, note: null, line: 2 });
  });

  it('wants a meeting for the month', async () => {
    const result = await loadWorkspace(minimal, { month: '2023-12' });
    expect(result.ok ? [] : result.problems.map((p) => p.message)).toEqual(['meetings: no entry for 2023-12']);
  });
});

describe('did you mean', () => {
  it('suggests near names and nothing for far ones', () => {
    expect(closest('percnt', ['percent', 'count'])).toBe('percent');
    expect(closest('Catalog', ['catalogue', 'outturns'])).toBe('catalogue');
    expect(closest('colour', ['id', 'number', 'owner'])).toBeUndefined();
  });
});
