import type { Problem } from '../types.js';

const CSV_WORDS: Record<string, [string, string]> = {
  CSV_QUOTE_NOT_CLOSED: ['a quoted field is never closed', 'look for a stray " in this row'],
  CSV_INVALID_CLOSING_QUOTE: ['a quote is followed by more text in the same field', 'quote the whole field and double any quote inside it ("")'],
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: ['text follows a closing quote', 'quote the whole field and double any quote inside it ("")'],
  CSV_INVALID_OPENING_QUOTE: ['a quote opens in the middle of a field', 'quote the whole field and double any quote inside it ("")'],
};

/** A csv-parse error (quoting and the like) as a located problem. */
export function csvErrorProblem(e: Error & { code?: string; lines?: number }, file: string): Problem {
  const words = e.code ? CSV_WORDS[e.code] : undefined;
  return {
    file,
    ...(typeof e.lines === 'number' ? { line: e.lines, column: 1 } : {}),
    message: words ? `CSV: ${words[0]}` : `CSV: ${e.message}`,
    ...(words ? { hint: words[1] } : {}),
    severity: 'error',
  };
}

/**
 * Where each record starts. csv-parse reports the line a record ends on, and counts a CRLF inside
 * a quoted field as two lines (so every later line is off by one): this undoes both.
 */
export class LineTracker {
  private extra = 0;

  start(fields: readonly string[], endLine: number): number {
    let newlines = 0;
    for (const f of fields) {
      for (let i = f.indexOf('\n'); i !== -1; i = f.indexOf('\n', i + 1)) {
        newlines++;
        if (i > 0 && f.charCodeAt(i - 1) === 13) this.extra++;
      }
    }
    return endLine - this.extra - newlines;
  }
}
