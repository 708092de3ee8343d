import { relative } from 'node:path';
import type { Month, Problem, Workspace } from './types.js';
import { checkMonth, type CheckedMonth } from './check.js';
import { composeExempt, composePublic, type PaperContext } from './compose/index.js';
import { pdfMeta, type PdfMeta } from './compose/meta.js';
import { createRenderer, type Renderer } from './render/index.js';
import type { Printer } from './print/printer.js';
import { finalisePdf } from './print/postprocess.js';
import { packageRoot } from './paths.js';
import { limiter } from './lib/limit.js';
import { collectGarbage } from './lib/memory.js';
import { keptFromEarlierBuild, writeMonth, type OutputFile, type Part } from './write/index.js';
import { disclosureLogCsv, figuresCsv } from './write/csv.js';
import { ledgerToRecord, writeLedger, type LedgerEntry } from './write/ledger.js';
import { exemptRevisions, madeFromThisExtract } from './revisions.js';
import { buildJson, EXEMPT_MANIFEST, exemptManifest, monthSummary, type MonthSummary } from './write/manifest.js';
import { outputNames } from './write/names.js';

export type { CheckedMonth } from './check.js';

/** Heap and buffers above which a build collects at its three quiet points: the sample never reaches it. */
const COLLECT_ABOVE = 128 * 2 ** 20;

export interface ProgressEvent {
  month: Month;
  stage: 'checked' | 'printed' | 'written';
  part?: Part;
  elapsedMs: number;
}

export interface PreparedMonth extends CheckedMonth {
  html: Partial<Record<Part, string>>;
  meta: Partial<Record<Part, PdfMeta>>;
}

/** What a build run does, once the command's options are checked and the workspace found. */
export interface BuildPlan {
  /** The build's own: its extract is let go once every month is checked (releaseExtract). */
  ws: Workspace;
  loadWarnings: Problem[];
  months: Month[];
  parts: Part[];
  outRoot: string;
  /** Output paths in the summaries are relative to this folder. */
  cwd: string;
  html: boolean;
  strict: boolean;
  record: boolean;
  /** The browser, already starting; closed here once the last paper is printed. */
  printer: Promise<Printer>;
  /** Stops a browser still starting: called when the build fails, so that it does not wait for one. */
  stopPrinter?: () => void;
  browserSource: string;
  onProgress?: (event: ProgressEvent) => void;
  /** Public one-line notices (a part kept from an earlier build). */
  onNotice?: (line: string) => void;
  /** Warnings that needed a hidden figure: only for an interactive terminal. */
  onExemptWarnings?: (month: Month, lines: string[]) => void;
  beforeSwap?: () => Promise<void>;
}

/** One paper's HTML and metadata for a checked month. Part 1 is composed from the suppressed view alone. */
export function renderPart(ws: Workspace, checked: CheckedMonth, part: Part, renderer: Renderer): { html: string; meta: PdfMeta } {
  const { month, assessed, disclosed, commentary } = checked;
  const ctx: PaperContext = { config: ws.config, catalogue: ws.catalogue, month, isSample: ws.isSample, ledgers: ws.ledgers };
  const model = part === 'public' ? composePublic(ctx, disclosed.public, commentary) : composeExempt(ctx, assessed, disclosed, commentary);
  return { html: renderer.render(model), meta: pdfMeta(ctx, model) };
}

/** The papers' HTML for a checked month. */
export function renderMonth(ws: Workspace, checked: CheckedMonth, parts: Part[], renderer: Renderer): PreparedMonth {
  const prepared: PreparedMonth = { ...checked, html: {}, meta: {} };
  for (const part of parts) {
    const { html, meta } = renderPart(ws, checked, part, renderer);
    prepared.html[part] = html;
    prepared.meta[part] = meta;
  }
  return prepared;
}

/** Everything about one month up to the HTML (check, then render). */
export async function prepareMonth(ws: Workspace, month: Month, parts: Part[], strict: boolean, loadWarnings: Problem[]): Promise<PreparedMonth> {
  const checked = await checkMonth(ws, month, strict, loadWarnings);
  return renderMonth(ws, checked, parts, createRenderer({ templatesDir: ws.templatesDir, workspaceDir: ws.dir }));
}

