import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Parser } from 'csv-parse';
import { financialYearStart, isMonth, monthName, monthWord, plural, populationAt, rateBase, roundShown, shownNumber, sourceSymbol } from '../format.js';
import type { Catalogue, FigureField, Indicator, Month, Outturn, Problem, SourceSymbol } from '../types.js';
import { csvErrorProblem, LineTracker, NotTextError, textGuard, textProblem } from './csv.js';
import { trimTrailingEmpty } from './ledger.js';
import type { ProblemSink } from './problems.js';
import { closest, didYouMean } from './suggest.js';

export const OUTTURN_COLUMNS = ['indicator', 'period', 'numerator', 'denominator', 'value', 'breakdown', 'category', 'note'] as const;
/** Columns an extract may add (SPEC Second round › Rates: a rate's population per row). */
export const OPTIONAL_COLUMNS = ['population'] as const;
type Column = (typeof OUTTURN_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];
const KNOWN_COLUMNS: readonly string[] = [...OUTTURN_COLUMNS, ...OPTIONAL_COLUMNS];

const WHOLE = /^\d+$/;
const DECIMAL = /^-?(\d+\.?\d*|\.\d+)$/;
const THOUSANDS = /^-?\d{1,3}(,\d{3})+(\.\d+)?$/;

interface Sums {
  numerator: number;
  denominator: number;
  line: number;
  /** A category the publisher withheld: the categories' total is then unknown. */
  withheld: boolean;
}

/** Everything about one (indicator, period) that needs more than one row to check. */
interface Group {
  indicator: Indicator;
  period: Month;
  headline?: { numerator: number | null; denominator: number | null; line: number };
  /** breakdown → category → line, for duplicates. */
  seen: Map<string, Map<string, number>>;
  sums: Map<string, Sums>;
}

/**
 * Checks outturns.csv one record at a time and keeps only what the cross-row checks need
 * (a line number per key, sums per breakdown), so a million-row extract validates in bounded memory.
 */
export class OutturnChecker {
  private col = new Map<Column, number>();
  private width = 0;
  headerOk = false;
  sawHeader = false;
  private readonly byId: Map<string, Indicator> | undefined;
  private readonly unknownHints = new Map<string, string | undefined>();
  private readonly noPopulation = new Set<string>();
  private readonly groups = new Map<string, Group>();
  private readonly ytd = new Map<string, { period: Month; numerator: number; denominator: number | null; line: number }[]>();
  rowCount = 0;
  readonly rows: Outturn[] | undefined;
  /**
   * One copy of each period, breakdown, category and note text for the rows kept: a million-row
   * extract repeats a few hundred of them, and a string per field per row was half of its memory
   * (241 → 134 MB of heap for 1,008,000 rows).
   */
  private readonly texts = new Map<string, string>();
  /** Rows for indicators not in the catalogue, left out (`extract.unknown_indicators: ignore`): by id, and where. */
  private readonly ignored = { ids: new Map<string, number>(), first: 0, last: 0 };

  constructor(
    catalogue: Catalogue | undefined,
    private readonly file: string,
    private readonly sink: ProblemSink,
    keepRows: boolean,
    private readonly opts: { unknownIndicators?: 'ignore' | 'error'; sheet?: string } = {},
  ) {
    this.byId = catalogue ? new Map(catalogue.indicators.map((i) => [i.id, i])) : undefined;
    this.rows = keepRows ? [] : undefined;
  }

  private problem(line: number, column: number | undefined, message: string, hint?: string, severity: Problem['severity'] = 'error', withFigures?: string, exempt?: true): void {
    const sheet = this.opts.sheet !== undefined ? { sheet: this.opts.sheet } : {};
    // A row's problem repeated down the extract (a column Excel reformatted) is one line with a count.
    this.sink.add(
      { file: this.file, ...sheet, line, ...(column !== undefined ? { column } : {}), message, ...(hint ? { hint } : {}), severity, ...(withFigures ? { withFigures } : {}), ...(exempt ? { exempt } : {}) },
      true,
    );
  }

