import { existsSync, watch, type FSWatcher } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative, resolve, sep } from 'node:path';
import type { Month } from '../types.js';
import { InputError, UsageError, formatProblem } from '../errors.js';
import { monthName, plural } from '../format.js';
import { prepareMonth } from '../build.js';
import { loadOrThrow } from '../load/index.js';
import { resolveWorkspace } from '../paths.js';

export interface PreviewOptions {
  month: Month;
  workspace?: string;
  cwd?: string;
  /** 0 (the default) lets the system choose a free port. */
  port?: number;
  onNotice?: (line: string) => void;
}

export interface Preview {
  url: string;
  /** Stops watching and serving, after any rebuild under way. */
  close(): Promise<void>;
}

/** What the pages show now: both papers, or the problems that stop them. */
interface State {
  version: number;
  public?: string;
  exempt?: string;
  problems: string[];
  warnings: string[];
}

/**
 * The page reloads itself when the server says the workspace changed. It is added to the served
 * HTML only: printed papers never carry a script.
 */
const RELOAD_SCRIPT = `<script>new EventSource("/events").addEventListener("rebuilt", () => location.reload());</script>`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function noticePanel(state: State): string {
  if (state.problems.length === 0 && state.warnings.length === 0) return '';
  const list = (items: string[]) => `<ul>${items.map((p) => `<li><code>${escapeHtml(p)}</code></li>`).join('')}</ul>`;
  const style = 'font:14px/1.4 system-ui,sans-serif;margin:0 0 1em;padding:0.75em 1em;border:3px solid;';
  return [
    state.problems.length ? `<section role="alert" style="${style}border-color:#d4351c;background:#fff"><h2>${plural(state.problems.length, 'problem')}: the papers cannot be built</h2>${list(state.problems)}</section>` : '',
    state.warnings.length ? `<section style="${style}border-color:#f47738;background:#fff"><h2>${plural(state.warnings.length, 'warning')} (errors with --strict)</h2>${list(state.warnings)}</section>` : '',
  ].join('');
}

function page(state: State, part: 'public' | 'exempt'): string {
  const html = state[part];
  const panel = noticePanel(state);
  if (!html) return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Preview – problems</title></head><body>${panel}${RELOAD_SCRIPT}</body></html>`;
  return html.replace(/<body([^>]*)>/, (b) => `${b}${panel}`).replace(/<\/body>(?![\s\S]*<\/body>)/, `${RELOAD_SCRIPT}</body>`);
}

function indexPage(state: State, month: Month): string {
  return `<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Preview – ${monthName(month)}</title></head><body style="font:16px/1.5 system-ui,sans-serif;margin:2em">${noticePanel(state)}<h1>Preview: ${monthName(month)}</h1><ul><li><a href="/part1">Part 1 (Public)</a></li><li><a href="/part2">Part 2 (Exempt)</a></li></ul><p>The pages reload on every save in the workspace.</p>${RELOAD_SCRIPT}</body></html>`;
}

/**
 * `scrutiny-report preview --month`: both parts as HTML on 127.0.0.1, rebuilt and reloaded on every
 * save in the workspace, with problems shown on the page. Only this machine can connect, and only
 * through the address printed: Part 2 is exempt, so a request naming another host (a page elsewhere
 * rebinding its name to 127.0.0.1) is refused.
 */
export async function preview(opts: PreviewOptions): Promise<Preview> {
  const cwd = opts.cwd ?? process.cwd();
  const resolved = resolveWorkspace(opts.workspace, cwd);
  if (resolved.notice) opts.onNotice?.(resolved.notice);
  if (opts.workspace && !existsSync(join(resolved.dir, 'scrutiny.yaml'))) throw new UsageError(`--workspace ${opts.workspace}: no scrutiny.yaml there`);
  const dir = resolved.dir;
  const state: State = { version: 0, problems: [], warnings: [] };
  const clients = new Set<ServerResponse>();

  async function rebuild(): Promise<void> {
    const next: State = { version: state.version + 1, problems: [], warnings: [] };
    try {
      const { workspace, warnings } = await loadOrThrow(dir, resolved.isSample, opts.month);
      const p = await prepareMonth(workspace, opts.month, ['public', 'exempt'], false, warnings);
      Object.assign(next, { public: p.html.public, exempt: p.html.exempt, warnings: p.warnings });
    } catch (e) {
      if (!(e instanceof InputError || e instanceof UsageError)) throw e;
      next.problems = e instanceof InputError ? e.problems.map(formatProblem) : [e.message];
    }
    Object.assign(state, { public: undefined, exempt: undefined }, next);
    for (const c of clients) c.write(`event: rebuilt\ndata: ${state.version}\n\n`);
  }

  // One rebuild at a time; saves during one are folded into the next. An editor's save is
  // several file events (truncate, write, rename) within a few milliseconds: they wait for each
  // other briefly and make one rebuild, not one reading a half-written file and then another.
  let running: Promise<void> | undefined;
  let again = false;
  let settling: NodeJS.Timeout | undefined;
  const SETTLE_MS = 15;
  const saved = () => {
    clearTimeout(settling);
    settling = setTimeout(schedule, SETTLE_MS);
  };
  const schedule = () => {
    if (running) {
      again = true;
      return;
    }
    running = rebuild()
      .catch((e) => opts.onNotice?.(`rebuild failed: ${(e as Error).message}`))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          schedule();
        }
      });
  };
  await rebuild();

  let port = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.host !== `127.0.0.1:${port}` && req.headers.host !== `localhost:${port}`) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('This preview answers only at its own address.\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const send = (body: string) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
    if (path === '/') send(indexPage(state, opts.month));
    else if (path === '/part1') send(page(state, 'public'));
    else if (path === '/part2') send(page(state, 'exempt'));
    else if (path === '/events') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(`: version ${state.version}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
    } else res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => done());
  });
  port = (server.address() as AddressInfo).port;

  // Everything the papers are made of is in the workspace; the outputs folder is not.
  const outDir = resolve(dir, 'out');
  const watcher: FSWatcher = watch(dir, { recursive: true }, (_event, name) => {
    if (name && (resolve(dir, name) === outDir || resolve(dir, name).startsWith(outDir + sep) || relative(dir, resolve(dir, name)).split(sep).some((s) => s.startsWith('.')))) return;
    saved();
  });

  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      watcher.close();
      clearTimeout(settling);
      for (const c of clients) c.end();
      await new Promise<void>((done) => server.close(() => done()));
      await running;
    },
  };
}
