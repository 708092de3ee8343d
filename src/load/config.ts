import { z } from 'zod';
import { DEFAULT_DISCLOSURE, DEFAULT_PATHS } from '../defaults.js';
import { isMonth, monthRange } from '../format.js';
import { definedOnly } from '../lib/objects.js';
import type { Config, Month, Problem, WorkspacePaths } from '../types.js';
import { isoDate, loose, optionalText, paragraphs, text } from './schemas.js';
import { readScalarsAsText, sectionsForPart } from './fixed-text.js';
import { unknownPlaceholders } from './placeholders.js';
import { parseYamlWith, problemAt, type YamlFile } from './yaml.js';

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

/** How the outturns extract is read (SPEC Second round › Extracts and spreadsheets). */
const extract = z.strictObject({
  /** Rows for indicators not in the catalogue: left out with one summary line, or each an error. */
  unknown_indicators: z.enum(['ignore', 'error']).default('ignore'),
  /** The sheet of an .xlsx extract; the first sheet when not given. */
  sheet: text.optional(),
});
export type ExtractSettings = z.output<typeof extract>;

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
  /** Left by `init` in a copy of the sample: its papers carry the SAMPLE banner while the authority is the sample's. */
  sample: z.boolean().optional(),
  meetings: z.record(z.string(), z.strictObject({ date: isoDate, report_number: loose.pipe(text) })),
  // Schedule 12A to the Local Government Act 1972, Part 1, has paragraphs 1 to 7.
  exempt_paragraphs: z.array(z.number().int().min(1).max(7)).min(1).default([1, 2]),
  sections: sections.prefault({}),
  disclosure: disclosure.prefault({}),
  paths: paths.prefault({}),
  extract: extract.prefault({}),
});

/** Which months a command is about: one (`build --month`), a range (`build --from/--to`), or none. */
export type MonthRequest = Month | { from: Month; to: Month } | undefined;

/**
 * The one place that decides which months have a meeting (SPEC Second round › Meetings and
 * batches): one month must have its `meetings` entry; a range builds the months that have one and
 * lists the rest as skipped; a range with none is an error. Problems point at `meetings:`.
 */
function meetingMonths(y: YamlFile, meetings: Record<string, unknown>, request: MonthRequest): { months: Month[]; skipped: Month[]; problems: Problem[] } {
  if (request === undefined) return { months: [], skipped: [], problems: [] };
  const add = (m: Month) => `add "${m}": { date: YYYY-MM-DD, report_number: … } under meetings`;
  if (typeof request === 'string') {
    if (meetings[request]) return { months: [request], skipped: [], problems: [] };
    return { months: [], skipped: [], problems: [problemAt(y, ['meetings'], `no entry for ${request}`, add(request), 'error', true)] };
  }
  const range = monthRange(request.from, request.to);
  const months = range.filter((m) => meetings[m]);
  const skipped = range.filter((m) => !meetings[m]);
  if (months.length > 0) return { months, skipped, problems: [] };
  const known = Object.keys(meetings).filter(isMonth).sort();
  const hint = known.length ? `the meetings are for ${known.join(', ')}; choose a range with one, or ${add(request.from)}` : add(request.from);
  return { months: [], skipped, problems: [problemAt(y, ['meetings'], `no entry for any month from ${request.from} to ${request.to}`, hint, 'error', true)] };
}

/**
 * scrutiny.yaml → Config, merged over the defaults, and the requested months that have a meeting.
 * `paths` comes back even when the rest is wrong, so the other files can still be checked in the
 * same pass.
 */
export function parseConfigYaml(
  text: string,
  file: string,
  request?: MonthRequest,
): { config?: Config; paths: WorkspacePaths; extract: ExtractSettings; months: Month[]; skipped: Month[]; problems: Problem[] } {
  const { yaml, value, problems } = parseYamlWith(text, file, configSchema, readScalarsAsText);
  const rawPaths = paths.safeParse((yaml?.data as { paths?: unknown } | undefined)?.paths ?? {});
  const merged: WorkspacePaths = { ...DEFAULT_PATHS, ...(rawPaths.success ? definedOnly(rawPaths.data) : {}) };
  // Like paths, how to read the extract is known even when the rest is wrong, so it is still checked.
  const rawExtract = extract.safeParse((yaml?.data as { extract?: unknown } | undefined)?.extract ?? {});
  const extractSettings: ExtractSettings = rawExtract.success ? rawExtract.data : { unknown_indicators: 'ignore' };
  if (!yaml || !value) return { paths: merged, extract: extractSettings, months: [], skipped: [], problems };

  for (const key of Object.keys(value.meetings)) {
    if (!isMonth(key)) problems.push(problemAt(yaml, ['meetings', key], `"${key}" is not a month`, 'write it as "YYYY-MM", e.g. "2023-11"', 'error', true));
  }
  const { months, skipped, problems: meetingProblems } = meetingMonths(yaml, value.meetings, request);
  problems.push(...meetingProblems);
  problems.push(...unknownPlaceholders(yaml, text, ['title', 'sections']));
  if (problems.length) return { paths: merged, extract: extractSettings, months, skipped, problems };

  const d = definedOnly(value.disclosure);
  // The extract settings are for reading the extract, which is load's job alone: not part of Config.
  const { extract: _extract, ...rest } = value;
  const config: Config = {
    ...rest,
    contact_officer: definedOnly(value.contact_officer),
    chief_officer: definedOnly(value.chief_officer),
    sections: sectionsForPart(value.sections, 'part1'),
    sectionsPart2: sectionsForPart(value.sections, 'part2'),
    disclosure: { ...DEFAULT_DISCLOSURE, ...d, symbols: { ...DEFAULT_DISCLOSURE.symbols, ...definedOnly(value.disclosure.symbols ?? {}) } },
    paths: merged,
  };
  return { config, paths: merged, extract: extractSettings, months, skipped, problems };
}

