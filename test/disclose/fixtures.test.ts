/**
 * The fixtures under fixtures/disclosure/ read with a minimal test-only reader (the real loader
 * lives in src/load) and disclosed, so each README line is checked before the end-to-end tests exist.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { disclose } from '../../src/disclose/index.js';
import { InputError } from '../../src/errors.js';
import type { Indicator, LedgerRow } from '../../src/types.js';
import { assess, unratedCount, workspaceFromRows, type Row } from './builder.js';

const M = '2023-11';

function read(name: string) {
  const dir = join(import.meta.dirname, '../../fixtures/disclosure', name);
  const cat = parseYaml(readFileSync(join(dir, 'catalogue.yaml'), 'utf8')) as { indicators: (Partial<Indicator> & { id: string })[] };
  const num = (s: string) => (s === '' ? null : Number(s));
  const rows = (parseCsv(readFileSync(join(dir, 'outturns.csv'), 'utf8'), { columns: true }) as Record<string, string>[]).map(
    (r) => [r.indicator, r.period, num(r.numerator), num(r.denominator), num(r.value), r.breakdown || undefined, r.category || undefined] as Row,
  );
  const ledgers: Record<string, LedgerRow[]> = {};
  const pub = join(dir, 'published');
  if (existsSync(pub)) {
    for (const f of readdirSync(pub)) ledgers[f.replace('.csv', '')] = parseCsv(readFileSync(join(pub, f), 'utf8'), { columns: true }) as LedgerRow[];
  }
  const ws = workspaceFromRows({ indicators: cat.indicators.map((i) => unratedCount({ ...i, benchmarks: [], breakdowns: i.breakdowns ?? [] })), rows, ledgers });
  return () => disclose(ws, assess(ws, M));
}

const shownOf = (figures: LedgerRow[], ind: string, period: string, field: string, category = '') =>
  figures.find((f) => f.indicator === ind && f.period === period && f.field === field && f.category === category)?.shown;

describe('fixtures/disclosure', () => {
  // Two 1s with Black as their only complement would not survive a reader replaying the tool
  // (SPEC Second round › Channels), so White goes too; the zero stays shown.
  it('breakdown-total-leak', async () => {
    const d = await read('breakdown-total-leak')();
    expect(['0-4', '5-9', '10-15', '16-17'].map((c) => shownOf(d.figures, 'cin-count', M, 'value', c))).toEqual(['12', '9', '[c]', '[c]']);
    expect(['White', 'Mixed', 'Asian', 'Black', 'Other'].map((c) => shownOf(d.figures, 'cla-ethnicity', M, 'value', c))).toEqual(['[c]', '[c]', '[c]', '[c]', '0']);
  });

  it('percent-complement', async () => {
    const d = await read('percent-complement')();
    expect(['value', 'numerator', 'denominator'].map((f) => shownOf(d.figures, 'health-checks', M, f))).toEqual(['[c]', '[c]', '20']);
    expect(['value', 'numerator', 'denominator'].map((f) => shownOf(d.figures, 'dental-checks', M, f))).toEqual(['[c]', '[c]', '23']);
    expect(d.public.assessments.map((a) => a.rag)).toEqual(['suppressed', 'suppressed']);
    expect(d.public.anyHeadlineSuppressed).toBe(true);
  });

  it('ytd-cross-report', async () => {
    const d = await read('ytd-cross-report')();
    expect(shownOf(d.figures, 'fte-ytd', '2023-09', 'value')).toBe('[c]');
    expect(shownOf(d.figures, 'fte-ytd', M, 'value')).toBe('60');
  });

  it('ledger-pinned fails naming the figure', async () => {
    const err = await read('ledger-pinned')().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems[0].message).toContain('cin-count 2023-10 age_band 10-17 value');
  });
});
