import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { readExtract, type ExtractRow } from '../helpers/extract.js';

// A structural check of the bundled sample, independent of the real loader
// (tested in test/load), so a broken sample is caught even while load changes.

type Row = ExtractRow;

interface CatalogueIndicator {
  id: string;
  number: number;
  section: string;
  unit: string;
  frequency: string;
  basis: string;
  polarity: string;
  breakdowns?: string[];
}

function readWorkspace(dir: string) {
  const at = (name: string) => fileURLToPath(new URL(`../../${dir}/${name}`, import.meta.url));
  const config = parseYaml(readFileSync(at('scrutiny.yaml'), 'utf8')) as { meetings: Record<string, unknown> };
  const catalogue = parseYaml(readFileSync(at('catalogue.yaml'), 'utf8')) as {
    sections: { id: string }[];
    indicators: CatalogueIndicator[];
  };
  const rows = readExtract(at('outturns.csv'));
  return { at, config, catalogue, rows };
}

const headline = (rows: Row[], id: string, period: string) =>
  rows.find((r) => r.indicator === id && r.period === period && r.breakdown === '');

describe.each(['data', 'fixtures/minimal'])('workspace %s', (dir) => {
  const { config, catalogue, rows } = readWorkspace(dir);
  const byId = new Map(catalogue.indicators.map((i) => [i.id, i]));

  it('has a meeting for November 2023', () => {
    expect(config.meetings['2023-11']).toBeDefined();
  });

  it('uses well-formed, unique ids and numbers, each in a declared section', () => {
    const sections = new Set(catalogue.sections.map((s) => s.id));
    for (const ind of catalogue.indicators) {
      expect(ind.id).toMatch(/^[a-z0-9-]+$/);
      expect(sections.has(ind.section)).toBe(true);
    }
    expect(byId.size).toBe(catalogue.indicators.length);
    const numbers = catalogue.indicators.map((i) => i.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('has outturns only for catalogued indicators, in the shape their unit needs', () => {
    for (const r of rows) {
      const ind = byId.get(r.indicator);
      expect(ind, `${r.indicator} is not in the catalogue`).toBeDefined();
      expect(r.period).toMatch(/^\d{4}-(0[1-9]|1[0-2])$/);
      expect(r.numerator).toMatch(/^\d+$/);
      if (ind!.unit === 'percent') {
        expect(r.denominator).toMatch(/^\d+$/);
        expect(Number(r.numerator)).toBeLessThanOrEqual(Number(r.denominator));
      } else {
        expect(r.denominator).toBe('');
      }
      expect(r.value === '').toBe(!['days', 'ratio'].includes(ind!.unit));
    }
  });

  it('has one row per indicator, period, breakdown and category', () => {
    const keys = rows.map((r) => [r.indicator, r.period, r.breakdown, r.category].join('|'));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has breakdowns that add up exactly to their headline', () => {
    const groups = new Map<string, Row[]>();
    for (const r of rows.filter((r) => r.breakdown !== '')) {
      expect(byId.get(r.indicator)!.breakdowns ?? []).toContain(r.breakdown);
      const key = [r.indicator, r.period, r.breakdown].join('|');
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const group of groups.values()) {
      const { indicator, period } = group[0]!;
      const total = headline(rows, indicator, period)!;
      const sum = (field: 'numerator' | 'denominator') => group.reduce((s, r) => s + Number(r[field]), 0);
      expect(sum('numerator')).toBe(Number(total.numerator));
      if (total.denominator !== '') expect(sum('denominator')).toBe(Number(total.denominator));
    }
  });

  it('carries year-to-date figures that only grow within a financial year', () => {
    for (const ind of catalogue.indicators.filter((i) => i.basis === 'year_to_date')) {
      const series = rows
        .filter((r) => r.indicator === ind.id && r.breakdown === '')
        .sort((a, b) => a.period.localeCompare(b.period));
      for (let i = 1; i < series.length; i++) {
        if (series[i]!.period.endsWith('-04')) continue;
        for (const field of ['numerator', 'denominator'] as const) {
          expect(Number(series[i]![field])).toBeGreaterThanOrEqual(Number(series[i - 1]![field]));
        }
      }
    }
  });
});

describe('the bundled sample', () => {
  const { at, catalogue, rows } = readWorkspace('data');
  const byId = new Map(catalogue.indicators.map((i) => [i.id, i]));

  it('reports indicator 20 as in the seed paper: 62 of 91 in November, 63 of 91 in October', () => {
    const ind = catalogue.indicators.find((i) => i.number === 20)!;
    expect(ind.id).toBe('cla-stability-long-term');
    expect(headline(rows, ind.id, '2023-11')).toMatchObject({ numerator: '62', denominator: '91' });
    expect(headline(rows, ind.id, '2023-10')).toMatchObject({ numerator: '63', denominator: '91' });
    const small = rows.filter((r) => r.indicator === ind.id && r.period === '2023-11' && r.breakdown === 'age_band');
    expect(small.some((r) => Number(r.denominator) <= 5)).toBe(true);
  });

  it('uses every unit, polarity, frequency and basis', () => {
    const values = (key: keyof CatalogueIndicator) => new Set(catalogue.indicators.map((i) => i[key]));
    expect(values('unit')).toEqual(new Set(['percent', 'count', 'rate_per_10000', 'days', 'ratio']));
    expect(values('polarity')).toEqual(new Set(['higher_is_better', 'lower_is_better', 'within_range', 'none']));
    expect(values('frequency')).toEqual(new Set(['monthly', 'quarterly', 'annual']));
    expect(values('basis')).toEqual(new Set(['snapshot', 'year_to_date', 'rolling_12_months']));
  });

  it('gives quarterly and annual indicators rows only at their period ends', () => {
    for (const r of rows) {
      const { frequency } = byId.get(r.indicator)!;
      if (frequency === 'quarterly') expect(r.period).toMatch(/-(03|06|09|12)$/);
      if (frequency === 'annual') expect(r.period).toMatch(/-03$/);
    }
  });

  it('leaves one monthly indicator without a November 2023 outturn', () => {
    const missing = catalogue.indicators.filter(
      (i) => i.frequency === 'monthly' && headline(rows, i.id, '2023-11') === undefined,
    );
    expect(missing.map((i) => i.id)).toEqual(['cin-visits-timely']);
  });

  it('has commentary for November 2023 only on catalogued indicators', () => {
    const commentary = parseYaml(readFileSync(at('commentary/2023-11.yaml'), 'utf8')) as {
      month: string;
      indicators: Record<string, unknown>;
      by_exception: { indicator: string }[];
    };
    expect(commentary.month).toBe('2023-11');
    for (const id of [...Object.keys(commentary.indicators), ...commentary.by_exception.map((e) => e.indicator)]) {
      expect(byId.has(id), id).toBe(true);
    }
    expect(commentary.indicators['cla-stability-long-term']).toBeDefined();
  });
});
