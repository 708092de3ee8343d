import type { Config } from '../types.js';

/** The bundled sample's `authority` (data/scrutiny.yaml), which a copy keeps until the officer sets theirs. */
export const SAMPLE_AUTHORITY = 'London Borough of Bromley';

/**
 * SPEC Second round › Fixed text: a workspace made by `init` shows the SAMPLE banner until its
 * `authority` is changed, so an untouched copy of the synthetic figures cannot pass for a real paper.
 * A copy is known by the `sample: true` that init leaves in its scrutiny.yaml, not by the
 * authority's name alone: a real workspace of that council carries no such line and no banner.
 * The banner says how to remove it. Null for a workspace of the officer's own.
 */
export function sampleBannerText(config: Config, bundled: boolean): string | null {
  if (bundled) return 'This paper was built from the sample workspace bundled with scrutiny-report. Its figures are invented and describe no real child.';
  if (config.sample !== true || config.authority.trim() !== SAMPLE_AUTHORITY) return null;
  return `This paper was built from a copy of the sample workspace (its scrutiny.yaml says "sample: true" and still names the sample's authority, ${SAMPLE_AUTHORITY}). Set "authority:" in scrutiny.yaml to your council's name, with your own outturns.csv, to remove this banner; if the workspace is already your own, delete the line "sample: true".`;
}
