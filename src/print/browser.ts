import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { homedir as osHomedir } from 'node:os';
import path from 'node:path';
import { EnvironmentError } from '../errors.js';

// No puppeteer import here: `doctor`, `check` and friends call this and must stay fast and browser-free.

export type BrowserSource = 'flag' | 'SCRUTINY_BROWSER' | 'PUPPETEER_EXECUTABLE_PATH' | 'puppeteer cache' | 'system';

export interface BrowserChoice {
  path: string;
  source: BrowserSource;
}

export interface BrowserLookupOptions {
  flag?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  exists?: (p: string) => boolean;
  homedir?: string;
  /** Directory names inside a folder; a missing folder gives []. */
  readdir?: (dir: string) => string[];
}

interface Step {
  label: string;
  path?: string;
  found: boolean;
  /** Why this step did not apply, when it has no path to show. */
  note?: string;
}

interface Lookup {
  steps: Step[];
  choice?: BrowserChoice;
  /** Set when an explicit choice names a missing file: authoritative, so there is no fallback. */
  error?: string;
}

const INSTALL_HINT =
  'install Chromium (Debian/Ubuntu: sudo apt-get install chromium-headless-shell, or chromium), or pass --browser PATH, or set SCRUTINY_BROWSER';

/**
 * Whether the executable is Chrome's headless shell (Debian's chromium-headless-shell, puppeteer's
 * chrome-headless-shell): the browser without its windowing layers, which is all printing needs.
 * It is started with the arguments puppeteer gives `headless: 'shell'`.
 */
export function isHeadlessShell(executable: string): boolean {
  return /headless[-_]shell(\.exe)?$/i.test(executable.split(/[\\/]/).pop() ?? '');
}

function defaultExists(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function defaultReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Compares dotted build ids numerically (148.0.7778.97 > 148.0.7778.9). */
function compareBuildIds(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return 0;
}

type CacheBrowser = 'chrome-headless-shell' | 'chrome';

/**
 * Where @puppeteer/browsers puts the executable inside `<cache>/<browser>/<platform>-<buildId>/`.
 * Mirrors its relativeExecutablePath(); that package is only a transitive dependency, so it is not imported.
 */
function cacheExecutable(browser: CacheBrowser, cachePlatform: string, p: path.PlatformPath): string | undefined {
  const folder: Record<string, string> = {
    linux: 'linux64',
    linux_arm: 'linux64',
    mac: 'mac-x64',
    mac_arm: 'mac-arm64',
    win32: 'win32',
    win64: 'win64',
  };
  const f = folder[cachePlatform];
  if (!f) return undefined;
  const win = cachePlatform.startsWith('win');
  if (browser === 'chrome-headless-shell') {
    return p.join(`chrome-headless-shell-${f}`, win ? 'chrome-headless-shell.exe' : 'chrome-headless-shell');
  }
  if (cachePlatform.startsWith('mac')) {
    return p.join(`chrome-${f}`, 'Google Chrome for Testing.app', 'Contents', 'MacOS', 'Google Chrome for Testing');
  }
  return p.join(`chrome-${f}`, win ? 'chrome.exe' : 'chrome');
}

function cachePlatformsFor(platform: NodeJS.Platform): string[] {
  if (platform === 'linux') return ['linux', 'linux_arm'];
  if (platform === 'darwin') return ['mac', 'mac_arm'];
  if (platform === 'win32') return ['win64', 'win32'];
  return [];
}

function cacheCandidates(cacheDir: string, platform: NodeJS.Platform, readdir: (d: string) => string[]): string[] {
  const p = pathApi(platform);
  const wanted = cachePlatformsFor(platform);
  const found: { path: string; buildId: string; rank: number }[] = [];
  (['chrome-headless-shell', 'chrome'] as const).forEach((browser, rank) => {
    for (const name of readdir(p.join(cacheDir, browser))) {
      const dash = name.indexOf('-');
      if (dash < 0) continue;
      const cachePlatform = name.slice(0, dash);
      const buildId = name.slice(dash + 1);
      if (!wanted.includes(cachePlatform) || !/^\d+(\.\d+)*$/.test(buildId)) continue;
      const rel = cacheExecutable(browser, cachePlatform, p);
      if (rel) found.push({ path: p.join(cacheDir, browser, name, rel), buildId, rank });
    }
  });
  // Newest first; on the same build the headless shell wins because it starts faster and prints the same.
  found.sort((a, b) => compareBuildIds(b.buildId, a.buildId) || a.rank - b.rank);
  return found.map((c) => c.path);
}

function systemCandidates(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string[] {
  if (platform === 'darwin') {
    const apps = [
      'Google Chrome.app/Contents/MacOS/Google Chrome',
      'Chromium.app/Contents/MacOS/Chromium',
      'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary',
    ];
    return [...apps.map((a) => `/Applications/${a}`), ...apps.map((a) => `${home}/Applications/${a}`)];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)', env.LOCALAPPDATA].filter(
      (r): r is string => Boolean(r),
    );
    const apps = ['Google\\Chrome\\Application\\chrome.exe', 'Chromium\\Application\\chrome.exe', 'Microsoft\\Edge\\Application\\msedge.exe'];
    return apps.flatMap((a) => roots.map((r) => path.win32.join(r, a)));
  }
  return [
    // First: on the same Chromium it prints the same papers with about half the CPU (the sample's
    // two papers: 6.4 against 11.8 busy core-seconds, start and close included).
    '/usr/bin/chromium-headless-shell',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/snap/bin/chromium',
  ];
}

