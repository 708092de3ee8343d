import { describe, expect, it } from 'vitest';
import { composeExempt, composePublic } from '../../src/compose/index.js';
import * as b from './builders.js';

describe('the paper’s words for members (SPEC Appendix 2 and the key to the index)', () => {
  it('names the figure a complement protects by indicator number, month and category, never by internal id', () => {
    const disclosed = b.disclosed();
    disclosed.log.push({
      indicator: b.careLeavers.id,
      period: b.MONTH,
      breakdown: 'gender',
      category: 'Unknown',
      field: 'numerator',
      rule: `complement protecting ${b.referrals.id} 2023-10 gender Unknown value`,
      kind: 'secondary',
    });
    const rows = composeExempt(b.context(), b.assessed(), disclosed, b.commentary()).suppressions!.tables.flatMap((t) => t.rows);
    const rule = rows.at(-1)!.cells[3];
    expect(rule).toBe(`Hidden as well, so that Indicator ${b.referrals.number}'s figure for October 2023, Gender: Unknown cannot be worked out from it`);
    expect(JSON.stringify(rows)).not.toContain('complement protecting');
  });

  it('does not call a contextual indicator "Not comparable" when both figures are shown, and says what it shows instead', () => {
    const assessed = b.assessed();
    const schools = assessed.assessments.find((a) => a.indicator.id === b.stability.id)!;
    schools.indicator = { ...schools.indicator, polarity: 'none' };
    schools.direction = 'not_comparable';
    const publicView = b.publicView(assessed);
    const model = composePublic(b.context(), publicView, b.commentary());
    const row = model.index.sections.flatMap((s) => s.rows).find((r) => r.number === b.stability.number)!;
    expect(row.direction).toMatchObject({ key: 'contextual', label: 'No better direction' });
    expect(model.index.key.find((k) => k.term === 'No better direction')?.meaning).toMatch(/both figures are shown/);
    expect(model.index.key.find((k) => k.term === 'Not comparable')?.meaning).toMatch(/missing or not published/);
  });
});
