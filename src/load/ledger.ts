import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { isMonth } from '../format.js';
import type { LedgerField, LedgerRow, Problem } from '../types.js';
import { csvErrorProblem, LineTracker } from './csv.js';
import { didYouMean } from './suggest.js';

export const LEDGER_COLUMNS = ['indicator', 'period', 'breakdown', 'category', 'field', 'shown'] as const;
const FIELDS: readonly LedgerField[] = ['value', 'numerator', 'denominator'];

/** published/YYYY-MM.csv → ledger rows (with the line each is on); every problem located. */
export function parseLedgerCsv(text: string, displayPath: string): { rows: LedgerRow[]; lines: number[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const file = displayPath;
  const err = (line: number, column: number, message: string, hint?: string) =>
    problems.push({ file, line, column, message, ...(hint ? { hint } : {}), severity: 'error' });

  if (!/^\d{4}-\d{2}\.csv$/.test(basename(displayPath)) || !isMonth(basename(displayPath, '.csv'))) {
    problems.push({ file, message: `${basename(displayPath)}: a ledger's file name is its month`, hint: 'name it YYYY-MM.csv (e.g. 2023-10.csv)', severity: 'error' });
  }
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (e) => {
        if (e) problems.push(csvErrorProblem(e, file));
        return undefined;
      },
    }) as unknown as typeof records;
  } catch (e) {
    problems.push(csvErrorProblem(e as Error, file));
    return { rows: [], lines: [], problems };
  }
  if (records.length === 0) {
    err(1, 1, 'the file is empty', `start it with the header ${LEDGER_COLUMNS.join(',')}`);
    return { rows: [], lines: [], problems };
  }
  const lines = new LineTracker();
  const starts = records.map((r) => lines.start(r.record, r.info.lines));
  const header = trimTrailingEmpty(records[0].record.map((h) => h.trim()));
  const wanted = LEDGER_COLUMNS.join(',');
  if (header.join(',') !== wanted) {
    const bad = header.findIndex((h, i) => h !== LEDGER_COLUMNS[i]);
    const col = bad === -1 ? header.length + 1 : bad + 1;
    const hint = bad >= 0 && bad < header.length ? didYouMean(header[bad], LEDGER_COLUMNS) : undefined;
    err(starts[0], col, `header must be ${wanted}`, hint);
    return { rows: [], lines: [], problems };
  }
  const rows: LedgerRow[] = [];
  const rowLines: number[] = [];
  const seen = new Map<string, number>();
  for (let n = 1; n < records.length; n++) {
    const r = records[n];
    const line = starts[n];
    const f = r.record.map((s) => s.trim());
    if (f.every((s) => s === '')) continue;
    if (f.length < LEDGER_COLUMNS.length || f.slice(LEDGER_COLUMNS.length).some((s) => s !== '')) {
      err(line, Math.min(f.length, LEDGER_COLUMNS.length) + 1, `row has ${f.length} fields; the header has ${LEDGER_COLUMNS.length}`);
      continue;
    }
    const [indicator, period, breakdown, category, field, shown] = f;
    let ok = true;
    const bad = (col: number, message: string, hint?: string) => {
      err(line, col, message, hint);
      ok = false;
    };
    if (!indicator) bad(1, 'indicator: missing');
    if (!isMonth(period)) bad(2, `period: "${period}" is not a month`, 'write it as YYYY-MM');
    if (Boolean(breakdown) !== Boolean(category)) bad(breakdown ? 4 : 3, 'breakdown and category go together', 'fill both or neither');
    if (!FIELDS.includes(field as LedgerField)) bad(5, `field: "${field}" is not one of ${FIELDS.join(', ')}`, didYouMean(field, FIELDS));
    if (!shown) bad(6, 'shown: missing', 'write what Part 1 showed, e.g. 62 or [c]');
    if (!ok) continue;
    const key = [indicator, period, breakdown, category, field].join('\0');
    const first = seen.get(key);
    if (first !== undefined) {
      err(line, 1, `${indicator} ${period} ${field}: duplicate of line ${first}`, 'keep one row per figure');
      continue;
    }
    seen.set(key, line);
    rows.push({ indicator, period, breakdown, category, field: field as LedgerField, shown });
    rowLines.push(line);
  }
  return { rows, lines: rowLines, problems };
}

/** Excel adds empty columns after the last real one; they carry nothing. */
export function trimTrailingEmpty(fields: string[]): string[] {
  let end = fields.length;
  while (end > 0 && fields[end - 1] === '') end--;
  return fields.slice(0, end);
}
