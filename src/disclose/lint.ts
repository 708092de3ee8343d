import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { LineCounter, parseDocument } from 'yaml';
import type { Assessed, Figure } from '../assess/types.js';
import type { DisclosureRules, LedgerRow, Problem, Workspace } from '../types.js';
import type { SuppressionRecord } from './types.js';
import { roundShown } from '../format.js';

const md = new MarkdownIt();

/**
 * The words a reader will see: Markdown rendered to plain text (`**3** children` reads
 * "3 children"), compatibility forms folded (fullwidth "３"), every decimal digit of any
 * script read as its ASCII digit, so the lint reads what the paper prints.
 */
export function readerText(markdown: string): string {
  const out: string[] = [];
  const walk = (tokens: ReturnType<MarkdownIt['parse']>) => {
    for (const t of tokens) {
      if (t.children) walk(t.children);
      else if (t.type === 'text' || t.type === 'code_inline' || t.type === 'code_block' || t.type === 'fence') out.push(t.content);
      else if (t.type === 'softbreak' || t.type === 'hardbreak' || t.type.endsWith('_close')) out.push(' ');
    }
  };
  walk(md.parse(markdown, {}));
  return asciiDigits(out.join('').normalize('NFKC').replace(/\s+/g, ' ').trim());
}

/** Any Unicode decimal digit as ASCII: digits come in runs of ten from zero, so its place in the run is its value. */
function asciiDigits(text: string): string {
  return text.replace(/\p{Nd}/gu, (d) => {
    let zero = d.codePointAt(0)!;
    while (/\p{Nd}/u.test(String.fromCodePoint(zero - 1))) zero--;
    return String((d.codePointAt(0)! - zero) % 10);
  });
}

const NUMBER_WORDS = [
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];

const NUMBER_WORDS_RE = NUMBER_WORDS.map((w) => new RegExp(`\\b${w}\\b`, 'gi'));

/** Words that are a number of people by themselves ("both", "twins"), with the number they say. */
const IMPLIED: [RegExp, number][] = [
  [/\ba single\b|\bsingle\b|\ba lone\b|\bonly one\b/gi, 1],
  [/\bboth\b|\ba couple of\b|\ba pair of\b|\btwins\b|\btwin\b/gi, 2],
  [/\btriplets\b/gi, 3],
];

const PEOPLE = [
  'child', 'children', 'kids?', 'youngsters?', 'young (?:people|persons?|carers?)', 'people', 'persons?', 'care leavers?', 'famil(?:y|ies)',
  'households?', 'bab(?:y|ies)', 'infants?', 'toddlers?', 'newborns?', 'boys?', 'girls?', 'sons?', 'daughters?', 'brothers?', 'sisters?',
  'twins?', 'triplets', 'pupils?', 'students?', 'learners?', 'teenagers?', 'teens?', 'adolescents?', 'minors?', 'siblings?', 'parents?',
  'carers?', 'mothers?', 'fathers?', 'mums?', 'dads?', 'guardians?', 'individuals?', 'residents?', 'adopters?', 'foster carers?',
  'UASC', 'unaccompanied (?:asylum[- ]seeking )?(?:children|minors?)', 'asylum seekers?', 'victims?', 'survivors?', 'offenders?',
  'cases?', 'referrals?', 'whom',
];

export type LintRule = 'small-number' | 'all-but' | 'of-whom' | 'hidden-figure';

export interface LintFinding {
  rule: LintRule;
  /** The words found, with their number masked, so a log never carries the number. */
  masked: string;
}

function numberPattern(threshold: number): string {
  const digits = Array.from({ length: threshold }, (_, i) => String(i + 1)).sort((a, b) => b.length - a.length);
  const words = NUMBER_WORDS.slice(0, Math.min(threshold, NUMBER_WORDS.length));
  // A leading zero is the same number to a reader ("03 children").
  return [...digits.map((d) => `0*${d}`), ...words, 'a single', 'single', 'a lone', 'only one', 'both', 'a couple of', 'a pair of'].join('|');
}

const mask = (s: string) => s.replace(/\d+(?:[.,]\d+)*/g, '…').replace(new RegExp(`\\b(?:${NUMBER_WORDS.join('|')})\\b`, 'gi'), '…');

/**
 * Small numbers of people in the text a reader will see: a number from 1 to the threshold, in
 * any form, up to three words before a word for people ("3 young people", "two of the 91
 * children", "a single child"); "twins"; "all but 2"; "4 of whom".
 */
