import type { Disclosed } from '../disclose/types.js';
import { monthName } from '../format.js';
import type { Indicator, Month } from '../types.js';
import type { SuppressionAppendix } from './model.js';
import type { PaperContext } from './index.js';
import { APPENDIX, dimensionWords } from './words.js';

const PROTECTING = /^complement protecting (\S+) (\d{4}-\d{2})(?: (\S+) (.+))? (value|numerator|denominator)$/;

/** The disclosure log's rule in members' words: indicators by number, months by name, no internal ids. */
function ruleWords(rule: string, byId: Map<string, Indicator>): string {
  const m = PROTECTING.exec(rule);
  if (!m) return rule;
  const [, id, period, breakdown, category, field] = m;
  const where = breakdown ? `, ${dimensionWords(breakdown)}: ${category}` : '';
  const indicator = byId.get(id);
  const name = indicator ? `Indicator ${indicator.number}` : id;
  return APPENDIX.protecting(`${name}'s ${APPENDIX.field[field as keyof typeof APPENDIX.field].toLowerCase()} for ${monthName(period as Month)}${where}`);
}

/** Appendix 2 (Part 2 only): every figure Part 1 hid, and the rule that hid it. */
export function suppressionAppendix(ctx: PaperContext, disclosed: Disclosed): SuppressionAppendix {
  const byId = new Map(ctx.catalogue.indicators.map((i) => [i.id, i]));
  const rows = disclosed.log.map((r) => {
    const indicator = byId.get(r.indicator);
    return {
      header: indicator ? `${indicator.number}: ${indicator.title}` : r.indicator,
      cells: [
        monthName(r.period),
        r.breakdown ? `${dimensionWords(r.breakdown)}: ${r.category}` : APPENDIX.headline,
        APPENDIX.field[r.field],
        ruleWords(r.rule, byId),
        APPENDIX.kind[r.kind],
      ],
    };
  });
  return {
    heading: APPENDIX.heading,
    intro: APPENDIX.intro(rows.length, ctx.config.disclosure.symbols.suppressed),
    table: { caption: APPENDIX.caption, columns: [...APPENDIX.columns], rows },
  };
}