  /** A problem whose message names figures from the extract: `message` says it without them. */
  private figureProblem(line: number, column: number, message: string, withFigures: string, hint?: string): false {
    this.problem(line, column, message, hint, 'error', withFigures);
    return false;
  }

  /** "line 12" in a CSV, "row 12" in a workbook. */
  private at(line: number): string {
    return `${this.opts.sheet !== undefined ? 'row' : 'line'} ${line}`;
  }

  /** One line for every row left out for naming an indicator the catalogue does not have. */
  notices(): string[] {
    const { ids, first, last } = this.ignored;
    if (ids.size === 0) return [];
    const rows = [...ids.values()].reduce((a, b) => a + b, 0);
    const named = [...ids.keys()].slice(0, 5).map((id) => `"${id}"`).join(', ') + (ids.size > 5 ? ` and ${ids.size - 5} more` : '');
    const where = this.opts.sheet !== undefined ? `${this.file}:${this.opts.sheet}` : this.file;
    return [
      `${where}: ${plural(rows, 'row')} for ${plural(ids.size, 'indicator')} not in the catalogue left out (${named}; ${first === last ? this.at(first) : `${this.opts.sheet !== undefined ? 'rows' : 'lines'} ${first} to ${last}`}); set extract: { unknown_indicators: error } in scrutiny.yaml to make them an error`,
    ];
  }

  private colNo(c: Column): number {
    return (this.col.get(c) ?? 0) + 1;
  }

  record(fields: string[], line: number): void {
    if (!this.sawHeader) {
      this.sawHeader = true;
      this.header(fields, line);
      return;
    }
    if (!this.headerOk) return;
    let empty = true;
    for (const f of fields) if (f !== '' && f.trim() !== '') empty = false;
    if (empty) return;
    this.rowCount++;
    this.row(fields, line);
  }

  private header(raw: string[], line: number): void {
    const names = trimTrailingEmpty(raw.map((h) => h.trim()));
    // Spreadsheets in some locales save "CSV" with semicolons or tabs: say so once, plainly.
    const separator = names.length === 1 ? [';', '\t'].find((sep) => names[0].split(sep).length >= OUTTURN_COLUMNS.length - 2) : undefined;
    if (separator) {
      this.problem(line, 1, `header: the columns are separated by ${separator === ';' ? 'semicolons' : 'tabs'}, not commas`, 'save the file as "CSV (comma delimited)"');
      this.headerOk = false;
      return;
    }
    this.width = names.length;
    let ok = true;
    // A misspelt column is reported once, as unknown with a suggestion, not again as missing.
    const suggested = new Set<string>();
    names.forEach((name, i) => {
      const lower = name.toLowerCase();
      if (name === '') {
        this.problem(line, i + 1, `header: column ${i + 1} has no name`, `name it, or delete the column; the columns are ${OUTTURN_COLUMNS.join(',')}`);
        ok = false;
      } else if (!KNOWN_COLUMNS.includes(lower)) {
        const near = closest(name, KNOWN_COLUMNS);
        if (near) suggested.add(near);
        this.problem(line, i + 1, `header: unknown column "${name}"`, near ? `did you mean "${near}"?` : `the columns are ${OUTTURN_COLUMNS.join(',')}`);
        ok = false;
      } else if (this.col.has(lower as Column)) {
        this.problem(line, i + 1, `header: column "${lower}" appears twice`, `the first is column ${this.colNo(lower as Column)}`);
        ok = false;
      } else this.col.set(lower as Column, i);
    });
    for (const c of OUTTURN_COLUMNS) {
      if (this.col.has(c)) continue;
      ok = false;
      if (!suggested.has(c)) this.problem(line, names.length + 1, `header: column "${c}" is missing`, `the header is ${OUTTURN_COLUMNS.join(',')}`);
    }
    this.headerOk = ok;
  }

  private field(fields: string[], c: Column): string {
    const at = this.col.get(c);
    const v = at === undefined ? undefined : fields[at];
    return v === undefined ? '' : v.trim();
  }

