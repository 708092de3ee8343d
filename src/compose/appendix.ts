import type { Disclosed, SuppressionRecord } from '../disclose/types.js';
import { monthName, thousands } from '../format.js';
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
function appendixTables(rows: { row: Row; indicator: string }[], columns: readonly string[], caption: string): TableView[] {
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
  if (chunks.length === 1) return [{ caption, columns: [...columns], rows: chunks[0].map((r) => r.row) }];
  return chunks.map((chunk, i) => ({
    caption: APPENDIX.partCaption(caption, i + 1, chunks.length, chunk[0].indicator, chunk.at(-1)!.indicator),
    columns: [...columns],
    rows: chunk.map((r) => r.row),
  }));
}

/**
 * The most figures Appendix 2 lists one by one (about a hundred pages). Beyond it the appendix counts
 * them for each indicator, period and breakdown and points to the exempt disclosure log, which lists
 * every one: a log of tens of thousands of figures (a large workspace) would otherwise be a paper of
 * a thousand pages or more that nobody reads, and one Chromium cannot print (a tagged PDF over about
 * 64 MiB never finishes in Chromium 156).
 */
export const MAX_LISTED_FIGURES = 2_000;

/** Appendix 2 (Part 2 only): every figure Part 1 hid, and the rule that hid it; counted, when there are too many to list. */
export function suppressionAppendix(ctx: PaperContext, disclosed: Disclosed): SuppressionAppendix {
  const byId = new Map(ctx.catalogue.indicators.map((i) => [i.id, i]));
  const symbol = ctx.config.disclosure.symbols.suppressed;
  const label = (id: string) => {
    const indicator = byId.get(id);
    return { indicator: indicator ? `Indicator ${indicator.number}` : id, header: indicator ? `${indicator.number}: ${indicator.title}` : id };
  };
  const where = (r: SuppressionRecord) => (r.breakdown ? dimensionWords(r.breakdown) : APPENDIX.headline);
  if (disclosed.log.length > MAX_LISTED_FIGURES) {
    // One row per indicator, period and breakdown, in the log's order.
    const counted = new Map<string, { first: SuppressionRecord; primary: number; secondary: number }>();
    for (const r of disclosed.log) {
      const key = `${r.indicator}\0${r.period}\0${r.breakdown}`;
      const c = counted.get(key) ?? { first: r, primary: 0, secondary: 0 };
      c[r.kind]++;
      counted.set(key, c);
    }
    const rows = [...counted.values()].map(({ first, primary, secondary }) => {
      const { indicator, header } = label(first.indicator);
      return { indicator, row: { header, cells: [monthName(first.period), where(first), thousands(primary), thousands(secondary)] } };
    });
    return {
      heading: APPENDIX.heading,
      intro: APPENDIX.countedIntro(disclosed.log.length, symbol, MAX_LISTED_FIGURES),
      tables: appendixTables(rows, APPENDIX.countedColumns, APPENDIX.countedCaption).map((t) => ({ ...t, className: 'counted' })),
    };
  }
  const rows = disclosed.log.map((r) => {
    const { indicator, header } = label(r.indicator);
    return {
      indicator,
      row: {
        header,
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
    intro: APPENDIX.intro(rows.length, symbol),
    tables: rows.length === 0 ? [] : appendixTables(rows, APPENDIX.columns, APPENDIX.caption),
  };
}
