import { workspaceOf } from '../helpers/builders.js';
import type { Indicator, Outturn, Workspace } from '../../src/types.js';


let line = 2;
export function outturn(indicatorId: string, period: string, fields: Partial<Outturn> = {}): Outturn {
  return { indicator: indicatorId, period, numerator: null, denominator: null, value: null, breakdown: null, category: null, note: null, line: line++, ...fields };
}

export function lookedAfterWorkspace(indicators: Indicator[], outturns: Outturn[], sections = [{ id: 'looked-after', title: 'Children looked after' }]): Workspace {
  return workspaceOf({ indicators, outturns, sections });
}