  /**
   * A whole number ≥ 0 (any number ≥ 0 for FTE figures), null when empty or a publisher's
   * symbol (noted in `symbols`), undefined when wrong (already reported).
   */
  private whole(fields: string[], c: Column, line: number, symbols: Partial<Record<FigureField, SourceSymbol>>, fte = false): number | null | undefined {
    const s = this.field(fields, c);
    if (s === '') return null;
    // Digits first: most cells are figures, and no publisher's symbol is one.
    if (WHOLE.test(s)) return Number(s);
    const symbol = sourceSymbol(s);
    if (symbol) {
      symbols[c as FigureField] = symbol;
      return null;
    }
    if (fte && DECIMAL.test(s) && !s.startsWith('-')) return Number(s);
    const at = this.colNo(c);
    if (THOUSANDS.test(s)) this.figureProblem(line, at, `${c}: has a thousands separator`, `${c}: "${s}" has a thousands separator`, 'remove the commas');
    else if (s.startsWith('-') && DECIMAL.test(s)) this.figureProblem(line, at, `${c}: is negative`, `${c}: ${s} is negative`, 'counts of people and cases are 0 or more');
    else if (DECIMAL.test(s)) {
      if (Number(s) === Math.trunc(Number(s))) return Number(s);
      this.figureProblem(line, at, `${c}: is not a whole number`, `${c}: ${s} is not a whole number`, `${c} counts people or cases; put averages and rates in value, or mark staff figures counts: fte in the catalogue`);
    } else this.figureProblem(line, at, `${c}: is not a number`, `${c}: "${s}" is not a number`, 'write digits only, e.g. 62, or the publisher\'s symbol (c, x, z, u, low)');
    return undefined;
  }

  private decimal(fields: string[], c: Column, line: number, symbols?: Partial<Record<FigureField, SourceSymbol>>): number | null | undefined {
    const s = this.field(fields, c);
    if (s === '') return null;
    const symbol = symbols ? sourceSymbol(s) : null;
    if (symbols && symbol) {
      symbols[c as FigureField] = symbol;
      return null;
    }
    if (DECIMAL.test(s)) {
      if (!s.startsWith('-')) return Number(s);
      this.figureProblem(line, this.colNo(c), `${c}: is negative`, `${c}: ${s} is negative`, 'outturns are 0 or more');
    } else if (THOUSANDS.test(s)) this.figureProblem(line, this.colNo(c), `${c}: has a thousands separator`, `${c}: "${s}" has a thousands separator`, 'remove the commas');
    else this.figureProblem(line, this.colNo(c), `${c}: is not a number`, `${c}: "${s}" is not a number`, 'write digits and a decimal point only, e.g. 68.1');
    return undefined;
  }

