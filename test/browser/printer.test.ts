import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { PDFDocument } from 'pdf-lib';
import { countUntaggedContent } from '../../src/print/artifacts.js';
import { pageContent } from '../helpers/pdf-objects.js';
import { findBrowser, isHeadlessShell } from '../../src/print/browser.js';
import { isAllowedUrl, openPrinter, type Printer } from '../../src/print/printer.js';
import { EnvironmentError } from '../../src/errors.js';
import { runInterruptCleanups } from '../../src/lib/cleanup.js';
import { meta, reportHtml } from '../print/fixture.js';
import { tempDir } from '../helpers/temp.js';
import { until } from '../helpers/until.js';
import { canonicalOfPdfLib, canonicalOfRaw } from '../helpers/pdf-objects.js';
import { RawPdf } from '../../src/print/pdf-raw.js';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Proc {
  pid: number;
  ppid: number;
  pgid: number;
  stat: string;
  args: string;
}

/** Live (not zombie) processes from the process table. */
function processes(): Proc[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,pgid=,stat=,args='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .map(([pid, ppid, pgid, stat, ...args]) => ({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), stat, args: args.join(' ') }))
    .filter((p) => !p.stat.startsWith('Z'));
}

/** Chromium main processes started by this test process (puppeteer makes each a process-group leader). */
function browserLeaders(): number[] {
  return processes()
    .filter((p) => p.ppid === process.pid && p.pid === p.pgid && /chrom/i.test(p.args))
    .map((p) => p.pid);
}

/** Every live process that belongs to a browser: its process group, or anything using its profile. */
function browserProcesses(leader: number, profile: string): Proc[] {
  return processes().filter((p) => p.pgid === leader || p.args.includes(profile));
}

function profileOf(leader: number): string {
  const args = processes().find((p) => p.pid === leader)?.args ?? '';
  const profile = args.match(/--user-data-dir=(\S+)/)?.[1];
  if (!profile) throw new Error(`no --user-data-dir in ${args}`);
  return profile;
}

async function readBack(bytes: Uint8Array) {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += content.items.map((it) => ('str' in it ? it.str : '')).join(' ').replace(/\s+/g, ' ') + '\n';
  }
  const result = {
    text,
    pages: doc.numPages,
    metadata: await doc.getMetadata(),
    markInfo: await doc.getMarkInfo(),
    prefs: await doc.getViewerPreferences(),
    outline: await doc.getOutline(),
  };
  await doc.destroy();
  return result;
}

describe('isAllowedUrl', () => {
  const roots = ['/work/ws', '/opt/pkg'];
  it.each([
    ['data:image/png;base64,AAAA', true],
    ['file:///work/ws/logo.png', true],
    ['file:///opt/pkg/templates/a.css', true],
    ['file:///work/ws', true],
    ['file:///work/ws2/secret.png', false],
    ['file:///work/ws/../secret.png', false],
    ['file:///etc/passwd', false],
    ['http://127.0.0.1:8080/x.png', false],
    ['https://example.org/font.woff2', false],
    ['about:blank', false],
    ['blob:null/abc', false],
  ])('%s → %s', (url, allowed) => {
    expect(isAllowedUrl(url, roots)).toBe(allowed);
  });
});

