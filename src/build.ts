import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Commentary, Month, Problem, Workspace } from './types.js';
import type { Assessed } from './assess/types.js';
import type { Disclosed } from './disclose/types.js';
import { InputError, UsageError, formatProblem } from './errors.js';
import { isMonth, monthName, monthRange } from './format.js';
import { loadWorkspace, serialiseLedgerCsv, type LoadResult } from './load/index.js';
import { assessMonth } from './assess/index.js';
import { disclose } from './disclose/index.js';
import { checkCommentary } from './commentary/checks.js';
import { composeExempt, composePublic, type PaperContext } from './compose/index.js';
import { createRenderer, type Renderer } from './render/index.js';
import { findBrowser, type BrowserChoice } from './print/browser.js';
import type { PdfMeta, Printer } from './print/printer.js';
import { packageRoot, resolveWorkspace, toolVersion } from './paths.js';
import { sha256, writeMonth, type OutputFile, type Part, type WrittenFile } from './write/index.js';

export interface BuildOptions {
  /** One month, or a range with from/to. */
  month?: Month;
  from?: Month;
  to?: Month;
  workspace?: string;
  cwd?: string;
  out?: string;
  part?: Part | 'both';
  html?: boolean;
  strict?: boolean;
  record?: boolean;
  browser?: string;
  env?: NodeJS.ProcessEnv;
  /** Progress lines for people (stderr); never called with exempt figures. */
  onProgress?: (event: ProgressEvent) => void;
  /** One-line notices (e.g. the bundled sample is in use). */
  onNotice?: (line: string) => void;
  /** Test seam: replaces the browser (e.g. to inject a failure). */
  openPrinter?: (choice: BrowserChoice) => Promise<Printer>;
  /** Test seam: runs when a month's files are staged, just before they are moved into place (e.g. a full disk). */
  beforeSwap?: () => Promise<void>;
}

export interface ProgressEvent {
  month: Month;
  stage: 'checked' | 'printed' | 'written';
  part?: Part;
  elapsedMs: number;
}

/** SPEC `--json` summary: only what Part 1 may show. */
export interface MonthSummary {
  month: Month;
  outputs: { part: string; format: string; path: string; sha256: string }[];
  indicators: { id: string; number: number; rag: string; direction: string; direction_year: string; suppressed: boolean }[];
  exceptions: string[];
  warnings: string[];
}

export interface PreparedMonth extends CheckedMonth {
  html: Partial<Record<Part, string>>;
  meta: Record<Part, PdfMeta>;
}

