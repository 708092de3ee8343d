import { z } from 'zod';
import { DEFAULT_DISCLOSURE, DEFAULT_PATHS } from '../defaults.js';
import { isMonth } from '../format.js';
import { definedOnly } from '../lib/objects.js';
import type { Config, Month, Problem, WorkspacePaths } from '../types.js';
import { isoDate, loose, optionalText, paragraphs, text } from './schemas.js';
import { readScalarsAsText, sectionsForPart } from './fixed-text.js';
import { unknownPlaceholders } from './placeholders.js';
import { parseYamlWith, problemAt } from './yaml.js';

const person = z.strictObject({ name: text, role: text, phone: loose.optional(), email: text.optional() });

/** SPEC Second round › Fixed text: any section may be `{ part1: …, part2: … }` to differ by part. */
const byPart = <S extends z.ZodType>(s: S) => z.union([s, z.strictObject({ part1: s.optional(), part2: s.optional() })]);

const sections = z.strictObject({
  reason: byPart(optionalText),
  recommendations: byPart(paragraphs.optional()),
  impact_on_vulnerable: byPart(optionalText),
  policy: byPart(optionalText),
  financial: byPart(optionalText),
  personnel: byPart(optionalText),
  legal: byPart(optionalText),
  procurement: byPart(optionalText),
  property: byPart(optionalText),
  carbon: byPart(optionalText),
  customer_impact: byPart(optionalText),
  ward_councillor_views: byPart(optionalText),
  commentary_intro: byPart(paragraphs.optional()),
  implications: byPart(z.array(z.strictObject({ heading: text, paragraphs })).optional()),
  non_applicable_headings: byPart(optionalText),
  background_documents: byPart(optionalText),
});

const count = z.number().int().min(0);
const disclosure = z.strictObject({
  threshold: z.number().int().min(1).optional(),
  min_denominator: count.optional(),
  min_cases: count.optional(),
  rate_reliability_events: count.optional(),
  group_disclosure: z.enum(['hide', 'show']).optional(),
  symbols: z
    .strictObject({ suppressed: text.optional(), not_available: text.optional(), not_applicable: text.optional(), low_reliability: text.optional(), rounds_to_zero: text.optional() })
    .optional(),
});

const paths = z.strictObject({
  catalogue: text.optional(),
  outturns: text.optional(),
  commentary: text.optional(),
  published: text.optional(),
  templates: text.optional(),
  out: text.optional(),
});

export const configSchema = z.strictObject({
  authority: text,
  committee: text,
  dataset: text,
  title: text,
  decision_type: text,
  contact_officer: person,
  chief_officer: person,
  ward: text,
  /** A PNG or SVG inside the workspace, printed on the cover sheet (read and inlined by the loader). */
  logo: text.optional(),
  meetings: z.record(z.string(), z.strictObject({ date: isoDate, report_number: loose.pipe(text) })),
  // Schedule 12A to the Local Government Act 1972, Part 1, has paragraphs 1 to 7.
  exempt_paragraphs: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2]),
  sections: sections.prefault({}),
  disclosure: disclosure.prefault({}),
  paths: paths.prefault({}),
});

/**
 * scrutiny.yaml → Config, merged over the defaults. `paths` comes back even when the rest is
 * wrong, so the other files can still be checked in the same pass.
 */
export function parseConfigYaml(text: string, file: string, month?: Month): { config?: Config; paths: WorkspacePaths; problems: Problem[] } {
  const { yaml, value, problems } = parseYamlWith(text, file, configSchema, readScalarsAsText);
  const rawPaths = paths.safeParse((yaml?.data as { paths?: unknown } | undefined)?.paths ?? {});
  const merged: WorkspacePaths = { ...DEFAULT_PATHS, ...(rawPaths.success ? definedOnly(rawPaths.data) : {}) };
  if (!yaml || !value) return { paths: merged, problems };

  for (const key of Object.keys(value.meetings)) {
    if (!isMonth(key)) problems.push(problemAt(yaml, ['meetings', key], `"${key}" is not a month`, 'write it as "YYYY-MM", e.g. "2023-11"', 'error', true));
  }
  if (month && !value.meetings[month]) {
    problems.push(problemAt(yaml, ['meetings'], `no entry for ${month}`, `add "${month}": { date: YYYY-MM-DD, report_number: … }`, 'error', true));
  }
  problems.push(...unknownPlaceholders(yaml, text, ['title', 'sections']));
  if (problems.length) return { paths: merged, problems };

  const d = definedOnly(value.disclosure);
  const config: Config = {
    ...value,
    contact_officer: definedOnly(value.contact_officer),
    chief_officer: definedOnly(value.chief_officer),
    sections: sectionsForPart(value.sections, 'part1'),
    sectionsPart2: sectionsForPart(value.sections, 'part2'),
    disclosure: { ...DEFAULT_DISCLOSURE, ...d, symbols: { ...DEFAULT_DISCLOSURE.symbols, ...definedOnly(value.disclosure.symbols ?? {}) } },
    paths: merged,
  };
  return { config, paths: merged, problems };
}

