import { isPair, isScalar, visit, type Document } from 'yaml';
import type { PaperSections } from '../types.js';

/** Top-level keys of scrutiny.yaml whose scalars are numbers or flags, not text to print. */
const NOT_TEXT = new Set(['exempt_paragraphs', 'disclosure', 'sample']);

/**
 * SPEC Second round › Fixed text: every other scalar of scrutiny.yaml is text exactly as written.
 * YAML would read `phone: 01632960418` as the number 1632960418 and `report_number: 1.10` as 1.1;
 * the scalar's source keeps the leading zero and the trailing digit. Empty values stay empty.
 */
export function readScalarsAsText(doc: Document.Parsed): void {
  visit(doc, {
    Scalar(_key, node, path) {
      if (node.value === null || typeof node.value === 'string') return;
      const top = path.find(isPair);
      if (!top || !isScalar(top.key) || NOT_TEXT.has(String(top.key.value))) return;
      const parent = path[path.length - 1];
      if (isPair(parent) && parent.key === node) return;
      node.value = typeof node.source === 'string' ? node.source : String(node.value);
    },
  });
}

type Variant<T> = T | { part1?: T; part2?: T };

function isVariant(v: unknown): v is { part1?: unknown; part2?: unknown } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && ('part1' in v || 'part2' in v);
}

/**
 * One part's fixed text from `sections`, where any key may be `{ part1: …, part2: … }` (SPEC Second
 * round › Fixed text): Part 2 need not repeat that figures were "withheld from this Part 1 report".
 * A key a part leaves out is left out of that part.
 */
export function sectionsForPart(sections: { [K in keyof PaperSections]?: Variant<PaperSections[K]> }, part: 'part1' | 'part2'): PaperSections {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(sections)) {
    const chosen = isVariant(value) ? value[part] : value;
    if (chosen !== undefined && chosen !== null) out[key] = chosen;
  }
  return out as PaperSections;
}
