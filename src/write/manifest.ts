import type { Month, Workspace } from '../types.js';
import type { PublicView } from '../disclose/types.js';
import { sha256 } from '../lib/hash.js';
import { toolVersion } from '../paths.js';
import type { KeptFile, OutputFile, WrittenFile } from './index.js';

/**
 * SPEC `--json` summary: only what Part 1 may show. Exempt outputs are listed without a hash: the
 * papers are reproducible, so a hash of Part 2 would let anyone test guesses of a hidden figure.
 */
export interface MonthSummary {
  month: Month;
  outputs: { part: string; format: string; path: string; sha256?: string }[];
  indicators: { id: string; number: number; rag: string; direction: string; direction_year: string; suppressed: boolean }[];
  exceptions: string[];
  warnings: string[];
}

/** The exempt manifest's name, inside exempt/. */
export const EXEMPT_MANIFEST = 'build-exempt.json';

/** A hash where the file may be published; none for anything under exempt/. */
const publicHash = (part: string, hash: () => string) => (part === 'exempt' ? {} : { sha256: hash() });

export function monthSummary(month: Month, view: PublicView, warnings: string[], written: WrittenFile[]): MonthSummary {
  return {
    month,
    outputs: written.map((w) => ({ part: w.part, format: w.format, path: w.path, ...publicHash(w.part, () => w.sha256) })),
    indicators: view.assessments.map((a) => ({
      id: a.indicator.id,
      number: a.indicator.number,
      rag: a.rag,
      direction: a.direction,
      direction_year: a.direction_year,
      suppressed: a.headlineSuppressed,
    })),
    exceptions: view.exceptions,
    warnings,
  };
}

const fileOf = (f: { part: string; name: string }) => (f.part === 'build' ? f.name : `${f.part}/${f.name}`);

/**
 * build.json, beside the papers and as public as Part 1: the tool, public outputs' hashes and
 * public warnings. Exempt outputs by name only; no input hashes (an input's hash tests guesses of
 * the whole extract). Files kept from an earlier build (--part) are marked so.
 */
export function buildJson(ws: Workspace, month: Month, files: OutputFile[], kept: KeptFile[], browserSource: string, warnings: string[]): string {
  const manifest = {
    tool: { name: 'scrutiny-report', version: toolVersion },
    month,
    workspace: ws.isSample ? 'bundled sample' : ws.dir,
    outputs: [
      ...files.map((f) => ({ part: f.part, file: fileOf(f), ...publicHash(f.part, () => sha256(f.data)) })),
      ...kept.map((k) => ({ part: k.part, file: fileOf(k), ...(k.sha256 ? { sha256: k.sha256 } : {}), built: 'by an earlier build (not rebuilt with --part)' })),
    ],
    browser: { source: browserSource },
    warnings,
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}

/**
 * exempt/build-exempt.json, readable by its owner only: what build.json leaves out. Input and
 * output hashes (to tell which extract a Part 2 came from), and the warnings that needed a hidden figure.
 */
export function exemptManifest(ws: Workspace, month: Month, files: OutputFile[], warnings: string[], exemptWarnings: string[]): string {
  const manifest = {
    tool: { name: 'scrutiny-report', version: toolVersion },
    month,
    inputs: ws.inputs,
    outputs: files.map((f) => ({ part: f.part, file: fileOf(f), sha256: sha256(f.data) })),
    warnings,
    exempt_warnings: exemptWarnings,
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}