/** Runs every step of the lookup, recording each; `stopAtFirst` is false for `doctor`, which shows them all. */
function lookup(opts: BrowserLookupOptions, stopAtFirst: boolean): Lookup {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const exists = opts.exists ?? defaultExists;
  const readdir = opts.readdir ?? defaultReaddir;
  const home = opts.homedir ?? osHomedir();
  const steps: Step[] = [];
  const result: Lookup = { steps };

  const explicit: [BrowserSource, string, string | undefined][] = [
    ['flag', '--browser', opts.flag],
    ['SCRUTINY_BROWSER', 'SCRUTINY_BROWSER', env.SCRUTINY_BROWSER],
    ['PUPPETEER_EXECUTABLE_PATH', 'PUPPETEER_EXECUTABLE_PATH', env.PUPPETEER_EXECUTABLE_PATH],
  ];
  for (const [source, label, value] of explicit) {
    if (!value) {
      steps.push({ label, found: false, note: source === 'flag' ? 'not given' : 'not set' });
      continue;
    }
    const found = exists(value);
    steps.push({ label, path: value, found });
    if (result.choice || result.error) continue;
    if (found) result.choice = { path: value, source };
    else result.error = `${label} points to ${value}, which does not exist or is not executable (fix the path, or ${label === '--browser' ? 'leave out --browser' : `unset ${label}`} to search for a browser)`;
    if (stopAtFirst) return result;
  }

  const cacheDir = env.PUPPETEER_CACHE_DIR || pathApi(platform).join(home, '.cache', 'puppeteer');
  const cached = cacheCandidates(cacheDir, platform, readdir);
  if (cached.length === 0) steps.push({ label: `puppeteer cache ${cacheDir}`, found: false, note: 'no browser installed there' });
  for (const c of cached) {
    const found = exists(c);
    steps.push({ label: 'puppeteer cache', path: c, found });
    if (found && !result.choice && !result.error) {
      result.choice = { path: c, source: 'puppeteer cache' };
      if (stopAtFirst) return result;
    }
  }

  for (const c of systemCandidates(platform, env, home)) {
    const found = exists(c);
    steps.push({ label: 'system', path: c, found });
    if (found && !result.choice && !result.error) {
      result.choice = { path: c, source: 'system' };
      if (stopAtFirst) return result;
    }
  }
  return result;
}

/**
 * The browser to print with. Explicit choices (flag, then the two env vars) are authoritative: one that
 * does not exist is an error, never a silent fallback to some other browser.
 */
export function findBrowser(opts: BrowserLookupOptions = {}): BrowserChoice {
  const r = lookup(opts, true);
  if (r.error) throw new EnvironmentError(r.error);
  if (r.choice) return r.choice;
  const tried = r.steps
    .filter((s) => s.path || s.label.startsWith('puppeteer cache'))
    .map((s) => s.path ?? s.label)
    .join(', ');
  throw new EnvironmentError(`No Chrome or Chromium found (tried ${tried}): ${INSTALL_HINT}`);
}

/** For `scrutiny-report doctor`: every candidate, whether it exists, and which one is used and why. */
export function describeBrowserLookup(opts: BrowserLookupOptions = {}): string[] {
  const r = lookup(opts, false);
  const lines = r.steps.map((s) => {
    const what = s.path ? `${s.label}: ${s.path}` : `${s.label}: ${s.note ?? ''}`;
    const status = s.path ? (s.found ? 'found' : 'missing') : '';
    const used = r.choice && s.path === r.choice.path && s.found && !r.error && isStepOf(s, r.choice.source) ? '  ← used' : '';
    return `${what}${status ? ` (${status})` : ''}${used}`;
  });
  if (r.error) lines.push(`✖ ${r.error}`);
  else if (r.choice) lines.push(`using ${r.choice.path} from ${explainSource(r.choice.source)}`);
  else lines.push(`✖ no browser found: ${INSTALL_HINT}`);
  return lines;
}

function isStepOf(s: Step, source: BrowserSource): boolean {
  const label = source === 'flag' ? '--browser' : source;
  return s.label === label;
}

function explainSource(source: BrowserSource): string {
  switch (source) {
    case 'flag':
      return '--browser (an explicit choice wins over everything else)';
    case 'SCRUTINY_BROWSER':
    case 'PUPPETEER_EXECUTABLE_PATH':
      return `${source} (an explicit choice; no --browser was given)`;
    case 'puppeteer cache':
      return 'the puppeteer cache (newest installed build; nothing explicit was given)';
    case 'system':
      return 'the first system path that exists (nothing explicit was given and no usable browser is in the puppeteer cache)';
  }
}
