import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { Browser, ConnectionTransport, HTTPRequest, Page } from 'puppeteer-core';
import { EnvironmentError } from '../errors.js';
import { onInterrupt } from '../lib/cleanup.js';
import { limiter } from '../lib/limit.js';
import { isHeadlessShell, type BrowserChoice } from './browser.js';
import { chromiumArgs, connectBrowser } from './chromium-args.js';
import { finalisePdf, type PdfMeta } from './postprocess.js';
import { profilePrefix, sweepStaleProfiles } from './sweep.js';

export type { PdfMeta } from './postprocess.js';

export interface Printer {
  /** Final, post-processed PDF bytes. */
  pdf(html: string, opts: { allowedRoots: string[]; meta: PdfMeta }): Promise<Uint8Array>;
  /**
   * Chromium's PDF before finalisePdf: for a caller that finishes the PDFs itself, so that the
   * browser can be closed while the last ones are finished.
   */
  printRaw(html: string, opts: { allowedRoots: string[]; title: string }): Promise<Uint8Array>;
  browserVersion(): Promise<string>;
  close(): Promise<void>;
}

export interface PrinterOptions {
  /** Documents in flight in each browser. */
  concurrency?: number;
  pageTimeoutMs?: number;
  /**
   * Browsers to print with (default 1). Chromium lays out and prints a browser's documents on one
   * core whatever the number of tabs; a batch on two cores prints twice as fast with two browsers,
   * each document going to the one with fewer in hand.
   */
  browsers?: number;
  /**
   * Called once every browser's process has been started (Chromium then boots on its own), before
   * the printer is ready: a caller can hold back work that would keep Node's only thread busy until
   * then, so that the import and the spawn are not queued behind it.
   */
  onSpawned?: () => void;
  /**
   * Stops the browsers at once, whether still starting or not (their process groups are killed): a
   * build whose inputs fail its checks prints nothing, and should not wait a second or more for a
   * browser to finish starting only to close it. A printer still opening then fails to open; close()
   * still removes what is left of one that had opened.
   */
  signal?: AbortSignal;
}

/** Exported for `npm run bench`, whose floor launches Chromium exactly as the build does. */
export const LAUNCH_ARGS = [
  // Needed when running as root (CI containers); the pages run no JavaScript and reach no network.
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--disable-extensions',
  '--lang=en-GB',
  // Nothing resolves, IP literals included. Needed beside request interception: <link rel=prefetch>
  // bypasses interception and reached a local server in a test without this.
  '--host-resolver-rules=MAP * ~NOTFOUND',
];

/** How every paper is printed (and the bench's floor prints the same way). */
export const PDF_OPTIONS = {
  format: 'A4',
  printBackground: true,
  preferCSSPageSize: true,
  displayHeaderFooter: false,
  tagged: true,
  outline: true,
} as const;

const CLOSE_GRACE_MS = 5000;
/** How long a browser may take to answer once started: puppeteer's own launch waited as long. */
const START_TIMEOUT_MS = 30_000;

/**
 * puppeteer's connection over Chromium's --remote-debugging-pipe: JSON messages, each ended by a
 * NUL byte, written to the browser's fd 3 and read from its fd 4. (puppeteer's own PipeTransport is
 * internal: it is not in the package's public types.)
 */
function pipeTransport(toBrowser: Writable, fromBrowser: Readable): ConnectionTransport {
  let pending: Buffer[] = [];
  let closed = false;
  const transport: ConnectionTransport = {
    send(message) {
      if (closed) return;
      toBrowser.write(message);
      toBrowser.write('\0');
    },
    close() {
      closed = true;
      fromBrowser.off('data', onData);
    },
  };
  const onData = (chunk: Buffer) => {
    let start = 0;
    let end = chunk.indexOf(0);
    while (end !== -1) {
      const message = Buffer.concat([...pending, chunk.subarray(start, end)]).toString('utf8');
      pending = [];
      // Delivered in order on later turns, as puppeteer's own pipe transport does: its handlers may
      // send in turn.
      setImmediate(() => {
        if (!closed) transport.onmessage?.(message);
      });
      start = end + 1;
      end = chunk.indexOf(0, start);
    }
    if (start < chunk.length) pending.push(chunk.subarray(start));
  };
  fromBrowser.on('data', onData);
  fromBrowser.once('close', () => transport.onclose?.());
  return transport;
}

/** Reads a stream to its end (a pipe nobody reads fills and stops the writer), keeping its last line for an error message. */
function recentLines(stream: Readable): () => string {
  let tail = '';
  stream.setEncoding('utf8');
  stream.on('data', (text: string) => {
    tail = (tail + text).slice(-2000);
  });
  return () => tail.trim().split('\n').pop()?.trim() ?? '';
}

