import { stringify } from 'csv-stringify/sync';
import type { LedgerRow } from '../types.js';
import type { Disclosed } from '../disclose/types.js';
import { LEDGER_COLUMNS } from '../load/ledger.js';
import type { Revision } from '../revisions.js';

/** Every CSV the tool writes: RFC 4180 quoting (a lone CR too), LF line ends, a final newline. */
function csv(columns: readonly string[], rows: readonly string[][]): string {
  return stringify(rows as string[][], { header: true, columns: [...columns], record_delimiter: '\n', quoted_match: /\r/ });
}

/** The ledger and the public figures CSV: what Part 1 shows, one row per figure. */
export function figuresCsv(rows: LedgerRow[]): string {
  return csv(
    LEDGER_COLUMNS,
    rows.map((r) => [r.indicator, r.period, r.breakdown, r.category, r.field, r.shown]),
  );
}

/**
 * Part 2's disclosure log: which figures Part 1 suppressed, by which rule; then each revised
 * figure (kind `revised`) with the number first published and the number now.
 */
export function disclosureLogCsv(d: Disclosed, revisions: { revision: Revision; markedInPart1: boolean; published: string }[] = []): string {
  return csv(
    ['indicator', 'period', 'breakdown', 'category', 'field', 'rule', 'kind'],
    [
      ...d.log.map((r) => [r.indicator, r.period, r.breakdown, r.category, r.field, r.rule, r.kind]),
      ...revisions.map(({ revision: r, markedInPart1, published }) => [
        r.indicator,
        r.period,
        r.breakdown,
        r.category,
        r.field,
        `first published as ${r.was} (${published}/${r.period}.csv), now ${r.now}; ${markedInPart1 ? 'Part 1 shows it with [r]' : 'Part 1 does not show it, so marks nothing'}`,
        'revised',
      ]),
    ],
  );
}
