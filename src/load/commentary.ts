import { basename } from 'node:path';
import { z } from 'zod';
import { definedOnly } from '../lib/objects.js';
import type { Commentary, Problem } from '../types.js';
import { month, optionalText, text } from './schemas.js';
import { didYouMean } from './suggest.js';
import { parseYamlWith, problemAt } from './yaml.js';

const entry = z
  .strictObject({
    drafted_from: z.strictObject({ rag: text, value: text, fingerprint: text, shown: text.optional() }).optional(),
    public: optionalText,
    exempt: optionalText,
    stale: z.union([z.boolean(), z.literal('exempt')]).optional(),
    carried_over: month.optional(),
  })
  .nullable()
  // An id with nothing under it is an entry people have emptied, not an error.
  .transform((e) => e ?? {});

export const commentarySchema = z.strictObject({
  month,
  indicators: z
    .record(z.string(), entry)
    .nullish()
    .transform((r) => r ?? {}),
  by_exception: z
    .array(z.strictObject({ indicator: text, public: optionalText, exempt: optionalText }))
    .nullish()
    .transform((l) => l ?? []),
});

const FILE_MONTH = /^(\d{4}-\d{2})\.ya?ml$/;

/**
 * With `knownIds` (the catalogue's), commentary for an indicator that is not there is a warning
 * and is left out: the indicator may have been retired since the text was written (SPEC Second
 * round › Extracts and spreadsheets), and that must not stop the build.
 */
export function parseCommentaryYaml(text: string, displayPath: string, knownIds?: Iterable<string>): { commentary?: Commentary; problems: Problem[] } {
  const { yaml, value, problems } = parseYamlWith(text, displayPath, commentarySchema);
  if (!yaml || !value) return { problems };
  const fileMonth = FILE_MONTH.exec(basename(displayPath))?.[1];
  if (fileMonth !== value.month) {
    const hint = fileMonth ? `rename the file to ${value.month}.yaml or set month: ${fileMonth}` : `name the file ${value.month}.yaml`;
    problems.push(problemAt(yaml, ['month'], `${value.month} does not match the file name ${basename(displayPath)}`, hint));
    return { problems };
  }
  const ids = knownIds ? new Set(knownIds) : undefined;
  const known = (id: string) => ids === undefined || ids.has(id);
  const unknown = (path: (string | number)[], id: string, key: boolean) =>
    problems.push(
      problemAt(yaml, path, `"${id}" is not in the catalogue: this commentary is not printed`, didYouMean(id, ids ?? []) ?? 'remove the entry, or put the indicator back in the catalogue', 'warning', key),
    );
  for (const id of Object.keys(value.indicators)) if (!known(id)) unknown(['indicators', id], id, true);
  value.by_exception.forEach((e, i) => {
    if (!known(e.indicator)) unknown(['by_exception', i, 'indicator'], e.indicator, false);
  });
  const indicators = Object.fromEntries(Object.entries(value.indicators).filter(([id]) => known(id)).map(([id, e]) => [id, definedOnly(e)]));
  const by_exception = value.by_exception.filter((e) => known(e.indicator)).map((e) => definedOnly(e));
  return { commentary: { month: value.month, indicators, by_exception }, problems };
}