/** One launched Chromium and its temporary profile. */
interface Launched {
  browser: Browser;
  proc: ChildProcess | null;
  profile: string;
  /** The browser that took over after this one failed; set once, so concurrent failures share it. */
  replacement?: Promise<Launched>;
  /** Tabs opened as soon as the browser answered, ready for the first documents (see openTab). */
  spares: Promise<Page>[];
}

class Fault extends Error {}

function isUnder(file: string, roots: string[]): boolean {
  return roots.some((root) => {
    const rel = path.relative(path.resolve(root), path.resolve(file));
    return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
  });
}

/** Only inlined data and files inside the workspace or the package may load; everything else is aborted. */
export function isAllowedUrl(url: string, roots: string[]): boolean {
  if (url.startsWith('data:')) return true;
  if (!url.startsWith('file:')) return false;
  try {
    return isUnder(fileURLToPath(url), roots);
  } catch {
    return false;
  }
}

function killGroup(proc: ChildProcess | null): void {
  if (!proc?.pid) return;
  try {
    // puppeteer starts Chromium detached, so it leads its own process group: this also takes its helpers,
    // which can outlive the main process, hence no check whether that one has exited already.
    if (process.platform !== 'win32') process.kill(-proc.pid, 'SIGKILL');
    else if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  } catch {
    // already gone
  }
}

function exited(proc: ChildProcess | null): Promise<void> {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => proc.once('exit', () => resolve()));
}

/**
 * How long one document may take to print before its browser counts as wedged: the base limit for
 * every 2 MB of HTML (a 600-page paper of a large workspace takes Chromium a minute or more on a
 * busy machine, where the sample's 28 pages take seconds), so a hang is still caught, in bounded time.
 * The second attempt, in a new browser, has twice as long: a first that ran out of time may have
 * met a machine busier than the limit allows for, and a wedged browser is then found at the base limit.
 */
export function printTimeoutMs(baseMs: number, htmlLength: number, attempt: 1 | 2 = 1): number {
  return baseMs * Math.max(1, Math.ceil(htmlLength / 2_000_000)) * attempt;
}

