import { isPair, isScalar, visit, type Scalar } from 'yaml';
import { longDate, monthName } from '../format.js';
import type { Config, Month, Problem } from '../types.js';
import { didYouMean } from './suggest.js';
import type { YamlFile } from './yaml.js';

/**
 * The placeholders fixed text may use (SPEC Second round › Fixed text, placeholders, images).
 * Anything else between double braces is an error: printed literally, it would reach committee.
 */
export const PLACEHOLDERS = ['authority', 'committee', 'dataset', 'month_name', 'month', 'meeting_date', 'financial_year', 'part'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

const PLACEHOLDER_RE = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The financial year (April to March, as committees report) the month falls in: "2023/24". */
export function financialYear(month: Month): string {
  const [y, m] = month.split('-').map(Number);
  const start = m >= 4 ? y : y - 1;
  return `${start}/${String((start + 1) % 100).padStart(2, '0')}`;
}

export function placeholderValues(config: Config, month: Month, part: 'public' | 'exempt'): Record<Placeholder, string> {
  const meeting = config.meetings[month];
  return {
    authority: config.authority,
    committee: config.committee,
    dataset: config.dataset,
    month_name: monthName(month),
    month,
    meeting_date: meeting ? longDate(meeting.date) : '',
    financial_year: financialYear(month),
    part: part === 'public' ? 'Part 1 (Public)' : 'Part 2 (Exempt)',
  };
}

/** Fixed text with its placeholders filled. Unknown names were refused when the file was read. */
export function fillPlaceholders(text: string, values: Record<Placeholder, string>): string {
  return text.replace(PLACEHOLDER_RE, (whole, name: string) => (Object.hasOwn(values, name) ? values[name as Placeholder] : whole));
}

/**
 * Every `{{…}}` in the scalars under `paths` of a YAML file that is not a known placeholder, located
 * at the brace in the file as written (the scalar's source, so folded and quoted text point right).
 */
export function unknownPlaceholders(y: YamlFile, text: string, roots: string[]): Problem[] {
  const problems: Problem[] = [];
  visit(y.doc, {
    Scalar(_key, node: Scalar, path) {
      if (typeof node.value !== 'string' || !node.range) return;
      const top = path.find(isPair);
      const topKey = isScalar(top?.key) ? String(top.key.value) : undefined;
      if (!topKey || !roots.includes(topKey)) return;
      // Only values: a key is never printed.
      const parent = path[path.length - 1];
      if (isPair(parent) && parent.key === node) return;
      const source = text.slice(node.range[0], node.range[1]);
      for (const m of source.matchAll(PLACEHOLDER_RE)) {
        const name = m[1];
        if ((PLACEHOLDERS as readonly string[]).includes(name)) continue;
        const { line, col } = y.lines.linePos(node.range[0] + (m.index ?? 0));
        problems.push({
          file: y.file,
          line,
          column: col,
          message: `unknown placeholder {{${name}}}`,
          hint: didYouMean(name, PLACEHOLDERS) ?? `the placeholders are ${PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
          severity: 'error',
        });
      }
    },
  });
  return problems;
}