/** The file name stem from `dataset`: "Children's Scrutiny Dataset" → "childrens-scrutiny-dataset". */
export function fileStem(dataset: string): string {
  return dataset
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export function outputNames(dataset: string, month: Month) {
  const stem = `${fileStem(dataset)}-${month}`;
  return {
    publicPdf: `${stem}-part-1-public.pdf`,
    publicHtml: `${stem}-part-1-public.html`,
    publicCsv: `${stem}-part-1-figures.csv`,
    exemptPdf: `${stem}-part-2-exempt.pdf`,
    disclosureLog: 'disclosure-log.csv',
  };
}

export function monthsOf(opts: Pick<BuildOptions, 'month' | 'from' | 'to'>): Month[] {
  for (const [flag, v] of [['--month', opts.month], ['--from', opts.from], ['--to', opts.to]] as const) {
    if (v !== undefined && !isMonth(v)) throw new UsageError(`${flag} ${v} is not a month: expected YYYY-MM, e.g. 2023-11`);
  }
  if (opts.month && (opts.from || opts.to)) throw new UsageError('give either --month or --from/--to, not both');
  if (opts.month) return [opts.month];
  if (opts.from && opts.to) {
    if (opts.from > opts.to) throw new UsageError(`--from ${opts.from} is after --to ${opts.to}`);
    return monthRange(opts.from, opts.to);
  }
  throw new UsageError('say which month to build: --month YYYY-MM, or --from YYYY-MM --to YYYY-MM');
}

export async function loadOrThrow(dir: string, isSample: boolean, month?: Month): Promise<{ workspace: Workspace; warnings: Problem[] }> {
  const result: LoadResult = await loadWorkspace(dir, { isSample, month });
  if (!result.ok) throw new InputError(result.problems);
  return result;
}

/** What one month's papers say, checked: everything but the HTML. Throws InputError. */
export interface CheckedMonth {
  month: Month;
  assessed: Assessed;
  disclosed: Disclosed;
  commentary: Commentary | undefined;
  warnings: string[];
  /** Warnings that needed a figure Part 1 hides: for the exempt manifest and Part 2 only, never the exit status. */
  exemptWarnings: string[];
}

/** Assess, disclose and check commentary for a month; with `strict`, any warning is an error. */
export async function checkMonth(ws: Workspace, month: Month, strict: boolean, loadWarnings: Problem[]): Promise<CheckedMonth> {
  const { config } = ws;
  if (!config.meetings[month]) {
    throw new InputError([
      { file: 'scrutiny.yaml', message: `meetings: no entry for ${month}`, hint: `add "${month}": { date: YYYY-MM-DD, report_number: … } under meetings`, severity: 'error' },
    ]);
  }
  const assessed = assessMonth(ws, month);
  const disclosed = await disclose(ws, assessed);
  const commentary: Commentary | undefined = ws.commentary.get(month);
  const checkedCommentary = checkCommentary({ ws, month, assessed, publicView: disclosed.public, commentary });
  const problems: Problem[] = [...loadWarnings, ...disclosed.warnings, ...checkedCommentary.problems];
  const warnings = [...assessed.warnings, ...problems.map(formatProblem)];
  if (strict && warnings.length > 0) {
    throw new InputError(
      [...assessed.warnings.map((w): Problem => ({ file: '', message: w, severity: 'error' })), ...problems.map((p) => ({ ...p, severity: 'error' as const }))],
      'warnings are errors with --strict',
    );
  }
  return { month, assessed, disclosed, commentary, warnings, exemptWarnings: checkedCommentary.exempt.map(formatProblem) };
}

/** The papers' HTML for a checked month. Part 1 is composed from the suppressed view alone. */
export function renderMonth(ws: Workspace, checked: CheckedMonth, parts: Part[], renderer: Renderer): PreparedMonth {
  const { month, assessed, disclosed, commentary } = checked;
  const ctx: PaperContext = { config: ws.config, catalogue: ws.catalogue, month, isSample: ws.isSample };
  const html: Partial<Record<Part, string>> = {};
  if (parts.includes('public')) html.public = renderer.render(composePublic(ctx, disclosed.public, commentary));
  if (parts.includes('exempt')) html.exempt = renderer.render(composeExempt(ctx, assessed, disclosed, commentary));
  return { ...checked, html, meta: pdfMeta(ws, month) };
}

/** Everything about one month up to the HTML (check, then render). */
export async function prepareMonth(ws: Workspace, month: Month, parts: Part[], strict: boolean, loadWarnings: Problem[]): Promise<PreparedMonth> {
  const checked = await checkMonth(ws, month, strict, loadWarnings);
  return renderMonth(ws, checked, parts, createRenderer({ templatesDir: ws.templatesDir }));
}

function pdfMeta(ws: Workspace, month: Month): Record<Part, PdfMeta> {
  const { config } = ws;
  const date = new Date(`${config.meetings[month].date}T00:00:00Z`);
  const base = {
    author: config.authority,
    subject: `${config.title}: performance as at the end of ${monthName(month)}, for the ${config.committee}`,
    keywords: [config.dataset, 'performance', 'scrutiny', monthName(month), config.authority],
    lang: 'en-GB',
    date,
  };
  return {
    public: { ...base, title: `${config.dataset} – ${monthName(month)} – Part 1 (Public)` },
    exempt: { ...base, title: `${config.dataset} – ${monthName(month)} – Part 2 (Exempt)` },
  };
}

function summarise(p: PreparedMonth, written: WrittenFile[]): MonthSummary {
  return {
    month: p.month,
    outputs: written.map((w) => ({ part: w.part, format: w.format, path: w.path, sha256: w.sha256 })),
    indicators: p.disclosed.public.assessments.map((a) => ({
      id: a.indicator.id,
      number: a.indicator.number,
      rag: a.rag,
      direction: a.direction,
      direction_year: a.direction_year,
      suppressed: a.headlineSuppressed,
    })),
    exceptions: p.disclosed.public.exceptions,
    warnings: p.warnings,
  };
}

/**
 * The ledger is what was published: written once for a month and never overwritten. Checked
 * before anything is written, so a refused --record leaves earlier outputs as they were.
 */
async function ledgerToRecord(ws: Workspace, month: Month, csv: string): Promise<{ path: string; csv: string } | undefined> {
  if (ws.isSample) throw new UsageError('--record writes the ledger into the workspace: use a workspace of your own (scrutiny-report init DIR)');
  const path = join(ws.dir, ws.config.paths.published, `${month}.csv`);
  if (!existsSync(path)) return { path, csv };
  if ((await readFile(path, 'utf8')) === csv) return undefined;
  throw new InputError([
    {
      file: `${ws.config.paths.published}/${month}.csv`,
      message: `the ledger for ${month} is already recorded and differs from this build`,
      hint: 'a ledger is what was published and is never overwritten; if this paper was not published, delete the file yourself and build again',
      severity: 'error',
    },
  ]);
}

async function writeLedger(entry: { path: string; csv: string }): Promise<void> {
  await mkdir(dirname(entry.path), { recursive: true });
  await writeFile(entry.path, entry.csv, { flag: 'wx' });
}

/**
 * `scrutiny-report build`: every stage for each month, one browser for all of them,
 * each month's outputs moved into place only when all of that month succeeded.
 */
export async function build(opts: BuildOptions): Promise<MonthSummary[]> {
  const started = Date.now();
  const months = monthsOf(opts);
  const cwd = opts.cwd ?? process.cwd();
  const parts: Part[] = opts.part === 'public' ? ['public'] : opts.part === 'exempt' ? ['exempt'] : ['public', 'exempt'];
  const resolved = resolveWorkspace(opts.workspace, cwd);
  if (resolved.notice) opts.onNotice?.(resolved.notice);
  if (opts.workspace && !existsSync(join(resolved.dir, 'scrutiny.yaml'))) {
    throw new UsageError(`--workspace ${opts.workspace}: no scrutiny.yaml there (run \`scrutiny-report init ${opts.workspace}\` to make one)`);
  }
  const choice = findBrowser({ flag: opts.browser, env: opts.env ?? process.env });
  // Starting the browser takes a quarter to a whole second: it starts while the inputs are read and checked.
  const printerPromise = (opts.openPrinter ?? defaultOpenPrinter)(choice);
  printerPromise.catch(() => undefined);
  let printer: Printer | undefined;
  let closing: Promise<void> | undefined;
  try {
    const { workspace: ws, warnings: loadWarnings } = await loadOrThrow(resolved.dir, resolved.isSample, months.length === 1 ? months[0] : undefined);
    const outRoot = opts.out ? resolve(cwd, opts.out) : resolved.isSample ? join(cwd, 'out') : join(ws.dir, ws.config.paths.out);
    // Every month's inputs are checked before anything is printed: bad data fails the whole run.
    const checked: CheckedMonth[] = [];
    for (const month of months) {
      const c = await checkMonth(ws, month, opts.strict ?? false, loadWarnings);
      checked.push(c);
      // Later months of a batch are read with this one's Part 1 as published (a recorded ledger
      // stays as recorded), so the batch's papers are consistent with each other, as monthly runs are.
      if (!ws.ledgers.has(month)) ws.ledgers.set(month, c.disclosed.figures);
      opts.onProgress?.({ month, stage: 'checked', elapsedMs: Date.now() - started });
    }
    // What Part 1 shows, as the public figures CSV and (with --record) the ledger: the same text.
    const figuresCsv = new Map(checked.map((c) => [c.month, serialiseLedgerCsv(c.disclosed.figures)]));
    const ledgers = new Map<Month, { path: string; csv: string } | undefined>();
    if (opts.record) for (const c of checked) ledgers.set(c.month, await ledgerToRecord(ws, c.month, figuresCsv.get(c.month)!));
    const renderer = createRenderer({ templatesDir: ws.templatesDir });
    const { finalisePdf } = await import('./print/postprocess.js');
    let printedCount = 0;
    const allowedRoots = [ws.dir, packageRoot];
    const names = (m: Month) => outputNames(ws.config.dataset, m);
    // Two months in flight keep the browser busy while the next month's HTML is rendered and the
    // last one's PDFs are finished; each month is still written on its own, atomically.
    const summaries = await mapInOrder(checked, 2, async (c) => {
      await new Promise((r) => setImmediate(r));
      // The first months render while the browser is still starting.
      const p = renderMonth(ws, c, parts, renderer);
      printer = await printerPromise;
      const n = names(p.month);
      const pdfs = await Promise.all(
        parts.map(async (part) => {
          const raw = await printer!.printRaw(p.html[part]!, { allowedRoots, title: p.meta[part].title });
          // Once the last paper is out of the browser, it closes while the PDFs are finished.
          if (++printedCount === checked.length * parts.length) closing = printer!.close();
          const bytes = await finalisePdf(raw, p.meta[part]);
          opts.onProgress?.({ month: p.month, stage: 'printed', part, elapsedMs: Date.now() - started });
          return [part, bytes] as const;
        }),
      );
      const files: OutputFile[] = [];
      for (const [part, bytes] of pdfs) {
        files.push({ part, name: part === 'public' ? n.publicPdf : n.exemptPdf, format: 'pdf', data: bytes });
      }
      if (parts.includes('public')) {
        files.push({ part: 'public', name: n.publicCsv, format: 'csv', data: figuresCsv.get(p.month)! });
        if (opts.html) files.push({ part: 'public', name: n.publicHtml, format: 'html', data: p.html.public! });
      }
      if (parts.includes('exempt')) files.push({ part: 'exempt', name: n.disclosureLog, format: 'csv', data: disclosureLogCsv(p.disclosed) });
      files.push({ part: 'build', name: 'build.json', format: 'json', data: buildJson(ws, p, files, choice) });
      const ledger = ledgers.get(p.month);
      const written = await writeMonth(outRoot, p.month, files, { hooks: { beforeSwap: opts.beforeSwap } });
      if (ledger) await writeLedger(ledger);
      opts.onProgress?.({ month: p.month, stage: 'written', elapsedMs: Date.now() - started });
      return summarise(
        p,
        written.filter((w) => w.part !== 'build').map((w) => ({ ...w, path: relative(cwd, w.path) || w.path })),
      );
    });
    return summaries;
  } finally {
    const pr = printer ?? (await printerPromise.catch(() => undefined));
    await (closing ?? pr?.close());
  }
}

/**
 * `fn` over `items`, at most `limit` at a time, results in the order of `items`. After a failure
 * no further item is started; the first failure is thrown once those under way have settled.
 */
async function mapInOrder<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  async function lane(): Promise<void> {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]);
      } catch (error) {
        failure ??= { error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure) throw failure.error;
  return results;
}

