import type { Disclosed } from '../disclose/types.js';
import { monthName } from '../format.js';
import type { Indicator, Month } from '../types.js';
import type { SuppressionAppendix, TableView } from './model.js';
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

/**
 * The most rows one table of Appendix 2 holds. Chromium's time and memory for one table grow faster
 * than its rows once it runs over many pages (12,798 rows in one table: 5.4 GB and 78 s of the
 * renderer's CPU; the same rows as tables of 500: 2.2 GB and 50 s), so a long log is printed as
 * several tables of at most this many rows, each about twenty pages.
 */
export const MAX_APPENDIX_ROWS = 500;

type Row = TableView['rows'][number];

/**
 * The log's rows as tables of at most MAX_APPENDIX_ROWS, split between indicators where one fits and
 * inside an indicator only when it alone is longer. One table keeps the plain caption; several say
 * which of how many each is and whose figures it holds, so a reader moving from table to table knows
 * where they are.
 */
function appendixTables(rows: { row: Row; indicator: string }[]): TableView[] {
  const groups: { row: Row; indicator: string }[][] = [];
  for (const r of rows) {
    const last = groups.at(-1);
    if (last && last[0].indicator === r.indicator) last.push(r);
    else groups.push([r]);
  }
  const chunks: { row: Row; indicator: string }[][] = [];
  let current: { row: Row; indicator: string }[] = [];
  for (const group of groups) {
    if (current.length > 0 && current.length + group.length > MAX_APPENDIX_ROWS) {
      chunks.push(current);
      current = [];
    }
    for (const r of group) {
      if (current.length === MAX_APPENDIX_ROWS) {
        chunks.push(current);
        current = [];
      }
      current.push(r);
    }
  }
  if (current.length > 0) chunks.push(current);
  const columns = [...APPENDIX.columns];
  if (chunks.length === 1) return [{ caption: APPENDIX.caption, columns, rows: chunks[0].map((r) => r.row) }];
  return chunks.map((chunk, i) => ({
    caption: APPENDIX.partCaption(i + 1, chunks.length, chunk[0].indicator, chunk.at(-1)!.indicator),
    columns,
    rows: chunk.map((r) => r.row),
  }));
}

/** Appendix 2 (Part 2 only): every figure Part 1 hid, and the rule that hid it. */
export function suppressionAppendix(ctx: PaperContext, disclosed: Disclosed): SuppressionAppendix {
  const byId = new Map(ctx.catalogue.indicators.map((i) => [i.id, i]));
  const rows = disclosed.log.map((r) => {
    const indicator = byId.get(r.indicator);
    return {
      indicator: indicator ? `Indicator ${indicator.number}` : r.indicator,
      row: {
        header: indicator ? `${indicator.number}: ${indicator.title}` : r.indicator,
        cells: [
          monthName(r.period),
          r.breakdown ? `${dimensionWords(r.breakdown)}: ${r.category}` : APPENDIX.headline,
          APPENDIX.field[r.field],
          ruleWords(r.rule, byId),
          APPENDIX.kind[r.kind],
        ],
      },
    };
  });
  return {
    heading: APPENDIX.heading,
    intro: APPENDIX.intro(rows.length, ctx.config.disclosure.symbols.suppressed),
    tables: rows.length === 0 ? [] : appendixTables(rows),
  };
}