  private row(fields: string[], line: number): void {
    if (fields.length > this.width) {
      for (let i = this.width; i < fields.length; i++) {
        if (fields[i].trim() !== '') {
          this.problem(line, i + 1, `column ${i + 1} has a value but no header`, 'remove it, or move it into note');
          return;
        }
      }
    } else if (fields.length < this.width) {
      this.problem(line, fields.length + 1, `row has ${fields.length} fields; the header has ${this.width}`, 'check for a missing comma');
      return;
    }
    const id = this.field(fields, 'indicator');
    // An extract wider than the catalogue: such rows are not read at all, unless configured as errors.
    if (id !== '' && this.byId && !this.byId.has(id) && this.opts.unknownIndicators !== 'error') {
      this.ignored.ids.set(id, (this.ignored.ids.get(id) ?? 0) + 1);
      if (this.ignored.first === 0) this.ignored.first = line;
      this.ignored.last = line;
      return;
    }
    const period = this.field(fields, 'period');
    const breakdown = this.field(fields, 'breakdown') || null;
    const category = this.field(fields, 'category') || null;
    const ind = this.indicator(id, line);
    const fte = ind?.counts === 'fte';
    const symbols: Partial<Record<FigureField, SourceSymbol>> = {};
    const numerator = this.whole(fields, 'numerator', line, symbols, fte);
    const denominator = this.whole(fields, 'denominator', line, symbols, fte);
    const value = this.decimal(fields, 'value', line, symbols);
    const population = this.col.has('population') ? this.populationField(fields, ind, line) : null;
    let ok = numerator !== undefined && denominator !== undefined && value !== undefined && population !== undefined;
    if (ind === undefined) ok = false;
    if (!isMonth(period)) {
      const meant = monthFromExcel(period);
      const hint = meant ? `did you mean ${meant}? Excel shows months as "${period}": format the column as text and write YYYY-MM` : 'write it as YYYY-MM, e.g. 2023-11 (spreadsheets may have reformatted it)';
      this.problem(line, this.colNo('period'), `period: "${period}" is not a month`, hint);
      ok = false;
    } else if (ind && ind.frequency === 'quarterly' && Number(period.slice(5)) % 3 !== 0) {
      this.problem(line, this.colNo('period'), `period: ${period} is not a quarter end for quarterly indicator ${ind.id}`, 'use the quarter-end month: 03, 06, 09 or 12');
      ok = false;
    }
    if (breakdown !== null && ind && !ind.breakdowns.includes(breakdown)) {
      const hint = didYouMean(breakdown, ind.breakdowns) ?? (ind.breakdowns.length ? `${ind.id} has breakdowns ${ind.breakdowns.join(', ')}` : `add it to ${ind.id}'s breakdowns in the catalogue`);
      this.problem(line, this.colNo('breakdown'), `breakdown: "${breakdown}" is not a breakdown of ${ind.id}`, hint);
      ok = false;
    }
    if (breakdown !== null && category !== null && ind) ok = this.categoryRule(ind, breakdown, category, line) && ok;
    if (breakdown !== null && category === null) {
      this.problem(line, this.colNo('category'), `category: missing for breakdown ${breakdown}`, 'name the category, e.g. 10-12');
      ok = false;
    } else if (breakdown === null && category !== null) {
      this.problem(line, this.colNo('breakdown'), `breakdown: missing for category "${category}"`, 'name the breakdown the category belongs to, or empty the category on a headline row');
      ok = false;
    }
    const withheld = Object.keys(symbols).length > 0;
    if (ind && ok && isMonth(period)) ok = this.unitRules(ind, period, numerator!, denominator!, value!, population ?? null, withheld, breakdown !== null, line);
    if (!ind || !ok || !isMonth(period)) return;

    this.crossRow(ind, period, breakdown, category, numerator!, denominator!, withheld, line);
    if (this.rows) {
      const note = this.field(fields, 'note') || null;
      this.rows.push({
        indicator: ind.id,
        period: this.shared(period),
        numerator: numerator!,
        denominator: denominator!,
        value: value!,
        breakdown: breakdown === null ? null : this.shared(breakdown),
        category: category === null ? null : this.shared(category),
        note: note === null ? null : this.shared(note),
        ...(population !== null ? { population } : {}),
        ...(withheld ? { symbols } : {}),
        line,
      });
    }
  }

  private shared(text: string): string {
    const known = this.texts.get(text);
    if (known !== undefined) return known;
    // A copy of its own: a field split from the whole extract's text can be a view of that text,
    // which would keep all of it alive for as long as the rows are.
    const own = Buffer.from(text, 'utf8').toString('utf8');
    this.texts.set(own, own);
    return own;
  }

  /**
   * A category must be one the catalogue lists for its breakdown, where it lists them; one that
   * looks like a date Excel made from a category ("5-9" → "05-Sep") says so, listed or not.
   */
  private categoryRule(ind: Indicator, breakdown: string, category: string, line: number): boolean {
    const listed = ind.breakdown_categories?.[breakdown];
    if (listed?.includes(category)) return true;
    const typed = categoryFromExcelDate(category);
    const excel = typed !== undefined ? `Excel turned "${typed}" into a date: format the column as text and type ${typed} again` : undefined;
    if (!listed) {
      if (excel && ind.breakdowns.includes(breakdown)) this.problem(line, this.colNo('category'), `category: "${category}" looks like a date`, excel, 'warning');
      return true;
    }
    const hint = excel ?? didYouMean(category, listed) ?? `the ${breakdown} categories of ${ind.id} are ${listed.join(', ')}`;
    this.problem(line, this.colNo('category'), `category: "${category}" is not a ${breakdown} category of ${ind.id}`, hint);
    return false;
  }

