import { z } from 'zod';
import { MONTH_RE } from '../format.js';

/** Shared building blocks for the workspace's YAML schemas. */
export const text = z.string().trim().min(1);
/** Phone numbers and report numbers that YAML may read as numbers (02083134000, 24005). */
export const loose = z.union([z.string(), z.number()]).transform(String);
export const month = z.string().regex(MONTH_RE, { error: 'must be a month, YYYY-MM (e.g. 2023-11)' });
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'must be a date, YYYY-MM-DD (e.g. 2024-02-01)' })
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, { error: 'is not a real date' });
/** Optional Markdown: an empty YAML value means "left out". */
export const optionalText = z
  .string()
  .nullish()
  .transform((s) => s ?? undefined);
export const paragraphs = z.array(z.string());
