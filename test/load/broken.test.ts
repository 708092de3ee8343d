import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblemWithFigures } from '../../src/errors.js';
import { loadWorkspace } from '../../src/load/index.js';

const root = join(import.meta.dirname, '..', '..', 'fixtures', 'broken');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('fixtures/broken: each workspace gives exactly the one problem its expected.txt names', () => {
  it('has at least 30 of them', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)('%s', async (name) => {
    const expected = readFileSync(join(root, name, 'expected.txt'), 'utf8').trim();
    const result = await loadWorkspace(join(root, name), { month: '2023-11' });
    const lines = [...(result.ok ? [] : result.problems), ...result.warnings].map((p) => formatProblemWithFigures(p));
    expect(lines).toEqual([expected]);
    // A warning alone still loads; anything else must not hand back half a workspace.
    expect(result.ok).toBe(result.warnings.length === 1);
  });
});