  private indicator(id: string, line: number): Indicator | undefined | null {
    if (id === '') {
      this.problem(line, this.colNo('indicator'), 'indicator: missing', 'give the catalogue id of the indicator');
      return undefined;
    }
    if (!this.byId) return null;
    const ind = this.byId.get(id);
    if (ind) return ind;
    if (!this.sink.full) {
      if (!this.unknownHints.has(id)) this.unknownHints.set(id, didYouMean(id, this.byId.keys()));
      this.problem(line, this.colNo('indicator'), `indicator: "${id}" is not in the catalogue`, this.unknownHints.get(id) ?? 'add it to the catalogue, or correct the id');
    } else this.problem(line, this.colNo('indicator'), `indicator: "${id}" is not in the catalogue`);
    return undefined;
  }

  /** The optional population column: a whole number ≥ 1, for rates only; null when empty. */
  private populationField(fields: string[], ind: Indicator | null | undefined, line: number): number | null | undefined {
    const s = this.field(fields, 'population');
    if (s === '') return null;
    const at = this.colNo('population');
    if (!WHOLE.test(s) || Number(s) < 1) {
      this.problem(line, at, `population: "${s}" is not a population`, 'write the number of people the rate is over, digits only, e.g. 73457');
      return undefined;
    }
    if (ind && ind.unit !== 'rate') {
      this.problem(line, at, `population: given for ${ind.unit} indicator ${ind.id}`, 'only rates use a population; leave it empty');
      return undefined;
    }
    return Number(s);
  }

  private unitRules(ind: Indicator, period: Month, numerator: number | null, denominator: number | null, value: number | null, population: number | null, withheld: boolean, inBreakdown: boolean, line: number): boolean {
    const err = (c: Column, message: string, hint?: string) => {
      this.problem(line, this.colNo(c), message, hint);
      return false;
    };
    // A figure the publisher withheld has nothing of ours to check (SPEC Second round › Source symbols).
    if (withheld) return true;
    // SPEC Second round › Rates…: a percentage or rate another body published may come as its value alone.
    const valueOnly = ind.source_published && numerator === null && value !== null && (ind.unit === 'percent' || ind.unit === 'rate');
    if (numerator === null && !valueOnly) return err('numerator', `numerator: missing for ${ind.unit} indicator ${ind.id}`, numeratorMeaning(ind));
    switch (ind.unit) {
      case 'percent': {
        if (valueOnly) return value! <= 100 || err('value', `value: ${value} is more than 100`, 'a percentage cannot be over 100%');
        if (denominator === null) return err('denominator', `denominator: missing for percent indicator ${ind.id}`, 'a percentage needs the number it is out of');
        if (numerator! > denominator) return this.figureProblem(line, this.colNo('numerator'), 'numerator: is more than the denominator', `numerator: ${numerator} is more than the denominator ${denominator}`, 'a percentage cannot be over 100%');
        if (value !== null) {
          const computed = denominator === 0 ? null : (numerator! / denominator) * 100;
          if (computed === null) return this.figureProblem(line, this.colNo('value'), 'value: given but the denominator is 0', `value: ${value} given but the denominator is 0`, 'leave value empty');
          if (roundShown(value, ind.decimals) !== roundShown(computed, ind.decimals)) {
            return this.figureProblem(line, this.colNo('value'), 'value: disagrees with numerator / denominator', `value: ${value} disagrees with ${numerator} / ${denominator} = ${shownNumber(computed, ind.decimals)}%`, 'correct the figures, or leave value empty to compute it');
          }
        }
        return true;
      }
      case 'count':
        if (denominator !== null) return err('denominator', `denominator: must be empty for count indicator ${ind.id}`, 'a count has only a numerator');
        if (value !== null && value !== numerator) return this.figureProblem(line, this.colNo('value'), 'value: disagrees with the count in numerator', `value: ${value} disagrees with the count ${numerator}`, 'leave value empty for a count');
        return true;
      case 'rate': {
        if (valueOnly) return true;
        const pop = population ?? (inBreakdown ? null : populationAt(ind, period));
        if (pop === null) {
          if (value !== null) return true;
          // Once per indicator: every row of it lacks the same population.
          if (this.noPopulation.has(ind.id)) return false;
          this.noPopulation.add(ind.id);
          return err('value', `value: missing for rate indicator ${ind.id} ${period}, and there is no population for it`, `give the rate in value, a population column, or a population for ${period} in the catalogue`);
        }
        if (value !== null) {
          const computed = (numerator! / pop) * (ind.rate_per ?? 10000);
          if (roundShown(value, ind.decimals) !== roundShown(computed, ind.decimals)) {
            return this.figureProblem(line, this.colNo('value'), `value: disagrees with numerator / population × ${rateBase(ind)}`, `value: ${value} disagrees with ${numerator} / ${pop} × ${rateBase(ind)} = ${shownNumber(computed, ind.decimals)}`, 'correct the figures or the population for the period, or leave value empty to compute it');
          }
        }
        return true;
      }
      default:
        if (value === null) return err('value', `value: missing for ${ind.unit} indicator ${ind.id}`, `give the ${ind.unit === 'days' ? 'average number of days' : 'ratio'}; numerator is the number of cases it is over`);
        return true;
    }
  }

