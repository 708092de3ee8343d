import type { Month, Workspace } from '../types.js';
import type { PublicView } from '../disclose/types.js';
import { sha256 } from '../lib/hash.js';
import { toolVersion } from '../paths.js';
import type { OutputFile, WrittenFile } from './index.js';

/** SPEC `--json` summary: only what Part 1 may show. */
export interface MonthSummary {
  month: Month;
  outputs: { part: string; format: string; path: string; sha256: string }[];
  indicators: { id: string; number: number; rag: string; direction: string; direction_year: string; suppressed: boolean }[];
  exceptions: string[];
  warnings: string[];
}

export function monthSummary(month: Month, view: PublicView, warnings: string[], written: WrittenFile[]): MonthSummary {
  return {
    month,
    outputs: written.map((w) => ({ part: w.part, format: w.format, path: w.path, sha256: w.sha256 })),
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

/** build.json: inputs' and outputs' hashes, tool version and warnings; no exempt figures. */
export function buildJson(ws: Workspace, month: Month, files: OutputFile[], browserSource: string, warnings: string[]): string {
  const manifest = {
    tool: { name: 'scrutiny-report', version: toolVersion },
    month,
    workspace: ws.isSample ? 'bundled sample' : ws.dir,
    inputs: ws.inputs,
    outputs: files.map((f) => ({ part: f.part, file: f.part === 'build' ? f.name : `${f.part}/${f.name}`, sha256: sha256(f.data) })),
    browser: { source: browserSource },
    warnings,
  };
  return JSON.stringify(manifest, null, 2) + '\n';
}
