import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Month, Workspace } from '../types.js';
import { InputError, UsageError } from '../errors.js';
import { makeFolder } from './folders.js';

export interface LedgerEntry {
  path: string;
  csv: string;
}

/**
 * The ledger is what was published: written once for a month and never overwritten. Checked
 * before anything is written, so a refused --record leaves earlier outputs as they were.
 * Undefined when the same ledger is already recorded.
 */
export async function ledgerToRecord(ws: Workspace, month: Month, csv: string): Promise<LedgerEntry | undefined> {
  if (ws.isSample) throw new UsageError('--record writes the ledger into the workspace: use a workspace of your own (scrutiny-report init DIR)');
  const path = join(ws.dir, ws.config.paths.published, `${month}.csv`);
  if (!existsSync(path)) return { path, csv };
  if ((await readFile(path, 'utf8')) === csv) return undefined;
  throw new InputError([
    {
      file: `${ws.config.paths.published}/${month}.csv`,
      message: `the ledger for ${month} is already recorded and differs from this build`,
      hint: 'a ledger is what was published and is never overwritten; if this paper was not published, delete the file yourself and build again',
      severity: 'error',
    },
  ]);
}

export async function writeLedger(entry: LedgerEntry): Promise<void> {
  await makeFolder(dirname(entry.path));
  await writeFile(entry.path, entry.csv, { flag: 'wx' });
}
