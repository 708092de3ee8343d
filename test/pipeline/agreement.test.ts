import { describe, expect, it } from 'vitest';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import { assessMonth } from '../../src/assess/index.js';
import { disclose } from '../../src/disclose/index.js';
import { monthRange } from '../../src/format.js';

// Part 1 computes RAG and direction from its shown cells; Part 2 from the full figures. Wherever
// Part 1 shows the headline and the figures compared, the two papers must say the same thing.
describe('Part 1 and Part 2 agree wherever Part 1 shows the figures', () => {
  it('for every indicator of the sample in every month of 2023-24', async () => {
    const { workspace } = await loadOrThrow(sampleWorkspaceDir, true);
    let compared = 0;
    for (const month of monthRange('2023-04', '2024-03')) {
      const assessed = assessMonth(workspace, month);
      const { public: view } = await disclose(workspace, assessed);
      for (const [i, pub] of view.assessments.entries()) {
        const full = assessed.assessments[i];
        expect(pub.indicator.id).toBe(full.indicator.id);
        if (pub.headlineSuppressed) {
          expect([pub.rag, pub.direction, pub.direction_year]).toEqual(['suppressed', 'not_comparable', 'not_comparable']);
          continue;
        }
        compared++;
        expect(pub.rag, `${month} ${pub.indicator.id}`).toBe(full.rag);
        const shown = (f: typeof pub.previous) => f !== null && 'shown' in f.value;
        if (shown(pub.previous)) expect(pub.direction, `${month} ${pub.indicator.id} direction`).toBe(full.direction);
        if (shown(pub.lastYear)) expect(pub.direction_year, `${month} ${pub.indicator.id} direction_year`).toBe(full.direction_year);
      }
      expect(view.exceptions).toEqual(assessed.exceptions.filter((id) => view.assessments.find((a) => a.indicator.id === id && !a.headlineSuppressed)));
    }
    expect(compared).toBeGreaterThan(300);
  });
});
