import { describe, expect, it } from 'vitest';
import { assessMonth } from '../../src/assess/index.js';
import { disclose } from '../../src/disclose/index.js';
import { composeExempt, composePublic } from '../../src/compose/index.js';
import { createRenderer } from '../../src/render/index.js';
import { stabilityIndicator, workspaceOf } from '../helpers/builders.js';

// SPEC: [u] marks low reliability, a rate over fewer than 20 events. It must reach the paper.
describe('a rate over few events', () => {
  it('is shown with [u] in both papers, and one over enough events without it', async () => {
    const rate = (id: string, number: number) =>
      stabilityIndicator({ id, number, title: `Rate ${id}`, unit: 'rate', polarity: 'none', target: undefined, rag: undefined, population: { label: '0–17', values: [{ period: null, value: 48730 }] } });
    const row = (indicator: string, numerator: number) => ({ indicator, period: '2023-11', numerator, denominator: null, value: null, breakdown: null, category: null, note: null, line: 2 });
    const ws = workspaceOf({ indicators: [rate('few', 1), rate('many', 2)], outturns: [row('few', 12), row('many', 40)] });
    const assessed = assessMonth(ws, '2023-11');
    const disclosed = await disclose(ws, assessed);
    const ctx = { config: ws.config, catalogue: ws.catalogue, month: '2023-11', isSample: false, ledgers: ws.ledgers };
    const renderer = createRenderer();
    for (const html of [renderer.render(composePublic(ctx, disclosed.public, undefined)), renderer.render(composeExempt(ctx, assessed, disclosed, undefined))]) {
      expect(html).toContain('2.5 per 10,000 [u]');
      expect(html).toContain('8.2 per 10,000');
      expect(html).not.toContain('8.2 per 10,000 [u]');
    }
  });
});