/** The lint's patterns for one threshold, compiled once (a build lints every month it audits). */
const patterns = new Map<number, { near: RegExp; allBut: RegExp }>();
function patternsFor(T: number): { near: RegExp; allBut: RegExp } {
  let p = patterns.get(T);
  if (!p) {
    const number = numberPattern(T);
    p = {
      // Not part of a larger number, a decimal or a date: "15 children" and "2.5 years" are not small counts.
      near: new RegExp(`(?<![\\w.,/-])(?:${number})(?![\\w.,%/-])\\s+(?:[\\w'-]+\\s+){0,3}?(?:${PEOPLE.join('|')})\\b`, 'gi'),
      allBut: new RegExp(`\\ball but (?:${number})(?![\\w.,%/-])`, 'gi'),
    };
    patterns.set(T, p);
  }
  return p;
}

export function lintPublicText(markdown: string, rules: DisclosureRules): LintFinding[] {
  const text = readerText(markdown);
  const { near, allBut } = patternsFor(rules.threshold);
  const found: LintFinding[] = [];
  for (const m of text.matchAll(near)) found.push({ rule: /whom$/i.test(m[0]) ? 'of-whom' : 'small-number', masked: mask(m[0]) });
  for (const m of text.matchAll(/\b(?:twins?|triplets)\b/gi)) if (!found.some((f) => f.masked.toLowerCase().includes(m[0].toLowerCase()))) found.push({ rule: 'small-number', masked: m[0] });
  for (const m of text.matchAll(allBut)) found.push({ rule: 'all-but', masked: mask(m[0]) });
  return found;
}

/** Every number a reader sees in the text, whatever form it takes. */
export function numbersIn(markdown: string): number[] {
  // An age or a span of time ("children under five", "aged 3", "within 10 working days") is not a count of anyone.
  // Nor is a name in the paper's own numbering ("Indicator 16", "Part 2", "paragraph 3") or a month ("December 2023").
  const text = readerText(markdown)
    .replace(/\b(?:under|over|aged|age|ages|within)\s+(?:\d+|[a-z]+)\b|\b(?:\d+|[a-z]+)[- ](?:years?|months?|weeks?|hours?|year-olds?)\b/gi, ' ')
    .replace(/\b(?:indicators?|parts?|paragraphs?|sections?|appendix)\s+\d+\b/gi, ' ')
    .replace(/\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\s+\d{4}\b/gi, ' ');
  const values: number[] = [];
  for (const m of text.matchAll(/(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?!\w)/g)) values.push(Number(m[1].replace(/,/g, '') + (m[2] ?? '')));
  NUMBER_WORDS_RE.forEach((re, i) => {
    for (const _ of text.matchAll(re)) values.push(i + 1);
  });
  for (const [re, n] of IMPLIED) for (const _ of text.matchAll(re)) values.push(n);
  return values;
}

type Ref = Pick<SuppressionRecord, 'indicator' | 'period' | 'breakdown' | 'category' | 'field'>;

function figureOf(assessed: Assessed, ref: Ref): number | null {
  const a = assessed.assessments.find((x) => x.indicator.id === ref.indicator);
  if (!a) return null;
  const figures: Figure[] = [a.current, a.previous, a.lastYear, ...a.trend.map((t) => t.figure)].filter((f): f is Figure => f !== null);
  const fig = ref.breakdown ? a.breakdowns.find((b) => b.period === ref.period && b.breakdown === ref.breakdown && b.category === ref.category) : figures.find((f) => f.period === ref.period);
  const v = fig ? fig[ref.field] : null;
  return v === null ? null : roundShown(v, ref.field === 'value' ? a.indicator.decimals : 0);
}

/**
 * The numbers public commentary about an indicator must not state: each figure Part 1 hides for
 * it or for an indicator declared to count the same children (catalogue `cohort:`), in any
 * period the paper holds (the trend, a year ago), and each shown figure of the same period plus
 * or minus a hidden one (a complement: "89 of the 91 children" where the table hides the 2). A
 * number Part 1 itself shows for those indicators is never among them.
 */
