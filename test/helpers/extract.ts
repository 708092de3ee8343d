/**
 * An outturns extract read as plain text rows, independently of the tool's loader (src/load), so
 * tests can check the workspace files themselves.
 */
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';

/** One row of outturns.csv (SPEC "outturns.csv"), every cell as written. */
export interface ExtractRow {
  indicator: string;
  period: string;
  numerator: string;
  denominator: string;
  value: string;
  breakdown: string;
  category: string;
  note: string;
}

export function readExtract(path: string): ExtractRow[] {
  return parseCsv(readFileSync(path, 'utf8'), { columns: true, bom: true }) as ExtractRow[];
}