  private crossRow(ind: Indicator, period: Month, breakdown: string | null, category: string | null, numerator: number | null, denominator: number | null, withheld: boolean, line: number): void {
    const key = `${ind.id}\t${period}`;
    let g = this.groups.get(key);
    if (!g) {
      g = { indicator: ind, period, seen: new Map(), sums: new Map() };
      this.groups.set(key, g);
    }
    const b = breakdown ?? '';
    let cats = g.seen.get(b);
    if (!cats) {
      cats = new Map();
      g.seen.set(b, cats);
    }
    const c = category ?? '';
    const first = cats.get(c);
    if (first !== undefined) {
      const what = breakdown ? `${ind.id} ${period} ${breakdown} ${category}` : `${ind.id} ${period} (headline)`;
      this.problem(line, 1, `${what}: duplicate of ${this.at(first)}`, 'keep one row per indicator, period, breakdown and category');
      return;
    }
    cats.set(c, line);
    if (breakdown === null) {
      g.headline = { numerator, denominator, line };
      if (ind.basis === 'year_to_date' && numerator !== null) {
        let list = this.ytd.get(ind.id);
        if (!list) this.ytd.set(ind.id, (list = []));
        list.push({ period, numerator, denominator, line });
      }
    } else {
      const s = g.sums.get(breakdown);
      if (s) {
        s.numerator += numerator ?? 0;
        s.denominator += denominator ?? 0;
        s.withheld ||= withheld;
      } else g.sums.set(breakdown, { numerator: numerator ?? 0, denominator: denominator ?? 0, line, withheld });
    }
  }