export function forbiddenNumbers(indicator: string, assessed: Assessed, log: SuppressionRecord[], figures: LedgerRow[]): Set<number> {
  const about = new Set([indicator]);
  const own = assessed.assessments.find((x) => x.indicator.id === indicator)?.indicator;
  const cohorts = new Set(Object.values(own?.cohort ?? {}));
  for (const x of assessed.assessments) if (Object.values(x.indicator.cohort ?? {}).some((c) => cohorts.has(c))) about.add(x.indicator.id);
  const hiddenByPeriod = new Map<string, number[]>();
  for (const r of log) {
    if (!about.has(r.indicator)) continue;
    const v = figureOf(assessed, r);
    if (v !== null) hiddenByPeriod.set(r.period, [...(hiddenByPeriod.get(r.period) ?? []), v]);
  }
  const shownByPeriod = new Map<string, number[]>();
  for (const f of figures) {
    if (!about.has(f.indicator) || !/^-?\d+(\.\d+)?$/.test(f.shown)) continue;
    shownByPeriod.set(f.period, [...(shownByPeriod.get(f.period) ?? []), Number(f.shown)]);
  }
  const out = new Set<number>();
  for (const [period, hidden] of hiddenByPeriod) {
    for (const h of hidden) {
      out.add(h);
      for (const s of shownByPeriod.get(period) ?? []) if (Number.isInteger(h) && Number.isInteger(s)) [s - h, s + h].forEach((v) => v > 0 && out.add(v));
    }
  }
  for (const shown of shownByPeriod.values()) for (const s of shown) out.delete(s);
  return out;
}

/**
 * Where `indicators.<id>.public` (or a by-exception entry) starts in the commentary file, for a
 * located message: the file is parsed once, and only when there is something to say.
 */
function lineFinder(file: string): (path: (string | number)[]) => number | undefined {
  let source: string | null | undefined;
  let parsed: { doc: ReturnType<typeof parseDocument>; lineCounter: LineCounter } | undefined;
  return (path) => {
    if (source === undefined) {
      try {
        source = readFileSync(file, 'utf8');
      } catch {
        source = null;
      }
    }
    if (source === null) return undefined;
    if (!parsed) {
      const lineCounter = new LineCounter();
      parsed = { doc: parseDocument(source, { lineCounter }), lineCounter };
    }
    const node = parsed.doc.getIn(path, true) as { range?: [number, number, number] } | undefined;
    return node?.range ? parsed.lineCounter.linePos(node.range[0]).line : undefined;
  };
}

/**
 * Public commentary checked as the reader will see it. Small numbers of people are warnings (an
 * error with --strict); a number that states or gives back a figure Part 1 hides is an error
 * whatever the options, as publishing the text would publish the figure. Messages name the
 * file, line and rule, never the figure.
 */
export function lintCommentary(ws: Workspace, assessed: Assessed, disclosed: { log: SuppressionRecord[]; figures: LedgerRow[] }): Problem[] {
  const commentary = ws.commentary.get(assessed.month);
  if (!commentary) return [];
  const rules = ws.config.disclosure;
  const file = `${ws.config.paths.commentary}/${assessed.month}.yaml`;
  const texts: { indicator: string; where: string; path: (string | number)[]; text: string }[] = [];
  for (const [id, entry] of Object.entries(commentary.indicators)) {
    if (entry.public) texts.push({ indicator: id, where: `indicators.${id}.public`, path: ['indicators', id, 'public'], text: entry.public });
  }
  commentary.by_exception.forEach((e, i) => {
    if (e.public) texts.push({ indicator: e.indicator, where: `by_exception[${i}].public`, path: ['by_exception', i, 'public'], text: e.public });
  });
  const lineOf = lineFinder(join(ws.dir, file));
  return texts.flatMap(({ indicator, where, path, text }) => {
    const problems: Problem[] = lintPublicText(text, rules).map((f) => ({
      file,
      message: `${where}: public commentary for indicator ${indicator} says "${f.masked}" with a number from 1 to ${rules.threshold} (rule: ${f.rule})`,
      hint: 'Part 1 suppresses such numbers in its tables; reword without the number (e.g. "a small number of"), or move it to the exempt text',
      severity: 'warning' as const,
    }));
    const forbidden = forbiddenNumbers(indicator, assessed, disclosed.log, disclosed.figures);
    if (numbersIn(text).some((n) => forbidden.has(n))) {
      problems.push({
        file,
        message: `${where}: public commentary for indicator ${indicator} states a figure Part 1 hides, or one that gives it back with a shown figure (rule: hidden-figure)`,
        hint: 'publishing the text would publish the figure: reword it without the number, or move it to the exempt text',
        severity: 'error',
      });
    }
    if (problems.length === 0) return [];
    const line = lineOf(path);
    return problems.map(({ file, ...rest }) => ({ file, line, ...rest }));
  });
}