describe('printing in real Chromium', () => {
  let printer: Printer;
  let work: string;
  let first: Uint8Array;

  beforeAll(async () => {
    work = tempDir('scrutiny-print-test-');
    printer = await openPrinter(findBrowser(), { concurrency: 2, pageTimeoutMs: 120_000 });
    first = await printer.pdf(reportHtml(), { allowedRoots: [work], meta });
  });

  afterAll(async () => {
    await printer?.close();
  });

  it('reads every object of Chromium’s PDF, where its table says, as pdf-lib’s parser reads it (SPEC Accessible papers)', async () => {
    const raw = await printer.printRaw(reportHtml(), { allowedRoots: [work], title: meta.title });
    const file = new RawPdf(raw);
    const ours = [...file.numbers()].map((num) => `${num} ${canonicalOfRaw(file.read(num))}`);
    const doc = await PDFDocument.load(raw, { updateMetadata: false });
    const theirs = doc.context.enumerateIndirectObjects().map(([ref, obj]) => `${ref.objectNumber} ${canonicalOfPdfLib(obj)}`);
    expect(ours.length).toBeGreaterThan(50);
    expect(ours).toEqual(theirs);
  });

  it('reports the browser version', async () => {
    expect(await printer.browserVersion()).toMatch(/Chrom(e|ium)\/\d+/);
  });

  it('produces a tagged PDF with the text, metadata, language, title preference and outline', async () => {
    const r = await readBack(first);
    expect(r.pages).toBe(3);
    expect(r.text).toContain('Scrutiny Committee Performance Report');
    expect(r.text).toContain('Re-referrals within 12 months');
    expect(r.text).toContain('23.4%');
    expect(r.text).toContain('Page 2 of 3');
    const info = r.metadata.info as Record<string, unknown>;
    expect(info.Title).toBe(meta.title);
    expect(info.Author).toBe(meta.author);
    expect(info.Subject).toBe(meta.subject);
    expect(info.Keywords).toBe('children’s services; scrutiny; performance');
    expect(info.Creator).toBe('scrutiny-report');
    expect(info.Language).toBe('en-GB');
    expect(r.metadata.metadata?.get('dc:title')).toBe(meta.title);
    expect(r.metadata.metadata?.get('pdfuaid:part')).toBe('1');
    expect(r.markInfo?.Marked).toBe(true);
    expect((r.prefs as Record<string, unknown> | null)?.DisplayDocTitle).toBe(true);
    expect(r.outline?.map((o) => o.title)).toEqual(['Scrutiny Committee Performance Report']);
    expect(r.outline?.[0].items.map((o) => o.title)).toEqual(['Section 1: Early help', 'Section 2: Children in care']);
  });

  it('keeps the structure tree: headings, table header cells and the figure with its alt text', async () => {
    const doc = await getDocument({ data: first.slice() }).promise;
    const roles: string[] = [];
    const alts: string[] = [];
    const walk = (n: { role?: string; alt?: string; children?: unknown[] }) => {
      if (n.role) roles.push(n.role);
      if (n.alt) alts.push(n.alt);
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    for (let i = 1; i <= doc.numPages; i++) walk((await (await doc.getPage(i)).getStructTree()) as never);
    await doc.destroy();
    expect(roles).toEqual(expect.arrayContaining(['H1', 'H2', 'Table', 'TH', 'TD', 'Caption', 'Figure']));
    expect(alts).toContain('Monthly trend for re-referrals');
  });

  it('leaves no content outside tags or artifacts: the running footer became an artifact', async () => {
    const doc = await PDFDocument.load(first);
    const pages = doc.getPages().map((pg) => pageContent(doc, pg)!);
    expect(pages.map(countUntaggedContent)).toEqual([0, 0, 0]);
    expect(pages.every((c) => c.includes('/Artifact BMC'))).toBe(true);
  });

  it('pdfinfo sees it as tagged, with the fixed creation date and an XMP stream', () => {
    const file = path.join(work, 'report.pdf');
    writeFileSync(file, first);
    const info = execFileSync('pdfinfo', ['-isodates', file], { encoding: 'utf8' });
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^CreationDate:\s+2023-12-12T00:00:00Z?$/m);
    expect(info).toMatch(/^ModDate:\s+2023-12-12T00:00:00Z?$/m);
    expect(info).toMatch(/^Metadata Stream:\s+yes$/m);
  });

  it('prints the same document in the full Chromium too (the lookup prefers the headless shell when both are installed)', async () => {
    const executable = (p: string) => {
      try {
        accessSync(p, constants.X_OK);
        return true;
      } catch {
        return false;
      }
    };
    // CI installs both (.ci/run); a user's laptop may have only one of them.
    const full = findBrowser({ env: {}, exists: (p) => executable(p) && !isHeadlessShell(p) });
    expect(isHeadlessShell(findBrowser().path)).toBe(true);
    const other = await openPrinter(full, { concurrency: 1, pageTimeoutMs: 120_000 });
    try {
      const bytes = await other.pdf(reportHtml(), { allowedRoots: [work], meta });
      const [a, b] = [await readBack(first), await readBack(bytes)];
      expect(b.pages).toBe(a.pages);
      expect(b.markInfo?.Marked).toBe(true);
      // The same words in the same order; where a line breaks may differ by a glyph's rounding.
      expect(b.text.split(/\s+/)).toEqual(a.text.split(/\s+/));
      const doc = await PDFDocument.load(bytes);
      expect(doc.getPages().map((pg) => countUntaggedContent(pageContent(doc, pg)!))).toEqual([0, 0, 0]);
    } finally {
      await other.close();
    }
  });

  it('gives byte-identical PDFs for the same HTML, also when printed concurrently', async () => {
    const [a, b] = await Promise.all([
      printer.pdf(reportHtml(), { allowedRoots: [work], meta }),
      printer.pdf(reportHtml(), { allowedRoots: [work], meta }),
    ]);
    expect(sha256(a)).toBe(sha256(first));
    expect(sha256(b)).toBe(sha256(first));
  });

  it('prints with two browsers when asked (a batch on two cores), each document identical to one browser\'s', async () => {
    const others = browserLeaders();
    const p = await openPrinter(findBrowser(), { concurrency: 1, browsers: 2, pageTimeoutMs: 120_000 });
    try {
      expect(browserLeaders().filter((pid) => !others.includes(pid))).toHaveLength(2);
      const all = await Promise.all([1, 2, 3].map(() => p.pdf(reportHtml(), { allowedRoots: [work], meta })));
      for (const bytes of all) expect(sha256(bytes)).toBe(sha256(first));
    } finally {
      await p.close();
    }
    expect(browserLeaders().filter((pid) => !others.includes(pid))).toEqual([]);
  });

  it('lets the page reach nothing over the network, whatever the HTML tries', async () => {
    const hits: string[] = [];
    const server: Server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('body { color: red }');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const hostile = `
        <meta http-equiv="refresh" content="0; url=${base}/refresh">
        <link rel="stylesheet" href="${base}/style.css">
        <link rel="prefetch" href="${base}/prefetch">
        <style>@import url("${base}/import.css"); .bg { background: url("${base}/bg.png"); }
          @font-face { font-family: X; src: url("${base}/font.woff2"); } .f { font-family: X; }</style>
        <p class="bg f">Hostile content</p>
        <img src="${base}/img.png" alt="tracking pixel">
        <iframe src="${base}/frame"></iframe>
        <object data="${base}/object"></object>
        <video poster="${base}/poster.png"></video>
        <script>fetch("${base}/fetch"); new Image().src = "${base}/js-img";</script>`;
      const bytes = await printer.pdf(reportHtml(hostile), { allowedRoots: [work], meta });
      expect((await readBack(bytes)).text).toContain('Hostile content');
      expect(hits).toEqual([]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('loads no file from outside the allowed roots', async () => {
    const inside = path.join(work, 'assets');
    const outside = tempDir('scrutiny-outside-');
    mkdirSync(inside, { recursive: true });
    writeFileSync(path.join(inside, 'in.css'), '.in::after { content: "LOADED-INSIDE"; }');
    writeFileSync(path.join(outside, 'out.css'), '.out::after { content: "LOADED-OUTSIDE"; }');
    const html = `<link rel="stylesheet" href="${pathToFileURL(path.join(inside, 'in.css'))}">
      <link rel="stylesheet" href="${pathToFileURL(path.join(outside, 'out.css'))}">
      <p class="in">marker</p><p class="out">marker</p>`;
    const text = (await readBack(await printer.pdf(reportHtml(html), { allowedRoots: [work], meta }))).text;
    expect(text).not.toContain('LOADED-OUTSIDE');
  });

  it('survives the browser being killed: one relaunch, and the output is unchanged', async () => {
    const before = browserLeaders();
    expect(before).toHaveLength(1);
    process.kill(-before[0], 'SIGKILL');
    const again = await printer.pdf(reportHtml(), { allowedRoots: [work], meta });
    expect(sha256(again)).toBe(sha256(first));
    const after = browserLeaders();
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before[0]);
  });

  it('close() leaves no browser process and no temporary profile behind', async () => {
    const others = browserLeaders();
    const p = await openPrinter(findBrowser(), { concurrency: 1 });
    const leader = browserLeaders().find((pid) => !others.includes(pid));
    expect(leader).toBeDefined();
    const profile = profileOf(leader!);
    expect(browserProcesses(leader!, profile).length).toBeGreaterThan(1);
    await p.close();
    // close() waits for Chromium's main process; a helper it killed can take a moment longer to exit.
    await until('the browser\'s helpers to be gone', () => browserProcesses(leader!, profile).length === 0, 60_000).catch(() => undefined);
    expect(browserProcesses(leader!, profile)).toEqual([]);
    expect(existsSync(profile)).toBe(false);
    await expect(p.pdf(reportHtml(), { allowedRoots: [work], meta })).rejects.toThrow(/closed/);
  });
});

describe('faults', () => {
  it('a browser that stops responding is replaced, the document still prints, and close() kills the stuck one', async () => {
    const others = browserLeaders();
    // The stopped browser is given up on after 10 s; the replacement then has twice that to print
    // (printTimeoutMs), long enough on a loaded machine.
    const p = await openPrinter(findBrowser(), { concurrency: 1, pageTimeoutMs: 10_000 });
    try {
      const stuck = browserLeaders().find((pid) => !others.includes(pid))!;
      const profile = profileOf(stuck);
      process.kill(-stuck, 'SIGSTOP');
      const bytes = await p.pdf(reportHtml(), { allowedRoots: [], meta });
      expect(Buffer.from(bytes.subarray(0, 5)).toString()).toBe('%PDF-');
      await p.close();
      // Killed with its group: a helper of the stopped browser was seen still exiting (state R, no
      // arguments left) just after close() returned, on a loaded machine.
      await until('the stuck browser\'s processes to be gone', () => browserProcesses(stuck, profile).length === 0, 60_000).catch(() => undefined);
      expect(browserProcesses(stuck, profile)).toEqual([]);
      expect(existsSync(profile)).toBe(false);
    } finally {
      await p.close();
    }
  });

  it('a document that fails in two browsers is an environment error, and the cleanup run on interruption closes it', async () => {
    const dir = tempDir('scrutiny-paused-');
    // Every renderer of this browser pauses at start-up, so no page can ever print.
    const wrapper = path.join(dir, 'paused-chromium');
    writeFileSync(wrapper, `#!/bin/sh\nexec '${findBrowser().path}' --renderer-startup-dialog "$@"\n`, { mode: 0o755 });
    const others = browserLeaders();
    const p = await openPrinter({ path: wrapper, source: 'flag' }, { concurrency: 1, pageTimeoutMs: 1000 });
    try {
      const err = await p.pdf(reportHtml(), { allowedRoots: [], meta }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnvironmentError);
      expect((err as EnvironmentError).exitCode).toBe(3);
      expect((err as Error).message).toMatch(/^the browser crashed twice while printing "Scrutiny Committee Performance Report/);
      const leaders = browserLeaders().filter((pid) => !others.includes(pid));
      expect(leaders).toHaveLength(1);
      await runInterruptCleanups();
      expect(browserLeaders().filter((pid) => !others.includes(pid))).toEqual([]);
      await expect(p.pdf(reportHtml(), { allowedRoots: [], meta })).rejects.toThrow(/closed/);
    } finally {
      await p.close();
    }
  });
});
