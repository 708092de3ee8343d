import { DEFAULT_DISCLOSURE, DEFAULT_PATHS } from '../../src/defaults.js';
import type { Indicator, Outturn, Workspace } from '../../src/types.js';

/** A percent indicator, higher is better, target 70 with tolerance 5, unless overridden. */
export function indicator(overrides: Partial<Indicator> = {}): Indicator {
  return {
    id: 'cla-stability-long-term',
    number: 20,
    title: 'Stability of placements of children looked after – length of placement',
    section: 'looked-after',
    definition: 'Children looked after for at least 2.5 years, aged under 16, in the same placement for at least 2 years.',
    why_important: 'Stable placements matter.',
    unit: 'percent',
    decimals: 1,
    frequency: 'monthly',
    basis: 'snapshot',
    polarity: 'higher_is_better',
    target: 70,
    rag: { tolerance: 5 },
    benchmarks: [],
    breakdowns: [],
    disclosure: { suppress: true },
    ...overrides,
  };
}

let line = 2;
export function outturn(indicatorId: string, period: string, fields: Partial<Outturn> = {}): Outturn {
  return { indicator: indicatorId, period, numerator: null, denominator: null, value: null, breakdown: null, category: null, note: null, line: line++, ...fields };
}

export function workspace(indicators: Indicator[], outturns: Outturn[], sections = [{ id: 'looked-after', title: 'Children looked after' }]): Workspace {
  return {
    dir: '/tmp/ws',
    isSample: false,
    config: {
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
    },
    catalogue: { sections, indicators },
    outturns,
    commentary: new Map(),
    ledgers: new Map(),
    inputs: [],
  };
}
