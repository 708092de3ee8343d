import type { Config } from '../types.js';

/** The bundled sample's `authority` (data/scrutiny.yaml): a workspace still naming it is still the sample. */
export const SAMPLE_AUTHORITY = 'London Borough of Bromley';

/**
 * SPEC Second round › Fixed text: a workspace made by `init` shows the SAMPLE banner until its
 * `authority` is changed, so an untouched copy of the synthetic figures cannot pass for a real paper.
 * The banner says what to do about it. Null for a workspace of the officer's own.
 */
export function sampleBannerText(config: Config, bundled: boolean): string | null {
  if (bundled) return 'This paper was built from the sample workspace bundled with scrutiny-report. Its figures are invented and describe no real child.';
  if (config.authority.trim() !== SAMPLE_AUTHORITY) return null;
  return `This paper was built from a copy of the sample workspace: its scrutiny.yaml still names the sample's authority, ${SAMPLE_AUTHORITY}. Set "authority:" in scrutiny.yaml to your council's name, with your own outturns.csv, to remove this banner.`;
}
