import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { assessMonth } from '../../src/assess/index.js';
import type { Assessed } from '../../src/assess/types.js';
import { exemptOpening, publicOpening } from '../../src/commentary/index.js';
import type { PublicView } from '../../src/disclose/types.js';
import { composeExempt, composePublic } from '../../src/compose/index.js';
import { disclose } from '../../src/disclose/index.js';
import { loadWorkspace } from '../../src/load/index.js';
import { createRenderer } from '../../src/render/index.js';
import type { Workspace } from '../../src/types.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// The second bundled example: DfE's published figures for Bromley, publisher's symbols left in,
// built for November 2025, long after its latest periods (March 2025 and September 2025).
const dir = join(import.meta.dirname, '..', '..', 'examples', 'dfe-bromley');
const MONTH = '2025-11';
let ws: Workspace;
let part1: string;
let part1Html: string;
let part2: string;
let exceptions: string[];
let assessedNow: Assessed;
let publicView: PublicView;

const text = (html: string) => html.replace(/url\(data:[^)]*\)/g, '').replace(/<[^>]+>/g, ' ').replace(/&amp;/g, '&').replace(/&#x27;/g, "'").replace(/\s+/g, ' ');

beforeAll(async () => {
  const loaded = await loadWorkspace(dir, { month: MONTH });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.file}:${p.line} ${p.message}`).join('\n'));
  ws = loaded.workspace;
  const assessed = assessMonth(ws, MONTH);
  exceptions = assessed.exceptions;
  const disclosed = await disclose(ws, assessed);
  assessedNow = assessed;
  publicView = disclosed.public;
  const ctx = { config: ws.config, catalogue: ws.catalogue, month: MONTH, isSample: false, ledgers: ws.ledgers };
  const renderer = createRenderer();
  part1Html = renderer.render(composePublic(ctx, disclosed.public, undefined));
  part1 = text(part1Html);
  part2 = text(renderer.render(composeExempt(ctx, assessed, disclosed, undefined)));
});

describe('examples/dfe-bromley: real annual data (SPEC Second round › Reference periods and frequencies)', () => {
  it('validates, and every indicator has a figure long after its period', () => {
    const assessed = assessMonth(ws, MONTH);
    expect(assessed.assessments.filter((a) => a.rag === 'no_data').map((a) => a.indicator.id)).toEqual(['cla-convictions']);
    expect(assessed.warnings).toEqual([]);
    expect(new Set(assessed.assessments.map((a) => a.current?.period))).toEqual(new Set(['2025-03', '2025-09']));
  });

  it('labels every figure with its own period (SPEC: "23.8% (Mar 2025)")', () => {
    for (const part of [part1, part2]) {
      expect(part).toContain('1,101 of 4,630, 23.8% (Mar 2025)');
      expect(part).toContain('30 of 269.6, 11.1% (Sep 2025)');
    }
  });

  it('prints one comparison for annual indicators', () => {
    expect(part1).toContain('Annual: see previous period');
    expect(part1).not.toContain('On a year ago');
  });

  it('lists as exceptions only the figures new since the last meeting: the September workforce census, not March’s', () => {
    expect(exceptions).toEqual(['sw-turnover-rate']);
    // In March 2025 the March figures are new, and those below target are exceptions.
    expect(assessMonth(ws, '2025-03').exceptions).toEqual(expect.arrayContaining(['cin-rereferrals', 'cla-stability-long-term']));
  });
});

describe('examples/dfe-bromley: an annual trend drawn over its own years (SPEC Second round › Reference periods and frequencies: "Charts use the indicator’s own periods")', () => {
  /** The x of each point of an index sparkline's line, and the sparkline's width. */
  const sparkline = (id: string) => {
    const svg = new RegExp(`<svg class="chart sparkline" role="img" aria-labelledby="spark-${id}-title" viewBox="0 0 (\\d+) \\d+"[\\s\\S]*?</svg>`).exec(part1Html);
    expect(svg, id).not.toBeNull();
    const d = /<path class="outturn" d="([^"]+)"/.exec(svg![0])![1];
    return { width: Number(svg![1]), xs: [...d.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1])) };
  };

  it('thirteen March figures spread across the whole sparkline, evenly, not squashed into its right edge', () => {
    const { width, xs } = sparkline('cin-rereferrals');
    expect(xs).toHaveLength(13);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(width * 0.9);
    const steps = xs.slice(1).map((x, i) => x - xs[i]);
    for (const step of steps) expect(step).toBeCloseTo(steps[0], 0);
  });

  it('a series that starts in 2021 is drawn over the years it has, after the gap of the years DfE has no figure for', () => {
    const { width, xs } = sparkline('cla-rate');
    expect(xs).toHaveLength(5);
    // Five of thirteen years: the right third of the width, each year a step of a twelfth.
    expect(Math.max(...xs) - Math.min(...xs)).toBeCloseTo(((width - 6) * 4) / 12, 0);
  });
});

describe('examples/dfe-bromley: the publisher’s symbols (SPEC Second round › Source symbols)', () => {
  it('shows DfE’s c as [c] in both parts, never as not recorded, and Part 2 says the source withheld it', () => {
    expect(part1).toContain('[c] of 175, [c] (Mar 2025)');
    expect(part2).toContain('[c] of 175, [c] (withheld by the source) (Mar 2025)');
    expect(part1).not.toContain('no figure was recorded');
  });
});

describe('examples/dfe-bromley: rates, FTE and published values (SPEC Second round › Rates, populations…)', () => {
  it('a rate over its own year’s population: 343 children in 2025 is 47 per 10,000, as GOV.UK publishes', () => {
    expect(part1).toContain('47 per 10,000 (number: 343) (Mar 2025)');
    const rate = assessMonth(ws, MONTH).assessments.find((a) => a.indicator.id === 'cla-rate')!;
    expect(rate.current?.population).toBe(73457);
  });

  it('names the source of a value-only published figure', () => {
    expect(part1).toContain('figures as published by the source');
  });
});

describe('examples/dfe-bromley: commentary stubs name the period of each figure (SPEC Second round › Reference periods and frequencies; › Commentary and revisions)', () => {
  const opening = (id: string) => ({
    public: publicOpening(publicView.assessments.find((p) => p.indicator.id === id)!),
    exempt: exemptOpening(assessedNow.assessments.find((a) => a.indicator.id === id)!),
  });

  it('a March figure in a November paper says "in March 2025" and compares with March 2024, thousands separated as the tables print them', () => {
    const { public: pub, exempt } = opening('cin-rereferrals');
    expect(pub).toBe(
      'Indicator 1, Re-referrals to children’s social care within 12 months, is Amber at 23.8% (1,101 of 4,630) in March 2025 against a target of 22%, up from 23.6% in March 2024.',
    );
    expect(exempt).toBe('Indicator 1 is Amber at 23.8% (1,101 of 4,630) in March 2025 against a target of 22%, up from 23.6% in March 2024.');
    // The same figure as the paper's tables print it.
    expect(part1).toContain('1,101 of 4,630, 23.8% (Mar 2025)');
  });

  it('a September workforce figure in FTE says "in September 2025", its counts as the tables print them', () => {
    const { public: pub } = opening('sw-vacancy-rate');
    expect(pub).toMatch(/ is Green at 11\.1% \(30 of 269\.6\) in September 2025 against a target of 15%, down from 18\.8% in September 2024\.$/);
    expect(part1).toContain('30 of 269.6, 11.1% (Sep 2025)');
  });

  it('a rate names its period and compares with the year before', () => {
    expect(opening('cla-rate').public).toMatch(/ is Not rated at 47 per 10,000 in March 2025, (up|down|unchanged) from 48 per 10,000 in March 2024\.$/);
  });
});

describe('examples/dfe-bromley: made by the script from raw/, never by hand (README › What real annual data looks like: regenerating it)', () => {
  it('scripts/make-dfe-example.mjs writes exactly the committed catalogue.yaml and outturns.csv from raw/', () => {
    // A copy of the repository's layout, so the script writes into the copy and never into the repository.
    const root = tempDir('scrutiny-dfe-script-');
    mkdirSync(join(root, 'scripts'));
    mkdirSync(join(root, 'examples', 'dfe-bromley'), { recursive: true });
    cpSync(join(repoRoot, 'scripts', 'make-dfe-example.mjs'), join(root, 'scripts', 'make-dfe-example.mjs'));
    cpSync(join(dir, 'raw'), join(root, 'examples', 'dfe-bromley', 'raw'), { recursive: true });
    symlinkSync(join(repoRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
    execFileSync(process.execPath, [join(root, 'scripts', 'make-dfe-example.mjs')], { stdio: 'pipe' });
    for (const file of ['catalogue.yaml', 'outturns.csv']) {
      expect(readFileSync(join(root, 'examples', 'dfe-bromley', file), 'utf8'), file).toBe(readFileSync(join(dir, file), 'utf8'));
    }
  });
});
