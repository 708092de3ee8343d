import type { DisclosureRules, WorkspacePaths } from './types.js';

/** SPEC "Disclosure control for Part 1" defaults; each overridable under `disclosure:` in scrutiny.yaml. */
export const DEFAULT_DISCLOSURE: DisclosureRules = {
  threshold: 5,
  min_denominator: 5,
  min_cases: 5,
  rate_reliability_events: 20,
  group_disclosure: 'hide',
  symbols: { suppressed: '[c]', not_available: '[x]', not_applicable: '[z]', low_reliability: '[u]', rounds_to_zero: '[low]' },
};

/** Where a workspace keeps things, relative to its folder; overridable under `paths:`. */
export const DEFAULT_PATHS: WorkspacePaths = {
  catalogue: 'catalogue.yaml',
  outturns: 'outturns.csv',
  commentary: 'commentary',
  published: 'published',
  templates: 'templates',
  out: 'out',
};
