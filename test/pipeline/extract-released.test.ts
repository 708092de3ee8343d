import { describe, expect, it } from 'vitest';
import { releaseExtract, renderMonth } from '../../src/build.js';
import { checkMonth } from '../../src/check.js';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import { createRenderer } from '../../src/render/index.js';
import { exemptRevisions } from '../../src/revisions.js';
import { disclosureLogCsv, figuresCsv } from '../../src/write/csv.js';
import { buildJson, exemptManifest } from '../../src/write/manifest.js';
import type { Month } from '../../src/types.js';

/**
 * ARCHITECTURE's pipeline: once `assess` and `disclose` have checked every month asked for, the
 * stages after them (compose, render, write) work from the checked months, the catalogue, the
 * settings and the ledgers. A build lets the extract go at that point, before the papers are
 * printed and finished (the stages that hold the most memory): nothing after it may read a row.
 */
describe('a build lets the extract go once every month is checked', () => {
  it('renders and writes a three-month batch from the checked months alone, exactly as with the extract kept', async () => {
    const months: Month[] = ['2023-10', '2023-11', '2023-12'];
    const outputs = async (release: boolean) => {
      const { workspace: ws, warnings } = await loadOrThrow(sampleWorkspaceDir, true, { from: months[0], to: months[2] });
      expect(ws.outturns.length).toBeGreaterThan(0);
      const checked = [];
      for (const month of months) {
        const c = await checkMonth(ws, month, false, warnings);
        // As a batch does: a later month is read with this one's Part 1 as published.
        if (!ws.ledgers.has(month)) ws.ledgers.set(month, c.disclosed.figures);
        checked.push(c);
      }
      if (release) {
        releaseExtract(ws);
        expect(() => ws.outturns).toThrow(/extract was let go/);
      }
      const renderer = createRenderer({ templatesDir: ws.templatesDir, workspaceDir: ws.dir });
      return checked.map((c) => {
        const p = renderMonth(ws, c, ['public', 'exempt'], renderer);
        const revised = exemptRevisions(ws.ledgers, p.assessed, p.disclosed.figures).map((r) => ({ ...r, published: ws.config.paths.published }));
        return [
          p.html.public,
          p.html.exempt,
          JSON.stringify(p.meta),
          figuresCsv(p.disclosed.figures),
          disclosureLogCsv(p.disclosed, revised),
          exemptManifest(ws, p.month, [], p.warnings, p.exemptWarnings),
          buildJson(ws, p.month, [], [], 'test', p.warnings),
        ];
      });
    };
    const kept = await outputs(false);
    const released = await outputs(true);
    expect(released).toEqual(kept);
    expect(kept.flat().every((s) => typeof s === 'string' && s.length > 0)).toBe(true);
  });
});
