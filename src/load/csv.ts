import { isUtf8 } from 'node:buffer';
import { Transform } from 'node:stream';
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

/** The first sign that an extract is not UTF-8 CSV text: one problem, and nothing more is read. */
export class NotTextError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
  }
}

const SAVE_AS = 'in Excel: File › Save As › "CSV UTF-8 (Comma delimited) (*.csv)"';

/** A workbook or UTF-16 file given where CSV is expected, told apart by its first bytes. */
function notCsv(head: Buffer, file: string): Problem | undefined {
  const starts = (...bytes: number[]) => bytes.every((b, i) => head[i] === b);
  const problem = (message: string, hint: string): Problem => ({ file, line: 1, column: 1, message, hint, severity: 'error' });
  if (starts(0x50, 0x4b, 0x03, 0x04)) return problem('is an Excel workbook (.xlsx), not CSV', `give paths.outturns a name ending .xlsx to read the workbook, or save it ${SAVE_AS}`);
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return problem('is an old Excel workbook (.xls), not CSV', `save it as "Excel Workbook (*.xlsx)" or ${SAVE_AS}`);
  if (starts(0xff, 0xfe) || starts(0xfe, 0xff)) return problem('is UTF-16 text ("Unicode Text"), not UTF-8 CSV', `save it ${SAVE_AS}`);
  return undefined;
}

/** How many leading bytes end on a whole UTF-8 sequence: a chunk may stop inside a character. */
function wholeLength(bytes: Buffer): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    const need = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return i + need > bytes.length ? i : bytes.length;
  }
  return bytes.length;
}

/**
 * Windows-1252's characters for 0x80–0x9F (the WHATWG table; the rest are Latin-1's). Node 20's
 * TextDecoder('windows-1252') decodes as Latin-1, which has control codes there.
 */
const CP1252_HIGH = '€\u0000‚ƒ„…†‡ˆ‰Š‹Œ\u0000Ž\u0000\u0000‘’“”•–—˜™š›œ\u0000žŸ';

function windows1252(byte: number): string | undefined {
  if (byte >= 0x80 && byte <= 0x9f) return CP1252_HIGH[byte - 0x80] === '\u0000' ? undefined : CP1252_HIGH[byte - 0x80];
  return byte >= 0xa0 ? String.fromCharCode(byte) : undefined;
}

/** Where the first byte that is not UTF-8 is, and what it would be in Windows-1252 (Excel's "CSV (Comma delimited)"). */
function encodingProblem(bytes: Buffer, file: string, lineBefore: number): Problem {
  const text = new TextDecoder('utf-8').decode(bytes);
  const bad = text.indexOf('\uFFFD');
  const before = text.slice(0, bad);
  const line = lineBefore + (before.match(/\n/g)?.length ?? 0);
  const column = bad - before.lastIndexOf('\n');
  const byte = bytes[Buffer.byteLength(before)];
  const as1252 = windows1252(byte);
  const hex = `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return {
    file,
    line,
    column,
    message: `the file is not UTF-8 text: byte ${hex} here${as1252 ? ` is "${as1252}" in Windows-1252, as Excel's "CSV (Comma delimited)" saves it` : ' is in another encoding'}`,
    hint: `save it ${SAVE_AS}`,
    severity: 'error',
  };
}

/** The first sign that a whole extract is not UTF-8 CSV text (as textGuard finds it in a stream), or undefined. */
export function textProblem(bytes: Buffer, file: string): Problem | undefined {
  return notCsv(bytes, file) ?? (isUtf8(bytes) ? undefined : encodingProblem(bytes, file, 1));
}

/**
 * Passes an extract's bytes through unchanged, stopping at the first sign that they are not UTF-8
 * CSV (SPEC Second round › Extracts and spreadsheets): a workbook, UTF-16, or bytes that are not UTF-8.
 */
export function textGuard(file: string): Transform {
  let first = true;
  let carry = Buffer.alloc(0);
  let lines = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (first) {
        first = false;
        const wrong = notCsv(chunk, file);
        if (wrong) return done(new NotTextError(wrong));
      }
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = wholeLength(bytes);
      const whole = bytes.subarray(0, cut);
      if (!isUtf8(whole)) return done(new NotTextError(encodingProblem(whole, file, lines)));
      for (let i = whole.indexOf(10); i !== -1; i = whole.indexOf(10, i + 1)) lines++;
      carry = Buffer.from(bytes.subarray(cut));
      done(null, chunk);
    },
    flush(done) {
      done(carry.length ? new NotTextError(encodingProblem(carry, file, lines)) : null);
    },
  });
}
