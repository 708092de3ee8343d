/**
 * The one way tests build catalogue entries, front matter and workspaces in memory. Each stage's
 * builder adds its own defaults on top (test/assess, test/disclose, test/render).
 */
import { DEFAULT_DISCLOSURE, DEFAULT_PATHS } from '../../src/defaults.js';
import { defaultCurrentFor, defaultDecimals } from '../../src/format.js';
import type { CatalogueSection, Commentary, Config, Indicator, LedgerRow, Month, Outturn, Workspace } from '../../src/types.js';

/** Indicator 20 (long-term placement stability: percent, higher is better, 70 with tolerance 5) unless overridden. */
export function stabilityIndicator(overrides: Partial<Indicator> = {}): Indicator {
  const unit = overrides.unit ?? 'percent';
  return {
    id: 'cla-stability-long-term',
    number: 20,
    title: 'Stability of placements of children looked after – length of placement',
    section: 'looked-after',
    definition: 'Children looked after for at least 2.5 years, aged under 16, in the same placement for at least 2 years.',
    why_important: 'Stable placements matter.',
    unit,
    decimals: defaultDecimals(unit),
    frequency: 'monthly',
    basis: 'snapshot',
    polarity: 'higher_is_better',
    target: 70,
    rag: { tolerance: 5 },
    benchmarks: [],
    breakdowns: [],
    disclosure: { suppress: true },
    current_for: defaultCurrentFor(overrides.frequency ?? 'monthly'),
    year_start: 4,
    counts: 'people',
    source_published: false,
    exceptions: 'new',
    chart_benchmark: 'England',
    ...(unit === 'rate' ? { rate_per: 10000 } : {}),
    ...overrides,
  };
}

/** The front matter SPEC requires, with one meeting (November 2023), unless overridden. */
export function oneMeetingConfig(overrides: Partial<Config> = {}): Config {
  return {
    authority: 'London Borough of Example',
    committee: 'Children Committee',
    dataset: "Children's Scrutiny Dataset",
    title: 'Performance reporting',
    decision_type: 'Non-Urgent Non-Executive Non-Key',
    contact_officer: { name: 'A Officer', role: 'Head of Performance' },
    chief_officer: { name: 'B Director', role: "Director of Children's Services" },
    ward: 'All Wards',
    meetings: { '2023-11': { date: '2024-02-01', report_number: 'CEF24005' } },
    exempt_paragraphs: [1, 2],
    sections: {},
    disclosure: DEFAULT_DISCLOSURE,
    paths: DEFAULT_PATHS,
    ...overrides,
  };
}

export interface WorkspaceParts {
  indicators: Indicator[];
  outturns: Outturn[];
  sections?: CatalogueSection[];
  config?: Partial<Config>;
  commentary?: Commentary[];
  ledgers?: Record<Month, LedgerRow[]>;
}

export function workspaceOf(spec: WorkspaceParts): Workspace {
  return {
    dir: '/tmp/ws',
    isSample: false,
    config: oneMeetingConfig(spec.config),
    catalogue: { sections: spec.sections ?? [{ id: 'looked-after', title: 'Children looked after' }], indicators: spec.indicators },
    outturns: spec.outturns,
    commentary: new Map((spec.commentary ?? []).map((c) => [c.month, c])),
    ledgers: new Map(Object.entries(spec.ledgers ?? {})),
    inputs: [],
  };
}
