import type { CellValue, Sheet } from 'read-excel-file/node';
import type { Catalogue, Problem } from '../types.js';
import { OUTTURN_COLUMNS, OutturnChecker } from './outturns.js';
import type { ProblemSink } from './problems.js';

/** An extract named `*.xlsx` is read as a workbook (SPEC Second round › Extracts and spreadsheets). */
export function isWorkbookPath(path: string): boolean {
  return /\.xlsx$/i.test(path);
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A cell as the text a CSV of it would hold, so the same rules apply to both. Numbers are as Excel
 * stores them; a date in `period` is its month; a date anywhere else is shown as Excel shows a
 * category it made into a date ("5-9" → 05-Sep, "10-15" → Oct-15), so the checker can say so.
 */
function cellText(v: CellValue | null, column: string | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) {
    const y = v.getUTCFullYear();
    const m = v.getUTCMonth();
    if (column === 'period') return `${y}-${String(m + 1).padStart(2, '0')}`;
    if (column === 'category') return v.getUTCDate() === 1 ? `${SHORT_MONTHS[m]}-${String(y % 100).padStart(2, '0')}` : `${String(v.getUTCDate()).padStart(2, '0')}-${SHORT_MONTHS[m]}`;
    return v.toISOString().slice(0, 10);
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/**
 * Reads one sheet of an outturns workbook through the same checker as a CSV, rows numbered as
 * Excel numbers them, so problems read `outturns.xlsx:Sheet!C92`. Undefined (with the problem in
 * the sink) when the file is not a workbook or has no such sheet.
 */
export async function checkWorkbook(
  data: Buffer,
  file: string,
  catalogue: Catalogue | undefined,
  sink: ProblemSink,
  keepRows: boolean,
  opts: { sheet?: string; unknownIndicators?: 'ignore' | 'error' },
): Promise<OutturnChecker | undefined> {
  const problem = (message: string, hint: string): Problem => ({ file, message, hint, severity: 'error' });
  let sheets: Sheet[];
  try {
    // Loaded only for a workbook: a CSV extract, the usual case, never pays for the zip and XML readers.
    const { default: readXlsxFile } = await import('read-excel-file/node');
    sheets = await readXlsxFile(data);
  } catch {
    sink.add(problem('cannot be read as an Excel workbook', 'save it from Excel as "Excel Workbook (*.xlsx)", or as "CSV UTF-8" and name it .csv'));
    return undefined;
  }
  const chosen = opts.sheet === undefined ? sheets[0] : sheets.find((s) => s.sheet === opts.sheet);
  if (!chosen) {
    sink.add(problem(`has no sheet "${opts.sheet}"`, `the sheets are ${sheets.map((s) => s.sheet).join(', ')}; set extract: { sheet: … } in scrutiny.yaml to one of them`));
    return undefined;
  }
  const checker = new OutturnChecker(catalogue, file, sink, keepRows, { unknownIndicators: opts.unknownIndicators, sheet: chosen.sheet });
  // The header names the columns, so a date in `period` or `category` can be read as what it stood for.
  const headerRow = chosen.data.find((row) => row.some((v) => v !== null && v !== '')) ?? [];
  const names = headerRow.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : undefined));
  const columnOf = (i: number) => ((OUTTURN_COLUMNS as readonly (string | undefined)[]).includes(names[i]) ? names[i] : undefined);
  chosen.data.forEach((row, i) => {
    // Empty rows are skipped, as blank lines are in a CSV; the others keep Excel's row number.
    if (row.every((v) => v === null || v === '')) return;
    checker.record(row.map((v, j) => cellText(v, checker.sawHeader ? columnOf(j) : undefined)), i + 1);
  });
  if (!checker.sawHeader) sink.add({ file, sheet: chosen.sheet, line: 1, column: 1, message: 'the sheet is empty', hint: `start it with the header ${OUTTURN_COLUMNS.join(',')}`, severity: 'error' });
  checker.finish();
  return checker;
}
