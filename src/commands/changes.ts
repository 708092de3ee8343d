import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PublicAssessment, PublicFigure } from '../disclose/types.js';
import type { LedgerRow, Month, Workspace } from '../types.js';
import { UsageError } from '../errors.js';
import { monthName, monthShort, plural } from '../format.js';
import { withUnit } from '../assess/rag.js';
import { directionView, ragView } from '../compose/views.js';
import { checkMonth } from '../check.js';
import { loadOrThrow } from '../load/index.js';
import { resolveWorkspace } from '../paths.js';
import { findRevisions } from '../revisions.js';

export interface ChangesOptions {
  month: Month;
  workspace?: string;
  cwd?: string;
  onNotice?: (line: string) => void;
}

/**
 * `scrutiny-report changes --month`: what changed in Part 1 since the last month whose paper went
 * to committee (the latest ledger in published/ before this month), for an officer to read before
 * drafting. Everything here comes from Part 1's view and the ledgers (what Part 1 published), so
 * it may be printed anywhere Part 1 may (SPEC Second round › Channels).
 */
export async function changes(opts: ChangesOptions): Promise<string> {
  const cwd = opts.cwd ?? process.cwd();
  const resolved = resolveWorkspace(opts.workspace, cwd);
  if (resolved.notice) opts.onNotice?.(resolved.notice);
  if (opts.workspace && !existsSync(join(resolved.dir, 'scrutiny.yaml'))) throw new UsageError(`--workspace ${opts.workspace}: no scrutiny.yaml there`);
  const { workspace: ws, warnings } = await loadOrThrow(resolved.dir, resolved.isSample, opts.month);
  const now = await checkMonth(ws, opts.month, false, warnings);
  const recorded = [...ws.ledgers.keys()].filter((m) => m < opts.month).sort();
  const since = recorded[recorded.length - 1];
  const lines: string[] = [];
  const title = `What changed in Part 1: ${monthName(opts.month)}`;
  lines.push(title, '='.repeat(title.length), '');
  if (!since) {
    lines.push(
      `No month before ${monthName(opts.month)} is recorded in ${ws.config.paths.published}/, so there is nothing to compare with.`,
      'A month is recorded by `scrutiny-report build --month YYYY-MM --record` when its paper goes to committee.',
    );
    return lines.join('\n') + '\n';
  }
  const ledger = ws.ledgers.get(since) as LedgerRow[];
  // The earlier month as Part 1 shows it with the figures as they now stand (for its RAG and
  // direction); its figures as published come from its ledger.
  const then = ws.config.meetings[since] ? await checkMonth(ws, since, false, warnings) : undefined;
  const thenById = new Map((then?.disclosed.public.assessments ?? []).map((a) => [a.indicator.id, a]));

  lines.push(`Compared with ${monthName(since)}, the last month recorded in ${ws.config.paths.published}/${since}.csv (what its Part 1 published).`, '');
  // RAG changes first, then direction, then figures alone: the order an officer drafts in.
  const changed: { rank: number; lines: string[] }[] = [];
  let unchanged = 0;
  for (const a of now.disclosed.public.assessments) {
    const before = thenById.get(a.indicator.id);
    const entries: string[] = [];
    if (before && before.rag !== a.rag) entries.push(`RAG: ${ragView(before.rag).label} → ${ragView(a.rag).label}`);
    if (before && before.direction !== a.direction) entries.push(`Direction: ${directionView(before.direction).label} → ${directionView(a.direction).label}`);
    const was = publishedHeadline(ledger, a.indicator.id, since);
    const is = a.current ? { period: a.current.period, shown: cellShown(a.current.value) } : null;
    if (!sameFigure(was, is)) entries.push(`Figure: ${figureWords(a, was)} → ${figureWords(a, is)}`);
    if (!before && then) entries.push(`New since ${monthName(since)}`);
    if (entries.length === 0) {
      unchanged++;
      continue;
    }
    const rank = entries.some((e) => e.startsWith('RAG')) ? 0 : entries.some((e) => e.startsWith('Direction')) ? 1 : 2;
    changed.push({ rank, lines: [`Indicator ${a.indicator.number}: ${a.indicator.title}`, ...entries.map((e) => `  ${e}`), ''] });
  }
  lines.push(`Indicators whose RAG, direction or figure changed (${changed.length}):`, '');
  if (changed.length === 0) lines.push('  None.', '');
  for (const c of changed.sort((x, y) => x.rank - y.rank)) lines.push(...c.lines);
  lines.push(`Unchanged: ${plural(unchanged, 'indicator')}.`, '');
  if (!then) lines.push(`(${since} has no meetings entry in scrutiny.yaml, so its RAG and direction cannot be compared.)`, '');

  const revised = revisions(ws, now.disclosed.figures);
  lines.push(`Revised figures: earlier months whose figure now differs from their recorded ledger (${revised.length}):`, '');
  if (revised.length === 0) lines.push('  None.');
  for (const r of revised) lines.push(`  ${r}`);
  return lines.join('\n') + '\n';
}

function cellShown(cell: PublicFigure['value']): string {
  return 'shown' in cell ? cell.shown : cell.suppressed;
}

/** The headline figure a month's Part 1 showed as current: its latest period at or before the month. */
function publishedHeadline(ledger: LedgerRow[], id: string, month: Month): { period: Month; shown: string } | null {
  let best: LedgerRow | undefined;
  for (const r of ledger) {
    if (r.indicator !== id || r.breakdown !== '' || r.field !== 'value' || r.period > month) continue;
    if (!best || r.period > best.period) best = r;
  }
  return best ? { period: best.period, shown: best.shown } : null;
}

function sameFigure(a: { period: Month; shown: string } | null, b: { period: Month; shown: string } | null): boolean {
  return a === null || b === null ? a === b : a.period === b.period && a.shown === b.shown;
}

function figureWords(a: PublicAssessment, f: { period: Month; shown: string } | null): string {
  if (!f) return 'none';
  const numeric = /^-?\d/.test(f.shown);
  return `${numeric ? withUnit(a.indicator, f.shown) : f.shown} (${monthShort(f.period)})`;
}

/** Every figure Part 1 marks [r]: a number it shows that differs from its month's ledger (src/revisions.ts). */
function revisions(ws: Workspace, figures: LedgerRow[]): string[] {
  const byId = new Map(ws.catalogue.indicators.map((i) => [i.id, i]));
  return findRevisions(ws.ledgers, figures).map((r) => {
    const ind = byId.get(r.indicator);
    const where = r.breakdown ? `${r.breakdown} ${r.category}, ` : '';
    return `Indicator ${ind?.number ?? '?'}: ${ind?.title ?? r.indicator}, ${monthShort(r.period)}, ${where}${r.field}: ${r.was} → ${r.now} (${ws.config.paths.published}/${r.period}.csv)`;
  });
}
