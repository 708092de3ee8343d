import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LedgerRow, Month, Problem, Workspace } from '../types.js';
import { InputError, UsageError } from '../errors.js';
import { plural } from '../format.js';
import { parseLedgerCsv } from '../load/ledger.js';
import { cellKey } from '../disclose/cells.js';
import { makeFolder } from './folders.js';

export interface LedgerEntry {
  path: string;
  csv: string;
}

/**
 * The ledger is what was published: written once for a month and never overwritten. Checked
 * before anything is written, so a refused --record leaves earlier outputs as they were.
 * Undefined when the same ledger is already recorded. `figures` is this build's Part 1 (the rows
 * of `csv`), so a refusal can name every figure that differs.
 */
export async function ledgerToRecord(ws: Workspace, month: Month, csv: string, figures: readonly LedgerRow[]): Promise<LedgerEntry | undefined> {
  if (ws.isSample) throw new UsageError('--record writes the ledger into the workspace: use a workspace of your own (scrutiny-report init DIR)');
  const path = join(ws.dir, ws.config.paths.published, `${month}.csv`);
  if (!existsSync(path)) return { path, csv };
  const recorded = await readFile(path, 'utf8');
  if (recorded === csv) return undefined;
  const file = `${ws.config.paths.published}/${month}.csv`;
  const differences = ledgerDifferences(ws, file, parseLedgerCsv(recorded, file), figures);
  throw new InputError(
    [
      {
        file,
        message: `the ledger for ${month} is already recorded and differs from this build${differences.count > 0 ? ` in ${plural(differences.count, 'figure')}, named below` : ' (in its layout, not its figures)'}`,
        hint: 'a ledger is what was published and is never overwritten; if this paper was not published, delete the file yourself and build again',
        severity: 'error',
      },
      ...differences.problems,
    ],
    undefined,
    undefined,
    { all: true },
  );
}

/**
 * Every figure where the recorded ledger and this build's Part 1 differ, one line per indicator.
 * Both sides are what Part 1 shows, so naming the figures tells nothing Part 1 does not; the
 * numbers themselves are printed only where figures are (an interactive terminal, --show-figures),
 * as for any input problem (SPEC Second round › Channels).
 */
function ledgerDifferences(ws: Workspace, file: string, recorded: { rows: LedgerRow[]; lines: number[] }, figures: readonly LedgerRow[]): { count: number; problems: Problem[] } {
  const now = new Map(figures.map((f) => [cellKey(f), f]));
  const was = new Map(recorded.rows.map((r, i) => [cellKey(r), { row: r, line: recorded.lines[i] }]));
  type Difference = { at: LedgerRow; line?: number; name: string; numbers: string };
  const byIndicator = new Map<string, Difference[]>();
  const add = (d: Difference) => byIndicator.set(d.at.indicator, [...(byIndicator.get(d.at.indicator) ?? []), d]);
  const name = (f: LedgerRow) => `${f.period}${f.breakdown ? ` ${f.breakdown} ${f.category}` : ''} ${f.field}`;
  for (const [key, { row, line }] of was) {
    const f = now.get(key);
    if (!f) add({ at: row, line, name: `${name(row)} (not in this build)`, numbers: `${name(row)} recorded ${row.shown}, not in this build` });
    else if (f.shown !== row.shown) add({ at: row, line, name: name(row), numbers: `${name(row)} recorded ${row.shown}, this build ${f.shown}` });
  }
  for (const [key, f] of now) if (!was.has(key)) add({ at: f, name: `${name(f)} (not in the recorded ledger)`, numbers: `${name(f)} not recorded, this build ${f.shown}` });
  const numbers = new Map(ws.catalogue.indicators.map((i) => [i.id, i.number]));
  const problems: Problem[] = [...byIndicator.entries()]
    .sort(([a], [b]) => (numbers.get(a) ?? Infinity) - (numbers.get(b) ?? Infinity) || a.localeCompare(b))
    .map(([id, list]) => {
      const first = list.find((d) => d.line !== undefined)?.line;
      const who = numbers.has(id) ? `Indicator ${numbers.get(id)} (${id})` : id;
      const lead = `${who} differs in ${plural(list.length, 'figure')}: `;
      return {
        file,
        ...(first !== undefined ? { line: first, column: 6 } : {}),
        message: lead + list.map((d) => d.name).join('; '),
        withFigures: lead + list.map((d) => d.numbers).join('; '),
        severity: 'error' as const,
      };
    });
  return { count: [...byIndicator.values()].reduce((n, l) => n + l.length, 0), problems };
}

export async function writeLedger(entry: LedgerEntry): Promise<void> {
  await makeFolder(dirname(entry.path));
  await writeFile(entry.path, entry.csv, { flag: 'wx' });
}