/** Every stage for each month, one browser for all; each month's outputs move into place only when all of that month succeeded. */
export async function buildMonths(plan: BuildPlan): Promise<MonthSummary[]> {
  const { ws, parts } = plan;
  const started = Date.now();
  const progress = (month: Month, stage: ProgressEvent['stage'], part?: Part) =>
    plan.onProgress?.({ month, stage, ...(part ? { part } : {}), elapsedMs: Date.now() - started });
  let closing: Promise<void> | undefined;
  let failed = false;
  let succeeded = false;
  try {
    // Every month's inputs are checked before anything is written: bad data fails the whole run.
    // Printing does not wait for that: a month goes to the browser as soon as it is checked, so
    // the browsers work while Node checks the next months (the papers are only held in memory
    // until every month has passed).
    const checkedAt = plan.months.map(() => settleLater<CheckedMonth>());
    const shownCsv = new Map<Month, string>();
    const checking = (async () => {
      const checked: CheckedMonth[] = [];
      // Reading a large extract leaves its parsing's garbage in the heap beside the rows: collected
      // before checking adds its own, or the two pile up until V8 next decides to collect. On the
      // million-row month the build's peak memory was 498-518 MB in eight runs (set in the disclosure
      // audit), and 384-414 MB in seven with this.
      collectGarbage(COLLECT_ABOVE);
      for (const [i, month] of plan.months.entries()) {
        const c = await checkMonth(ws, month, plan.strict, plan.loadWarnings);
        // Later months of a batch are read with this one's Part 1 as published (a recorded ledger
        // stays as recorded), so the batch's papers are consistent with each other, as monthly runs are.
        if (!ws.ledgers.has(month)) ws.ledgers.set(month, madeFromThisExtract(c.disclosed.figures));
        progress(month, 'checked');
        checkedAt[i].resolve(c);
        checked.push(c);
      }
      releaseExtract(ws);
      // The rows and the checking's indexes are garbage now: collected before rendering adds its own.
      collectGarbage(COLLECT_ABOVE);
      // What Part 1 shows, as the public figures CSV and (with --record) the ledger: the same text.
      // Made once the extract is let go: on the million-row month, stringifying its 57,600 figures
      // made about 40 MB of garbage on top of the extract, and set the build's peak memory there.
      for (const c of checked) shownCsv.set(c.month, figuresCsv(c.disclosed.figures));
      return checked;
    })();
    checking.catch((error) => {
      failed = true;
      for (const d of checkedAt) d.reject(error);
    });
    const renderer = createRenderer({ templatesDir: ws.templatesDir, workspaceDir: ws.dir });
    const allowedRoots = [ws.dir, packageRoot];
    const total = plan.months.length * parts.length;
    let printedCount = 0;
    // Two months in flight keep the browsers busy while the next month's HTML is rendered and the
    // last one's PDFs are finished.
    const limit = limiter(2);
    // One paper is finished at a time, as before finishing yielded while its pages are compressed:
    // two finished side by side would hold both papers' working sets at once.
    const finishing = limiter(1);
    const printed = checkedAt.map((d) =>
      limit(async () => {
        const c = await d.promise;
        if (failed) throw new Error('not printed: an earlier month failed');
        // Each paper goes to the browser as soon as it is rendered, so the first prints while the
        // next renders (and the first months render while the browser is still starting).
        const p: PreparedMonth = { ...c, html: {}, meta: {} };
        const n = outputNames(ws.config.dataset, p.month);
        const printing: Promise<OutputFile>[] = [];
        for (const part of parts) {
          await new Promise((r) => setImmediate(r));
          const { html, meta } = renderPart(ws, c, part, renderer);
          p.html[part] = html;
          p.meta[part] = meta;
          const file = (async (): Promise<OutputFile> => {
            const printer = await plan.printer;
            const raw = await printer.printRaw(html, { allowedRoots, title: meta.title });
            // Once the last paper is out of the browser, it closes while the PDFs are finished.
            if (++printedCount === total) closing = printer.close();
            const data = await finishing(() => finalisePdf(raw, meta));
            progress(p.month, 'printed', part);
            return { part, name: part === 'public' ? n.publicPdf : n.exemptPdf, format: 'pdf', data };
          })();
          // Awaited together below; a failure is thrown from there, not left unhandled meanwhile.
          file.catch(() => undefined);
          printing.push(file);
        }
        const files = await Promise.all(printing);
        return { p, n, files };
      }),
    );
    // Settled one by one below; a failure is thrown from there, not left unhandled.
    for (const x of printed) x.catch(() => undefined);
    const checked = await checking;
    const ledgers = new Map<Month, LedgerEntry | undefined>();
    if (plan.record) for (const c of checked) ledgers.set(c.month, await ledgerToRecord(ws, c.month, shownCsv.get(c.month)!, c.disclosed.figures));
    // Each month is still written on its own, atomically, in order, as its papers are ready.
    const summaries: MonthSummary[] = [];
    try {
      for (const pending of printed) {
        const { p, n, files } = await pending;
        // The month's printed PDFs and finishing's garbage die here; collected before writing adds
        // its own (the million-row build's peak was set in its last second otherwise).
        collectGarbage(COLLECT_ABOVE);
        if (parts.includes('public')) {
          files.push({ part: 'public', name: n.publicCsv, format: 'csv', data: shownCsv.get(p.month)! });
          if (plan.html) files.push({ part: 'public', name: n.publicHtml, format: 'html', data: p.html.public! });
        }
        if (parts.includes('exempt')) {
          const revised = exemptRevisions(ws.ledgers, p.assessed, p.disclosed.figures).map((r) => ({ ...r, published: ws.config.paths.published }));
          files.push({ part: 'exempt', name: n.disclosureLog, format: 'csv', data: disclosureLogCsv(p.disclosed, revised) });
          files.push({ part: 'exempt', name: EXEMPT_MANIFEST, format: 'json', data: exemptManifest(ws, p.month, files, p.warnings, p.exemptWarnings) });
        }
        // A part not rebuilt stays from the earlier build: build.json says so, and so does a notice.
        const kept = await keptFromEarlierBuild(plan.outRoot, p.month, parts);
        for (const part of new Set(kept.map((k) => k.part))) {
          plan.onNotice?.(`${relative(plan.cwd, plan.outRoot) || '.'}/${p.month}/${part}/ is kept from an earlier build: build both parts together to keep the papers in step`);
        }
        files.push({ part: 'build', name: 'build.json', format: 'json', data: buildJson(ws, p.month, files, kept, plan.browserSource, p.warnings) });
        const written = await writeMonth(plan.outRoot, p.month, files, { hooks: { beforeSwap: plan.beforeSwap } });
        const ledger = ledgers.get(p.month);
        if (ledger) await writeLedger(ledger);
        progress(p.month, 'written');
        if (p.exemptWarnings.length > 0) plan.onExemptWarnings?.(p.month, p.exemptWarnings);
        const shown = written.filter((w) => w.part !== 'build').map((w) => ({ ...w, path: relative(plan.cwd, w.path) || w.path }));
        summaries.push(monthSummary(p.month, p.disclosed.public, p.warnings, shown));
      }
    } catch (e) {
      // Nothing more is started; papers under way settle before the browser closes.
      failed = true;
      await Promise.allSettled(printed);
      throw e;
    }
    succeeded = true;
    return summaries;
  } finally {
    // Nothing more will be printed after a failure: a browser still starting is stopped, not waited for.
    if (!succeeded && !closing) plan.stopPrinter?.();
    await (closing ?? plan.printer.then((pr) => pr.close(), () => undefined));
  }
}

/**
 * Every month asked for is checked: nothing after that reads the extract (rendering and writing
 * work from the checked months, the catalogue, the settings and the ledgers), so its rows are let
 * go before the papers are printed and finished, the stages with the most memory (the 1,008,000-row
 * extract is 134 MB of heap). Reading it afterwards throws, rather than finding it empty.
 */
export function releaseExtract(ws: Workspace): void {
  Object.defineProperty(ws, 'outturns', {
    get(): never {
      throw new Error('the extract was let go once every month was checked');
    },
    configurable: true,
    enumerable: false,
  });
}

/** A promise with its settling functions, for a result that another task produces later. */
function settleLater<T>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
