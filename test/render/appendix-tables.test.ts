import { describe, expect, it } from 'vitest';
import { MAX_APPENDIX_ROWS, MAX_LISTED_FIGURES } from '../../src/compose/appendix.js';
import { composeExempt } from '../../src/compose/index.js';
import { createRenderer } from '../../src/render/index.js';
import type { Disclosed, SuppressionRecord } from '../../src/disclose/types.js';
import * as b from './builders.js';

/** A log of `counts[i]` rows for each of the catalogue's indicators in turn, each row a different category. */
function longLog(counts: number[]): SuppressionRecord[] {
  const indicators = b.catalogue().indicators;
  return counts.flatMap((n, i) =>
    Array.from({ length: n }, (_, c) => ({
      indicator: indicators[i % indicators.length].id,
      period: b.MONTH,
      breakdown: 'ethnicity',
      category: `group-${i}-${c}`,
      field: 'numerator' as const,
      rule: 'count from 1 to 5',
      kind: 'primary' as const,
    })),
  );
}

function exemptWith(log: SuppressionRecord[]) {
  const disclosed: Disclosed = { ...b.disclosed(), log };
  return composeExempt(b.context(), b.assessed(), disclosed, b.commentary());
}

describe('Appendix 2 of a long disclosure log (SPEC The papers: Part 2 lists what Part 1 suppressed and why)', () => {
  // Chromium's cost for one table grows faster than its rows once the table runs over hundreds of
  // pages (bench/ measures it); the appendix of a large workspace must never be one such table.
  const counts = [120, MAX_APPENDIX_ROWS + 130, 40, 300, 260, 2];
  const log = longLog(counts);
  const model = exemptWith(log);
  const tables = model.suppressions!.tables;

  it('holds every row once, in the log’s order, in tables of at most MAX_APPENDIX_ROWS rows', () => {
    expect(tables.length).toBeGreaterThan(1);
    for (const t of tables) expect(t.rows.length).toBeLessThanOrEqual(MAX_APPENDIX_ROWS);
    expect(tables.flatMap((t) => t.rows.map((r) => r.cells[1]))).toEqual(log.map((r) => `Ethnicity: ${r.category}`));
    expect(model.suppressions!.intro).toContain(`shows ${log.length} figures`);
  });

  it('splits between indicators wherever an indicator’s rows fit in one table', () => {
    const byTable = tables.map((t) => t.rows.map((r) => r.cells[1].replace(/^Ethnicity: group-(\d+)-\d+$/, '$1')));
    counts.forEach((n, i) => {
      const holding = byTable.filter((rows) => rows.includes(String(i))).length;
      expect(holding).toBe(n <= MAX_APPENDIX_ROWS ? 1 : Math.ceil(n / MAX_APPENDIX_ROWS));
    });
  });

  it('gives each table its own caption, saying which of how many it is and whose figures it starts and ends with', () => {
    const captions = tables.map((t) => t.caption);
    expect(new Set(captions).size).toBe(tables.length);
    expect(captions[0]).toMatch(new RegExp(`^Figures suppressed in Part 1, with the rule that applied, table 1 of ${tables.length}: `));
    const first = b.catalogue().indicators[0].number;
    expect(captions[0]).toBe(`Figures suppressed in Part 1, with the rule that applied, table 1 of ${tables.length}: Indicator ${first}`);
  });

  it('prints as tables of real header cells, none longer than the limit, each region named by its own caption', () => {
    const html = createRenderer().render(model);
    const appendix = html.slice(html.indexOf('<section class="appendix suppressions"'));
    const printed = [...appendix.matchAll(/<table class="data-table">([\s\S]*?)<\/table>/g)].map((m) => m[1]);
    expect(printed).toHaveLength(tables.length);
    for (const t of printed) {
      expect(t.match(/<tr><th scope="row">/g)!.length).toBeLessThanOrEqual(MAX_APPENDIX_ROWS);
      expect(t).toContain('<thead><tr><th scope="col">Indicator</th>');
    }
    const regions = [...appendix.matchAll(/role="region" tabindex="0" aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(regions).size).toBe(tables.length);
  });

  it('keeps a log that fits one table as one table under the plain caption, and prints no table for an empty log', () => {
    const short = exemptWith(longLog([3, 2])).suppressions!.tables;
    expect(short).toHaveLength(1);
    expect(short[0].caption).toBe('Figures suppressed in Part 1, with the rule that applied');
    expect(exemptWith([]).suppressions!.tables).toEqual([]);
  });
});

describe('Appendix 2 of a log too long to list (SPEC The papers: Part 2 lists what Part 1 suppressed and why)', () => {
  const indicators = b.catalogue().indicators.slice(0, 3);
  /** For each indicator, `n` figures in each of two breakdowns and two periods, every third one secondary. */
  function wideLog(n: number): SuppressionRecord[] {
    return indicators.flatMap((ind) =>
      [b.MONTH, '2023-10'].flatMap((period) =>
        ['ethnicity', 'age_band'].flatMap((breakdown) =>
          Array.from({ length: n }, (_, c) => ({
            indicator: ind.id,
            period,
            breakdown,
            category: `${breakdown}-${c}`,
            field: c % 2 === 0 ? ('numerator' as const) : ('denominator' as const),
            rule: c % 3 === 2 ? `complement protecting ${ind.id} ${period} ${breakdown} ${breakdown}-0 numerator` : 'count from 1 to 5',
            kind: c % 3 === 2 ? ('secondary' as const) : ('primary' as const),
          })),
        ),
      ),
    );
  }
  const n = Math.ceil((MAX_LISTED_FIGURES + 1) / 12);
  const log = wideLog(n);
  const model = exemptWith(log).suppressions!;

  it('counts the figures for each indicator, period and breakdown, primary and secondary apart, in the log’s order', () => {
    expect(log.length).toBeGreaterThan(MAX_LISTED_FIGURES);
    const rows = model.tables.flatMap((t) => t.rows);
    expect(rows).toHaveLength(indicators.length * 2 * 2);
    const secondary = Array.from({ length: n }, (_, c) => c).filter((c) => c % 3 === 2).length;
    expect(rows[0].header).toBe(`${indicators[0].number}: ${indicators[0].title}`);
    expect(rows[0].cells).toEqual(['November 2023', 'Ethnicity', String(n - secondary), String(secondary)]);
    expect(rows[1].cells[1]).toBe('Age band');
    expect(rows[2].cells[0]).toBe('October 2023');
    const total = rows.reduce((sum, r) => sum + Number(r.cells[2]) + Number(r.cells[3]), 0);
    expect(total).toBe(log.length);
    expect(model.tables[0].columns).toEqual(['Indicator', 'Period', 'Breakdown', 'Primary suppressions', 'Secondary suppressions']);
    expect(model.tables[0].caption).toBe('Figures suppressed in Part 1, counted for each indicator, period and breakdown');
  });

  it('says how many figures Part 1 hid, that they are counted rather than listed, and where each one is listed', () => {
    expect(model.intro).toContain(`shows ${log.length.toLocaleString('en-GB')} figures as [c], more than the ${MAX_LISTED_FIGURES.toLocaleString('en-GB')} this appendix lists one by one`);
    expect(model.intro).toContain('disclosure-log.csv');
  });

  it('prints the counts as a table of real header cells', () => {
    const html = createRenderer().render(exemptWith(log));
    const appendix = html.slice(html.indexOf('<section class="appendix suppressions"'));
    expect(appendix).toContain('<table class="data-table counted">');
    expect(appendix).toContain('<thead><tr><th scope="col">Indicator</th>');
    expect(appendix.match(/<tr><th scope="row">/g)).toHaveLength(indicators.length * 4);
    expect(appendix).not.toContain('ethnicity-0');
  });

  it('still lists every figure one by one up to the limit', () => {
    const listed = exemptWith(longLog([MAX_LISTED_FIGURES])).suppressions!;
    expect(listed.tables.flatMap((t) => t.rows)).toHaveLength(MAX_LISTED_FIGURES);
    expect(listed.tables[0].columns).toContain('Rule');
  });
});
