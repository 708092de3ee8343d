import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Catalogue, Indicator } from '../../src/types.js';
import { parseCatalogueYaml } from '../../src/load/index.js';
import { checkOutturns, OutturnChecker } from '../../src/load/outturns.js';
import { ProblemSink } from '../../src/load/problems.js';

const tmp = mkdtempSync(join(tmpdir(), 'scrutiny-realdata-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CATALOGUE_HEAD = `sections:
  - { id: s, title: S }
indicators:
`;
function entry(extra: string, unit = 'percent'): string {
  return `  - id: ind
    number: 1
    title: T
    section: s
    definition: D
    why_important: W
    unit: ${unit}
    frequency: annual
    basis: snapshot
    polarity: none
${extra}`;
}
function catalogue(extra = '', unit = 'percent', head = CATALOGUE_HEAD) {
  return parseCatalogueYaml(head + entry(extra, unit), 'catalogue.yaml');
}
const messages = (r: { problems: { line?: number; message: string; hint?: string }[] }) => r.problems.map((p) => `${p.line}: ${p.message}${p.hint ? ` (${p.hint})` : ''}`);

/** The extract's row checks alone, as `validate` streams them. */
async function validateOutturnsFile(file: string, catalogue: Catalogue, displayPath: string) {
  const sink = new ProblemSink();
  const checker = new OutturnChecker(catalogue, displayPath, sink, false);
  await checkOutturns(createReadStream(file), checker, displayPath, sink);
  return { problems: [...sink.errors(), ...sink.warnings()] };
}

let n = 0;
async function check(ind: Indicator, header: string, rows: string[]) {
  const file = join(tmp, `outturns-${n++}.csv`);
  writeFileSync(file, [header, ...rows].join('\n'));
  const cat: Catalogue = { sections: [{ id: 's', title: 'S' }], indicators: [ind] };
  const { problems } = await validateOutturnsFile(file, cat, 'outturns.csv');
  return problems.map((p) => `${p.line}:${p.column} ${p.withFigures ?? p.message}`);
}
const HEADER = 'indicator,period,numerator,denominator,value,breakdown,category,note';
function ind(extra: string, unit = 'percent'): Indicator {
  const r = catalogue(extra, unit);
  expect(messages(r)).toEqual([]);
  return r.catalogue!.indicators[0];
}

describe('SPEC Second round › Reference periods and frequencies (catalogue)', () => {
  it('defaults current_for by frequency and takes an override', () => {
    expect(ind('').current_for).toBe(15);
    expect(ind('    current_for: 6\n').current_for).toBe(6);
  });
  it('year_start per indicator, or under defaults:, else April', () => {
    expect(ind('').year_start).toBe(4);
    expect(ind('    year_start: 1\n').year_start).toBe(1);
    const withDefaults = catalogue('', 'percent', `defaults: { year_start: 9 }\n${CATALOGUE_HEAD}`);
    expect(withDefaults.catalogue!.indicators[0].year_start).toBe(9);
    expect(messages(catalogue('    year_start: 13\n'))).toEqual(['14: indicators[0].year_start: 13 must be at most 12']);
  });
  it('a calendar-year year_to_date count restarting in January is not "went down" (SPEC › year_start)', async () => {
    const ytd = { ...ind('    year_start: 1\n', 'count'), frequency: 'monthly' as const, basis: 'year_to_date' as const };
    const rows = ['ind,2024-11,40,,,,,', 'ind,2024-12,44,,,,,', 'ind,2025-01,3,,,,,', 'ind,2025-02,7,,,,,'];
    expect(await check(ytd, HEADER, rows)).toEqual([]);
    const april = { ...ytd, year_start: 4 };
    expect(await check(april, HEADER, rows)).toEqual(['4:3 ind 2025-01: the year-to-date figure went down from December 2024 (line 3)']);
  });
});

describe('SPEC Second round › Rates, populations, non-integer figures, published values (catalogue)', () => {
  it('unit: rate takes rate_per; rate_per_10000 stays a synonym', () => {
    expect(ind('    rate_per: 100000\n    population: { value: 30000 }\n', 'rate')).toMatchObject({ unit: 'rate', rate_per: 100000 });
    expect(ind('    population: { value: 30000, label: ONS }\n', 'rate_per_10000')).toMatchObject({ unit: 'rate', rate_per: 10000 });
    expect(messages(catalogue('', 'rate'))).toEqual(['10: indicators[0].unit: a rate needs its base (add rate_per: 10000 (or 100000, 1000))']);
  });
  it('never suggests rate_per_10000 for a rate on another base', () => {
    const got = messages(catalogue('', 'rate_per_100000'));
    expect(got).toEqual(['10: indicators[0].unit: "rate_per_100000" is not a unit (write unit: rate with rate_per: 100000)']);
    expect(got.join()).not.toContain('did you mean');
    expect(messages(catalogue('    rate_per: 1000\n', 'rate_per_10000'))).toEqual(['14: indicators[0].rate_per: 1000 contradicts unit rate_per_10000 (write unit: rate with rate_per: 1000)']);
  });
  it('population as a list of { period, value }, oldest first', () => {
    const rate = ind('    rate_per: 10000\n    population:\n      - { period: 2021-03, value: 73175, label: ONS mid-2020 }\n      - { period: 2022-03, value: 73457, label: ONS mid-2021 }\n', 'rate');
    expect(rate.population).toEqual({ label: 'ONS mid-2021', values: [{ period: '2021-03', value: 73175 }, { period: '2022-03', value: 73457 }] });
    const backwards = catalogue('    rate_per: 10000\n    population:\n      - { period: 2022-03, value: 1 }\n      - { period: 2021-03, value: 2 }\n', 'rate');
    expect(messages(backwards)).toEqual(['17: indicators[0].population[1].period: 2021-03 is not after 2022-03 (list the populations oldest first, one per period)']);
  });
  it('checks a given rate against its own period’s population and base', async () => {
    const rate = ind('    rate_per: 10000\n    population:\n      - { period: 2021-03, value: 73175 }\n      - { period: 2022-03, value: 73457 }\n', 'rate');
    // GOV.UK: 345 children at 31 March 2024 over 73,457 is 47 per 10,000 (46.97); over 73,175 it would be 47.1.
    expect(await check(rate, HEADER, ['ind,2024-03,345,,47.0,,,'])).toEqual([]);
    expect(await check(rate, HEADER, ['ind,2021-03,345,,47.0,,,'])).toEqual(['2:5 value: 47 disagrees with 345 / 73175 × 10,000 = 47.1']);
  });
  it('an optional population column gives a row its own population', async () => {
    const rate = { ...ind('    rate_per: 100000\n    population: { value: 1000 }\n', 'rate') };
    expect(await check(rate, `${HEADER},population`, ['ind,2024-03,12,,40.0,,,,30000'])).toEqual([]);
    expect(await check(rate, `${HEADER},population`, ['ind,2024-03,12,,40.0,,,,'])).toEqual(['2:5 value: 40 disagrees with 12 / 1000 × 100,000 = 1200.0']);
  });
  it('counts: fte allows non-integer figures, and disclosure is off unless configured', async () => {
    const fte = ind('    counts: fte\n');
    expect(fte.disclosure).toEqual({ suppress: false });
    expect(ind('    counts: fte\n    disclosure: { suppress: true }\n').disclosure).toEqual({ suppress: true });
    expect(await check(fte, HEADER, ['ind,2024-09,51.1,312.4,,,,'])).toEqual([]);
    expect(await check(ind(''), HEADER, ['ind,2024-09,51.1,312.4,,,,'])).toEqual(['2:3 numerator: 51.1 is not a whole number', '2:4 denominator: 312.4 is not a whole number']);
  });
  it('source_published accepts a value-only percentage, names its source, and is not recomputed by disclosure', async () => {
    const published = ind('    source_published: true\n    source: DfE, Children’s social work workforce\n');
    expect(published.disclosure).toEqual({ suppress: false });
    expect(await check(published, HEADER, ['ind,2024-09,,,18.9,,,'])).toEqual([]);
    expect(await check(ind(''), HEADER, ['ind,2024-09,,,18.9,,,'])).toEqual(['2:3 numerator: missing for percent indicator ind']);
    expect(messages(catalogue('    source_published: true\n'))).toEqual([expect.stringMatching(/^14: indicators\[0\]\.source_published: names no source/)]);
  });
});

describe('SPEC Second round › Source symbols (extract)', () => {
  it('accepts c, x, z, u and low, bracketed or not, in numerator, denominator and value', async () => {
    const pct = ind('');
    const rows = ['ind,2021-03,c,40,c,,,', 'ind,2022-03,[x],[x],[x],,,', 'ind,2023-03,z,z,,,,', 'ind,2024-03,12,u,,,,', 'ind,2025-03,low,40,[LOW],,,'];
    expect(await check(pct, HEADER, rows)).toEqual([]);
    expect(await check(pct, HEADER, ['ind,2021-03,q,40,,,,'])).toEqual(['2:3 numerator: "q" is not a number']);
  });
  it('keeps the symbol on the row for the papers', async () => {
    const file = join(tmp, 'symbols.csv');
    writeFileSync(file, [HEADER, 'ind,2024-03,[c],40,c,,,'].join('\n'));
    const checker = new OutturnChecker({ sections: [{ id: 's', title: 'S' }], indicators: [ind('')] }, 'outturns.csv', new ProblemSink(), true);
    await checkOutturns(createReadStream(file), checker, 'outturns.csv', new ProblemSink());
    expect(checker.rows).toEqual([expect.objectContaining({ numerator: null, denominator: 40, value: null, symbols: { numerator: 'c', value: 'c' } })]);
  });
  it('a withheld category leaves the breakdown total unchecked rather than wrong', async () => {
    const pct = { ...ind(''), breakdowns: ['age_band'] };
    const rows = ['ind,2024-03,10,40,,,,', 'ind,2024-03,c,10,,age_band,0-9,', 'ind,2024-03,7,30,,age_band,10-17,'];
    expect(await check(pct, HEADER, rows)).toEqual([]);
  });
});

describe('SPEC "RAG and direction of travel": the amber rule is checked once, where the catalogue is read', () => {
  it('the catalogue refuses a floor equal to the target, and assess/rag.ts no longer checks or names a file', () => {
    const lower = catalogue('', 'percent').catalogue;
    expect(lower).toBeDefined();
    const refused = parseCatalogueYaml(
      CATALOGUE_HEAD + entry('', 'percent').replace('polarity: none', 'polarity: lower_is_better\n    target: 10\n    rag: { floor: 10 }'),
      'catalogue.yaml',
    );
    expect(messages(refused)).toEqual([expect.stringContaining('rag.floor: 10 must be above the target 10 when lower is better')]);
    const rag = readFileSync(join(import.meta.dirname, '..', '..', 'src', 'assess', 'rag.ts'), 'utf8');
    expect(rag).not.toContain('catalogue.yaml');
    expect(rag).not.toContain('ragRuleProblems');
  });
});
