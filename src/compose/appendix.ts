import type { Disclosed } from '../disclose/types.js';
import { monthName } from '../format.js';
import type { SuppressionAppendix } from './model.js';
import type { PaperContext } from './index.js';
import { APPENDIX, dimensionWords } from './words.js';

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
        r.rule,
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