  /** The checks that need every row: breakdown totals and year-to-date order. */
  finish(): void {
    for (const g of this.groups.values()) {
      for (const [breakdown, s] of g.sums) {
        const ind = g.indicator;
        if (!g.headline) {
          this.problem(s.line, this.colNo('breakdown'), `${ind.id} ${g.period}: ${breakdown} rows but no headline row`, 'add the headline row, with breakdown and category empty');
          continue;
        }
        const h = g.headline;
        if (s.withheld) continue;
        const numOff = h.numerator !== null && Math.abs(s.numerator - h.numerator) > 1e-9;
        const denOff = ind.unit === 'percent' && h.denominator !== null && Math.abs(s.denominator - h.denominator) > 1e-9;
        if (numOff || denOff) {
          const fmt = (n: number | null, d: number | null) => (ind.unit === 'percent' ? `${n} of ${d}` : `${n}`);
          this.figureProblem(
            h.line,
            this.colNo(numOff ? 'numerator' : 'denominator'),
            `${ind.id} ${g.period}: the ${breakdown} categories do not add up to the headline ${numOff ? 'numerator' : 'denominator'}`,
            `${ind.id} ${g.period}: the ${breakdown} categories add up to ${fmt(s.numerator, s.denominator)}, but the headline is ${fmt(h.numerator, h.denominator)}`,
            'correct the categories or the headline so that they agree',
          );
        }
      }
    }
    for (const [id, list] of this.ytd) {
      list.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
      for (let i = 1; i < list.length; i++) {
        const prev = list[i - 1];
        const cur = list[i];
        const start = this.byId?.get(id)?.year_start ?? 4;
        if (financialYearStart(prev.period, start) !== financialYearStart(cur.period, start)) continue;
        const down = cur.numerator < prev.numerator || (cur.denominator !== null && prev.denominator !== null && cur.denominator < prev.denominator);
        if (down) {
          // Whether it went down is a fact about figures Part 1 may hide.
          this.problem(
            cur.line,
            this.colNo(cur.numerator < prev.numerator ? 'numerator' : 'denominator'),
            `${id} ${cur.period}: the year-to-date figure went down from ${monthName(prev.period)} (${this.at(prev.line)})`,
            `year_to_date figures are cumulative since 1 ${monthWord(this.byId?.get(id)?.year_start ?? 4)}; check the extract, or set year_start for ${id} in the catalogue`,
            'warning',
            undefined,
            true,
          );
        }
      }
    }
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthNumber = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;

/**
 * The YYYY-MM a spreadsheet's rendering of a month stands for: "Apr-23", "April 2023",
 * "01/04/2023" (UK day first), "2023-04-01". Undefined when it is none of these.
 */
export function monthFromExcel(s: string): string | undefined {
  const pad = (m: number) => String(m).padStart(2, '0');
  const year = (y: string) => (y.length === 2 ? `20${y}` : y);
  let m = /^([A-Za-z]{3,9})[-\s]'?(\d{2}|\d{4})$/.exec(s);
  if (m && monthNumber(m[1]) > 0) return `${year(m[2])}-${pad(monthNumber(m[1]))}`;
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[3]}-${pad(Number(m[2]))}`;
  m = /^(\d{4})-(\d{2})-\d{2}(T[\d:.]+Z?)?$/.exec(s);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return `${m[1]}-${m[2]}`;
  return undefined;
}

/**
 * What was typed before Excel made a date of it: "05-Sep" and "5-Sep" (day-month) were "5-9",
 * "Oct-15" (month-year) was "10-15". Undefined when it does not look like such a date.
 */
export function categoryFromExcelDate(s: string): string | undefined {
  let m = /^(\d{1,2})-([A-Za-z]{3})$/.exec(s);
  if (m && monthNumber(m[2]) > 0 && Number(m[1]) >= 1 && Number(m[1]) <= 31) return `${Number(m[1])}-${monthNumber(m[2])}`;
  m = /^([A-Za-z]{3})-(\d{2})$/.exec(s);
  if (m && monthNumber(m[1]) > 0) return `${monthNumber(m[1])}-${Number(m[2])}`;
  return undefined;
}

function numeratorMeaning(ind: Indicator): string {
  switch (ind.unit) {
    case 'count':
      return 'give the count';
    case 'percent':
      return 'give the number of people the percentage is of';
    case 'rate':
      return 'give the number of events the rate is of';
    default:
      return 'give the number of cases the average is over';
  }
}

/**
 * csv-parse's stream, handing each record straight to the checker with the line it starts on.
 * Reading `info.lines` here instead of asking for `info: true` halves the parse time of a
 * million-row extract, since csv-parse then copies an info object per record.
 */
class RecordParser extends Parser {
  private readonly lines = new LineTracker();

  constructor(private readonly onRecord: (fields: string[], line: number) => void, onSkip: (e: Error) => void) {
    super({ bom: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true, on_skip: (e) => {
      if (e) onSkip(e);
      return undefined;
    } });
  }

  override push(record: unknown): boolean {
    if (record === null) return super.push(null);
    const fields = record as string[];
    this.onRecord(fields, this.lines.start(fields, this.info.lines));
    return true;
  }
}

/**
 * The line break of an extract with no quote in it and one kind of line break throughout (LF, or
 * CRLF), or undefined. In such a text, CSV's grammar (RFC 4180) leaves nothing to parse: every line
 * is a record and every comma ends a field. csv-parse, which reads any CSV, took 4 of the 6 seconds
 * that `validate` spends on a 1,008,000-row extract; splitting takes a tenth of that. Anything else
 * (a quoted field, a lone CR) goes to csv-parse. test/load/quote-free.test.ts holds the two to the
 * same records and lines.
 */
export function quoteFreeLineBreak(bytes: Buffer): '\n' | '\r\n' | undefined {
  if (bytes.includes(0x22)) return undefined;
  if (!bytes.includes(0x0d)) return '\n';
  let cr = 0;
  let crlf = 0;
  let lf = 0;
  for (let i = bytes.indexOf(0x0d); i !== -1; i = bytes.indexOf(0x0d, i + 1)) {
    cr++;
    if (bytes[i + 1] === 0x0a) crlf++;
  }
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) lf++;
  return cr === crlf && lf === crlf ? '\r\n' : undefined;
}

/**
 * Each record of a quote-free extract (see quoteFreeLineBreak) with the line it is on, as csv-parse
 * gives them with the options RecordParser uses: a byte order mark dropped, empty lines skipped,
 * rows of any length. Read line by line from the bytes (UTF-8 already checked), so no text of the
 * whole extract is made.
 */
export function* quoteFreeRecords(bytes: Buffer, lineBreak: '\n' | '\r\n'): Generator<[fields: string[], line: number]> {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const cut = lineBreak.length - 1;
  for (let line = 1; at < bytes.length; line++) {
    const lf = bytes.indexOf(0x0a, at);
    const stop = lf === -1 ? bytes.length : lf - cut;
    if (stop > at) yield [bytes.toString('utf8', at, stop).split(','), line];
    at = lf === -1 ? bytes.length : lf + 1;
  }
}

/**
 * Runs a whole outturns extract through the checker: split where it is quote-free, csv-parse
 * otherwise, with the same problems either way.
 */
export async function checkOutturnsData(data: Buffer, checker: OutturnChecker, file: string, sink: ProblemSink): Promise<void> {
  const wrong = textProblem(data, file);
  if (wrong) return sink.add(wrong);
  const lineBreak = quoteFreeLineBreak(data);
  if (lineBreak === undefined) return checkOutturns(Readable.from([data]), checker, file, sink);
  for (const [fields, line] of quoteFreeRecords(data, lineBreak)) checker.record(fields, line);
  if (!checker.sawHeader) sink.add(emptyFile(file));
  checker.finish();
}

const emptyFile = (file: string): Problem => ({ file, line: 1, column: 1, message: 'the file is empty', hint: `start it with the header ${OUTTURN_COLUMNS.join(',')}`, severity: 'error' });

/** Runs an outturns CSV stream through the checker. */
export async function checkOutturns(source: Readable, checker: OutturnChecker, file: string, sink: ProblemSink): Promise<void> {
  const parser = new RecordParser(
    (fields, line) => checker.record(fields, line),
    (e) => sink.add(csvErrorProblem(e, file), true),
  );
  try {
    await pipeline(source, textGuard(file), parser);
  } catch (e) {
    // Not CSV text at all: one line saying so, rather than a line per row of mojibake.
    if (e instanceof NotTextError) return sink.add(e.problem);
    if ((e as { code?: string }).code?.startsWith('CSV_')) sink.add(csvErrorProblem(e as Error, file));
    else throw e;
  }
  if (!checker.sawHeader) sink.add(emptyFile(file));
  checker.finish();
}