function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Fault(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * One browser for the whole run. A document whose page hangs, or whose browser crashes, gets one retry
 * in a freshly launched browser; a second failure is an environment error.
 */
export async function openPrinter(choice: BrowserChoice, opts: PrinterOptions = {}): Promise<Printer> {
  const opening = startPrinter(choice, opts);
  // An interruption waits for a browser still starting, then closes it and its temporary profile.
  const forget = onInterrupt(async () => (await opening.catch(() => undefined))?.close());
  let printer: Printer;
  try {
    printer = await opening;
  } catch (e) {
    forget();
    throw e;
  }
  return {
    ...printer,
    close: async () => {
      forget();
      await printer.close();
    },
  };
}

async function startPrinter(choice: BrowserChoice, opts: PrinterOptions): Promise<Printer> {
  // puppeteer is loaded by chromiumArgs and connectBrowser, not at the top, so commands that never
  // print never load it; and only its connector, so that the inputs are not kept waiting.
  const concurrency = Math.max(1, Math.min(4, opts.concurrency ?? availableParallelism()));
  const pageTimeoutMs = opts.pageTimeoutMs ?? 60_000;
  const live = new Set<Launched>();
  const stopping = new Set<Promise<void>>();
  let closed = false;

  // A last resort for a process that exits without calling close(): never leave Chromium behind.
  const onExit = () => {
    for (const l of live) {
      killGroup(l.proc);
      rmSync(l.profile, { recursive: true, force: true, maxRetries: 3 });
    }
  };
  process.on('exit', onExit);

  /**
   * Starts Chromium ourselves, with the arguments puppeteer's own launch would give it, and connects
   * puppeteer over the process's pipes. Holding the process from the first instant means a stop
   * kills it at once, and every one of its pipes has an error handler for as long as it lives: with
   * puppeteer's launch, a browser killed while the launch was still connecting could reset a pipe
   * after puppeteer had dropped its handlers (an unhandled ECONNRESET ended the build).
   * `called` runs once the process has been started.
   */
  async function launch(called?: () => void): Promise<Launched> {
    const profile = await mkdtemp(profilePrefix());
    let proc: ChildProcess | undefined;
    try {
      const args = [...(await chromiumArgs(isHeadlessShell(choice.path) ? 'shell' : true, profile, LAUNCH_ARGS)), '--remote-debugging-pipe'];
      const child = spawn(choice.path, args, {
        // Its own process group, so that killGroup takes its helpers too.
        detached: process.platform !== 'win32',
        stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
        // Chromium's crash handler and caches otherwise write under ~/.config and ~/.cache; keep all of
        // it in the profile that close() removes.
        env: { ...process.env, XDG_CONFIG_HOME: path.join(profile, 'config'), XDG_CACHE_HOME: path.join(profile, 'cache') },
      });
      proc = child;
      const [, , stderr, toBrowser, fromBrowser] = child.stdio as [null, null, Readable, Writable, Readable];
      const lastWords = recentLines(stderr);
      for (const stream of [stderr, toBrowser, fromBrowser]) stream.on('error', () => undefined);
      called?.();
      const gone = new Promise<never>((_, reject) => {
        child.once('error', (e) => reject(e));
        child.once('exit', (code, signal) => reject(new Error(`it exited (${signal ?? `code ${code}`}) as it started${lastWords() ? `: ${lastWords()}` : ''}`)));
      });
      gone.catch(() => undefined);
      const connecting = connectBrowser({
        transport: pipeTransport(toBrowser, fromBrowser),
        // Each print is bounded by printTimeoutMs, which grows with the document; puppeteer's own
        // per-call limit (3 minutes) would end a large paper's printToPDF first, as a "crash".
        protocolTimeout: 0,
        defaultViewport: { width: 800, height: 600 },
      });
      connecting.catch(() => undefined);
      // As long as puppeteer's own launch waited for a browser to answer.
      const browser = await withTimeout(Promise.race([connecting, gone, stopped(opts.signal)]), START_TIMEOUT_MS, 'starting');
      const launched: Launched = { browser, proc: child, profile, spares: [] };
      // The first documents' tabs are opened now, while Node is still checking and rendering them.
      for (let i = 0; i < concurrency; i++) {
        const tab = openTab(launched);
        tab.catch(() => undefined);
        launched.spares.push(tab);
      }
      live.add(launched);
      return launched;
    } catch (e) {
      if (proc) {
        killGroup(proc);
        await exited(proc);
      }
      // Retried: a browser just stopped can still be writing to it as it dies.
      await rm(profile, { recursive: true, force: true, maxRetries: 3 });
      throw new EnvironmentError(`could not start the browser ${choice.path} (${choice.source}): ${firstLine(e)}`);
    }
  }

  /** Closes a browser, asking it first unless it `failed` (crashed, or wedged: it would not answer). */
  async function shutdown(l: Launched, failed = false): Promise<void> {
    live.delete(l);
    if (!failed) {
      let timer: NodeJS.Timeout | undefined;
      const graceful = l.browser.close().catch(() => undefined);
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, CLOSE_GRACE_MS);
      });
      await Promise.race([graceful, deadline]);
      clearTimeout(timer);
    }
    killGroup(l.proc);
    await exited(l.proc);
    await rm(l.profile, { recursive: true, force: true, maxRetries: 3 });
  }

  // Profiles left by builds that were killed outright go while this browser starts.
  const swept = sweepStaleProfiles();
  /** One lane per browser: the browser now in use (a replacement after a failure) and its load. */
  interface Lane {
    current: Promise<Launched>;
    inHand: number;
    limit: <T>(job: () => Promise<T>) => Promise<T>;
  }
  const spawning: Promise<void>[] = [];
  const lanes: Lane[] = Array.from({ length: Math.max(1, opts.browsers ?? 1) }, () => {
    let called!: () => void;
    spawning.push(new Promise<void>((resolve) => (called = resolve)));
    return { current: launch(called), inHand: 0, limit: limiter(concurrency) };
  });
  // A turn of the event loop later every microtask has run, so every process has been started.
  const { onSpawned } = opts;
  if (onSpawned) void Promise.all(spawning).then(() => setImmediate(onSpawned));
  const started = await Promise.allSettled(lanes.map((lane) => lane.current));
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all([...live].map((l) => shutdown(l)));
    process.off('exit', onExit);
    throw failed.reason;
  }

  /** Replaces the lane's browser that failed, unless a concurrent document already did. */
  function relaunch(lane: Lane, failed: Launched): Promise<Launched> {
    if (!failed.replacement) {
      failed.replacement = lane.current = launch();
      const stop = shutdown(failed, true);
      stopping.add(stop);
      void stop.finally(() => stopping.delete(stop));
    }
    return failed.replacement;
  }

  /**
   * A tab ready for a document: JavaScript off, and every request held until the handler that
   * printOnce adds for that document decides it (a blank tab makes none meanwhile).
   */
  async function openTab(l: Launched): Promise<Page> {
    const page = await l.browser.newPage();
    await page.setJavaScriptEnabled(false);
    // Laid out for print from the start: otherwise Chromium lays the document out for the screen
    // (twice: before and after its fonts load) and again for print, which was a third of a paper's
    // time in the renderer. What is printed is the same.
    await page.emulateMediaType('print');
    await page.setRequestInterception(true);
    return page;
  }

  async function printOnce(l: Launched, html: string, roots: string[], attempt: 1 | 2): Promise<Uint8Array> {
    if (!l.browser.connected) throw new Fault('the browser is no longer connected');
    let opened: Promise<Page> | undefined;
    let onDisconnect = () => {};
    const disconnected = new Promise<never>((_, reject) => {
      onDisconnect = () => reject(new Fault('the browser disconnected'));
      l.browser.on('disconnected', onDisconnect);
    });
    disconnected.catch(() => undefined);
    const limit = printTimeoutMs(pageTimeoutMs, html.length, attempt);
    try {
      // The timeout covers opening the tab too: a stopped or wedged browser hangs there first.
      const work = (async () => {
        // A spare tab opened with the browser, else a new one; used for one document, then closed.
        opened = l.spares.shift() ?? openTab(l);
        const page = await opened;
        page.setDefaultTimeout(limit);
        page.on('request', (req: HTTPRequest) => {
          if (req.isInterceptResolutionHandled()) return;
          if (isAllowedUrl(req.url(), roots)) void req.continue().catch(() => undefined);
          // An aborted navigation (meta refresh, a link target) would replace the document with an error
          // page; 204 No Content tells Chromium to stay where it is.
          else if (req.isNavigationRequest()) void req.respond({ status: 204 }).catch(() => undefined);
          else void req.abort('blockedbyclient').catch(() => undefined);
        });
        await page.setContent(html, { waitUntil: 'load' });
        return page.pdf(PDF_OPTIONS);
      })();
      work.catch(() => undefined);
      return await withTimeout(Promise.race([work, disconnected]), limit, 'printing the page');
    } finally {
      l.browser.off('disconnected', onDisconnect);
      // Closed even when the time limit ended this attempt while the tab was still opening.
      void opened?.then((tab) => tab.close()).catch(() => undefined);
    }
  }

  async function pdf(html: string, o: { allowedRoots: string[]; meta: PdfMeta }): Promise<Uint8Array> {
    return finalisePdf(await printRaw(html, { allowedRoots: o.allowedRoots, title: o.meta.title }), o.meta);
  }

  async function printRaw(html: string, o: { allowedRoots: string[]; title: string }): Promise<Uint8Array> {
    if (closed) throw new Error('the printer is closed');
    // Assigned on arrival to the browser with fewer documents in hand, so both stay busy.
    const lane = lanes.reduce((a, b) => (b.inHand < a.inHand ? b : a));
    lane.inHand++;
    return lane.limit(async () => {
      let l = await lane.current;
      try {
        return await printOnce(l, html, o.allowedRoots, 1);
      } catch (first) {
        if (closed) throw first;
        l = await relaunch(lane, l);
        try {
          return await printOnce(l, html, o.allowedRoots, 2);
        } catch (second) {
          throw new EnvironmentError(
            `the browser crashed twice while printing "${o.title}" (${firstLine(first)}; then ${firstLine(second)}); ` +
              `check that ${choice.path} runs, or pass --browser PATH`,
          );
        }
      }
    }).finally(() => lane.inHand--);
  }

  async function browserVersion(): Promise<string> {
    // Every call to the browser is bounded by us (puppeteer's own per-call limit is off, see launch).
    return withTimeout((await lanes[0].current).browser.version(), pageTimeoutMs, 'asking the browser its version');
  }

  async function close(): Promise<void> {
    if (closed) return;
    closed = true;
    await Promise.allSettled(lanes.map((lane) => lane.current));
    await Promise.all([...[...live].map((l) => shutdown(l)), ...stopping, swept]);
    process.off('exit', onExit);
  }

  return { pdf, printRaw, browserVersion, close };
}

/** Rejects once the signal fires; never settles without one. */
function stopped(signal: AbortSignal | undefined): Promise<never> {
  return new Promise((_, reject) => {
    if (!signal) return;
    const stop = () => reject(new Error('stopped: the build no longer needs a browser'));
    if (signal.aborted) stop();
    else signal.addEventListener('abort', stop, { once: true });
  });
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0];
}