async function defaultOpenPrinter(choice: BrowserChoice): Promise<Printer> {
  const { openPrinter } = await import('./print/printer.js');
  return openPrinter(choice, { concurrency: Math.min(4, availableParallelism()) });
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function disclosureLogCsv(d: Disclosed): string {
  const header = 'indicator,period,breakdown,category,field,rule,kind';
  const rows = d.log.map((r) => [r.indicator, r.period, r.breakdown, r.category, r.field, r.rule, r.kind].map(csvField).join(','));
  return [header, ...rows].join('\n') + '\n';
}

/** Inputs' and outputs' hashes, tool version and warnings; no exempt figures. */
function buildJson(ws: Workspace, p: PreparedMonth, files: OutputFile[], choice: BrowserChoice): string {
  return (
    JSON.stringify(
      {
        tool: { name: 'scrutiny-report', version: toolVersion },
        month: p.month,
        workspace: ws.isSample ? 'bundled sample' : ws.dir,
        inputs: ws.inputs,
        outputs: files.map((f) => ({ part: f.part, file: f.part === 'build' ? f.name : `${f.part}/${f.name}`, sha256: sha256(f.data) })),
        browser: { source: choice.source },
        warnings: p.warnings,
      },
      null,
      2,
    ) + '\n'
  );
}
