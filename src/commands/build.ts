import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import type { Month } from '../types.js';
import { UsageError } from '../errors.js';
import { isMonth, monthRange } from '../format.js';
import type { ProgressEvent } from '../build.js';
import { findBrowser, type BrowserChoice } from '../print/browser.js';
import type { Printer } from '../print/printer.js';
import { resolveWorkspace } from '../paths.js';
import type { Part } from '../write/index.js';
import type { MonthSummary } from '../write/manifest.js';
import { lockMonths } from '../write/lock.js';

export type { ProgressEvent } from '../build.js';
export type { MonthSummary } from '../write/manifest.js';

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
  /**
   * Warnings that needed a hidden figure (an exception only Part 2 shows has no text, exempt text
   * gone stale). They are always in exempt/build-exempt.json; give this only for an interactive terminal.
   */
  onExemptWarnings?: (month: Month, lines: string[]) => void;
  /** Test seam: replaces the browser (e.g. to inject a failure). */
  openPrinter?: (choice: BrowserChoice) => Promise<Printer>;
  /** Test seam: runs when a month's files are staged, just before they are moved into place (e.g. a full disk). */
  beforeSwap?: () => Promise<void>;
}

/** The months asked for, as flags: one month or a range (which of them have a meeting is load's to say). */
export function monthRequest(opts: Pick<BuildOptions, 'month' | 'from' | 'to'>): Month | { from: Month; to: Month } {
  for (const [flag, v] of [['--month', opts.month], ['--from', opts.from], ['--to', opts.to]] as const) {
    if (v !== undefined && !isMonth(v)) throw new UsageError(`${flag} ${v} is not a month: expected YYYY-MM, e.g. 2023-11`);
  }
  if (opts.month && (opts.from || opts.to)) throw new UsageError('give either --month or --from/--to, not both');
  if (opts.month) return opts.month;
  if (opts.from && opts.to) {
    if (opts.from > opts.to) throw new UsageError(`--from ${opts.from} is after --to ${opts.to}`);
    return { from: opts.from, to: opts.to };
  }
  throw new UsageError('say which month to build: --month YYYY-MM, or --from YYYY-MM --to YYYY-MM');
}

/** The months built, and those of the range skipped for having no meeting. */
export interface BuildResult {
  months: MonthSummary[];
  skipped: Month[];
}

/** `scrutiny-report build`: checks the options, finds the workspace and the browser, then runs the pipeline. */
export async function build(opts: BuildOptions): Promise<BuildResult> {
  const request = monthRequest(opts);
  const cwd = opts.cwd ?? process.cwd();
  const parts: Part[] = opts.part === 'public' ? ['public'] : opts.part === 'exempt' ? ['exempt'] : ['public', 'exempt'];
  const resolved = resolveWorkspace(opts.workspace, cwd);
  if (resolved.notice) opts.onNotice?.(resolved.notice);
  if (opts.workspace && !existsSync(join(resolved.dir, 'scrutiny.yaml'))) {
    throw new UsageError(`--workspace ${opts.workspace}: no scrutiny.yaml there (run \`scrutiny-report init ${opts.workspace}\` to make one)`);
  }
  const choice = findBrowser({ flag: opts.browser, env: opts.env ?? process.env });
  // The months asked for; which of them have a meeting is known once scrutiny.yaml is read.
  const requested = typeof request === 'string' ? [request] : monthRange(request.from, request.to);
  // An --out that cannot be written, or a month another build is writing, fails before any work.
  let unlock = opts.out ? await lockMonths(resolve(cwd, opts.out), requested) : undefined;
  // Starting the browser takes a quarter to a whole second: it starts while the inputs are read and checked.
  const documents = requested.length * parts.length;
  let spawned!: () => void;
  const browserStarted = new Promise<void>((resolve) => (spawned = resolve));
  // A build that fails its checks prints nothing: the browser is stopped rather than waited for.
  const stopBrowser = new AbortController();
  const printer = opts.openPrinter ? opts.openPrinter(choice) : defaultOpenPrinter(choice, documents, spawned, stopBrowser.signal);
  printer.catch(() => undefined);
  // Reading and checking keep Node's one thread busy for a second or so; Chromium's process is
  // started first, so that it boots meanwhile (queued behind the checks, the sample's browser was
  // ready 1.2 s later). The pipeline's modules load alongside puppeteer's.
  const pipeline = Promise.all([import('../load/index.js'), import('../build.js')]);
  if (!opts.openPrinter) await Promise.race([browserStarted, printer.then(() => undefined, () => undefined)]);
  const [{ loadOrThrow }, { buildMonths }] = await pipeline;
  let loaded;
  try {
    loaded = await loadOrThrow(resolved.dir, resolved.isSample, request);
    const outRoot = opts.out ? resolve(cwd, opts.out) : resolved.isSample ? join(cwd, 'out') : join(loaded.workspace.dir, loaded.workspace.config.paths.out);
    unlock ??= await lockMonths(outRoot, loaded.months);
    loaded = { ...loaded, outRoot };
  } catch (e) {
    stopBrowser.abort();
    await printer.then((p) => p.close(), () => undefined);
    await unlock?.();
    throw e;
  }
  const { workspace: ws, warnings: loadWarnings, notices, months, skipped, outRoot } = loaded;
  for (const line of notices) opts.onNotice?.(line);
  if (skipped.length > 0) opts.onNotice?.(`not built, no meeting: ${skipped.join(', ')}`);
  try {
    const summaries = await buildMonths({
    ws,
    loadWarnings,
    months,
    parts,
    outRoot,
    cwd,
    html: opts.html ?? false,
    strict: opts.strict ?? false,
    record: opts.record ?? false,
    printer,
    stopPrinter: () => stopBrowser.abort(),
    browserSource: choice.source,
    onProgress: opts.onProgress,
    onNotice: opts.onNotice,
    onExemptWarnings: opts.onExemptWarnings,
    beforeSwap: opts.beforeSwap,
    });
    return { months: summaries, skipped };
  } finally {
    await unlock();
  }
}

async function defaultOpenPrinter(choice: BrowserChoice, documents: number, onSpawned: () => void, signal: AbortSignal): Promise<Printer> {
  const { openPrinter } = await import('../print/printer.js');
  const cores = availableParallelism();
  // A second browser costs a start-up; it pays once there are more papers than one month's two.
  const browsers = cores >= 2 && documents > 2 ? 2 : 1;
  return openPrinter(choice, { concurrency: Math.min(4, cores), browsers, onSpawned, signal });
}
