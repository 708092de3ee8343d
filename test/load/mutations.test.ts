import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadWorkspace } from '../../src/load/index.js';
import { tempDir } from '../helpers/temp.js';

const minimal = join(import.meta.dirname, '..', '..', 'fixtures', 'minimal');
const good: Record<string, string> = Object.fromEntries(readdirSync(minimal).map((f) => [f, readFileSync(join(minimal, f), 'utf8')]));
good['commentary/2023-11.yaml'] = 'month: 2023-11\nindicators:\n  sa-45-days:\n    public: Assessments slowed.\nby_exception:\n  - { indicator: cp-second-time, public: Steady. }\n';
good['published/2023-10.csv'] = 'indicator,period,breakdown,category,field,shown\nsa-45-days,2023-10,,,value,78.7\ncp-plans-2-years,2023-10,,,value,17\n';
const fileNames = Object.keys(good);

type Mutation =
  | { op: 'delete' | 'duplicate'; at: number }
  | { op: 'swap'; at: number; with: number }
  | { op: 'char'; at: number; char: string }
  | { op: 'number'; at: number; value: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constantFrom('delete' as const, 'duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ op: fc.constant('char' as const), at: fc.nat(), char: fc.constantFrom('"', "'", ',', ':', '[', ']', '{', '}', '-', '#', '\t', '\n', '\r', ' ', 'x', '0', '9', '.', '&', '*', '|', '\uFEFF') }),
  fc.record({ op: fc.constant('number' as const), at: fc.nat(), value: fc.integer({ min: -1000, max: 100000 }) }),
);

function apply(text: string, m: Mutation): string {
  const lines = text.split('\n');
  const i = lines.length ? m.at % lines.length : 0;
  switch (m.op) {
    case 'delete':
      lines.splice(i, 1);
      return lines.join('\n');
    case 'duplicate':
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    case 'swap': {
      const j = m.with % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
      return lines.join('\n');
    }
    case 'char': {
      const at = text.length ? m.at % text.length : 0;
      return text.slice(0, at) + m.char + text.slice(at + 1);
    }
    case 'number': {
      const numbers = [...text.matchAll(/\d+/g)];
      if (!numbers.length) return text;
      const n = numbers[m.at % numbers.length];
      return text.slice(0, n.index) + String(m.value) + text.slice(n.index! + n[0].length);
    }
  }
}

describe('random mutations of a good workspace', () => {
  it('load to a workspace or to located problems, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ file: fc.constantFrom(...fileNames), m: mutation }), { minLength: 1, maxLength: 3 }), async (edits) => {
        const files = { ...good };
        for (const { file, m } of edits) files[file] = apply(files[file], m);
        const dir = tempDir('scrutiny-mutation-');
        for (const [f, text] of Object.entries(files)) {
          await mkdir(dirname(join(dir, f)), { recursive: true });
          await writeFile(join(dir, f), text);
        }
        const result = await loadWorkspace(dir, { month: '2023-11' });
        const all = [...(result.ok ? [] : result.problems), ...result.warnings];
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
        for (const p of all) {
          expect(p.message).toMatch(/\S/);
          if (/^and \d+ more/.test(p.message)) continue;
          expect(fileNames).toContain(p.file);
          if (p.line !== undefined) {
            expect(p.line).toBeGreaterThanOrEqual(1);
            expect(p.line).toBeLessThanOrEqual(files[p.file].split('\n').length + 1);
            expect(p.column).toBeGreaterThanOrEqual(1);
          }
        }
        if (result.ok) expect(result.workspace.outturns.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});
