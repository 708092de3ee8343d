/**
 * Catalogue `cohort:`: which of an indicator's counts are the same children as another
 * indicator's. A name alone stands for the figure the indicator is about (a count's count, a
 * rate's or an average's cases, a percentage's denominator); `{ numerator: …, denominator: … }`
 * names either count of a percentage.
 */
import { z } from 'zod';
import type { Indicator, LedgerField, Unit } from '../types.js';

const name = z.string().regex(/^[a-z0-9-]+$/, { error: 'must be lower-case letters, digits and hyphens (e.g. looked-after-12-months)' });

export const cohortSchema = z.union([name, z.strictObject({ value: name.optional(), numerator: name.optional(), denominator: name.optional() })]).optional();

export type RawCohort = z.output<typeof cohortSchema>;

/** The field a bare cohort name stands for: the people the indicator counts. */
export function cohortField(unit: Unit): LedgerField {
  return unit === 'count' ? 'value' : unit === 'percent' ? 'denominator' : 'numerator';
}

const COUNT_FIELDS: Record<'count' | 'percent' | 'other', readonly LedgerField[]> = { count: ['value'], percent: ['numerator', 'denominator'], other: ['numerator'] };

/** Which fields of a figure of this unit are counts of people (the headline of a count is the count). */
export function countFields(unit: Unit): readonly LedgerField[] {
  return unit === 'count' || unit === 'percent' ? COUNT_FIELDS[unit] : COUNT_FIELDS.other;
}

/** The cohort as a field → name map, or the first key that names a figure the unit does not have. */
export function normaliseCohort(unit: Unit, raw: RawCohort): { cohort?: Indicator['cohort']; wrongField?: LedgerField } {
  if (raw === undefined) return {};
  if (typeof raw === 'string') return { cohort: { [cohortField(unit)]: raw } };
  const cohort: Indicator['cohort'] = {};
  for (const field of ['value', 'numerator', 'denominator'] as const) {
    const n = raw[field];
    if (n === undefined) continue;
    if (!countFields(unit).includes(field)) return { wrongField: field };
    cohort[field] = n;
  }
  return { cohort };
}
