import { testIndicator, testWorkspace } from '../helpers/builders.js';
import type { Indicator, Outturn, Workspace } from '../../src/types.js';

/** A percent indicator, higher is better, target 70 with tolerance 5, unless overridden. */
export const indicator = testIndicator;

let line = 2;
export function outturn(indicatorId: string, period: string, fields: Partial<Outturn> = {}): Outturn {
  return { indicator: indicatorId, period, numerator: null, denominator: null, value: null, breakdown: null, category: null, note: null, line: line++, ...fields };
}

export function workspace(indicators: Indicator[], outturns: Outturn[], sections = [{ id: 'looked-after', title: 'Children looked after' }]): Workspace {
  return testWorkspace({ indicators, outturns, sections });
}
