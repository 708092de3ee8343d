import { describe, expect, it } from 'vitest';
import { describeBrowserLookup, findBrowser, isHeadlessShell } from '../../src/print/browser.js';
import { EnvironmentError } from '../../src/errors.js';

const existsIn = (...paths: string[]) => (p: string) => paths.includes(p);
const noDirs = () => [] as string[];

describe('findBrowser', () => {
  it('prefers --browser over both env vars and system paths', () => {
    const choice = findBrowser({
      flag: '/opt/mine/chrome',
      env: { SCRUTINY_BROWSER: '/env/chrome', PUPPETEER_EXECUTABLE_PATH: '/pptr/chrome' },
      platform: 'linux',
      exists: existsIn('/opt/mine/chrome', '/env/chrome', '/pptr/chrome', '/usr/bin/chromium'),
      readdir: noDirs,
    });
    expect(choice).toEqual({ path: '/opt/mine/chrome', source: 'flag' });
  });

  it('uses SCRUTINY_BROWSER before PUPPETEER_EXECUTABLE_PATH', () => {
    const choice = findBrowser({
      env: { SCRUTINY_BROWSER: '/env/chrome', PUPPETEER_EXECUTABLE_PATH: '/pptr/chrome' },
      platform: 'linux',
      exists: existsIn('/env/chrome', '/pptr/chrome'),
      readdir: noDirs,
    });
    expect(choice).toEqual({ path: '/env/chrome', source: 'SCRUTINY_BROWSER' });
  });

  it('uses PUPPETEER_EXECUTABLE_PATH when it is the only explicit choice', () => {
    const choice = findBrowser({
      env: { PUPPETEER_EXECUTABLE_PATH: '/pptr/chrome' },
      platform: 'linux',
      exists: existsIn('/pptr/chrome', '/usr/bin/chromium'),
      readdir: noDirs,
    });
    expect(choice.source).toBe('PUPPETEER_EXECUTABLE_PATH');
  });

  it.each([
    [{ flag: '/nope' }, {}, '--browser'],
    [{}, { SCRUTINY_BROWSER: '/nope' }, 'SCRUTINY_BROWSER'],
    [{}, { PUPPETEER_EXECUTABLE_PATH: '/nope' }, 'PUPPETEER_EXECUTABLE_PATH'],
  ])('an explicit choice that does not exist is an error naming it, never a fallback (%#)', (opts, env, name) => {
    const run = () =>
      findBrowser({ ...opts, env, platform: 'linux', exists: existsIn('/usr/bin/chromium'), readdir: noDirs });
    expect(run).toThrow(EnvironmentError);
    expect(run).toThrow(new RegExp(`${name} points to /nope, which does not exist`));
  });

  it('picks the newest build in the puppeteer cache, across chrome and chrome-headless-shell', () => {
    const cache = '/home/u/.cache/puppeteer';
    const dirs: Record<string, string[]> = {
      [`${cache}/chrome`]: ['linux-148.0.7778.97', 'linux-131.0.6778.204', 'mac_arm-150.0.1.1'],
      [`${cache}/chrome-headless-shell`]: ['linux-148.0.7778.9', 'linux-not-a-version'],
    };
    const newest = `${cache}/chrome/linux-148.0.7778.97/chrome-linux64/chrome`;
    const choice = findBrowser({
      env: {},
      platform: 'linux',
      homedir: '/home/u',
      readdir: (d) => dirs[d] ?? [],
      exists: existsIn(newest, `${cache}/chrome-headless-shell/linux-148.0.7778.9/chrome-headless-shell-linux64/chrome-headless-shell`, '/usr/bin/chromium'),
    });
    expect(choice).toEqual({ path: newest, source: 'puppeteer cache' });
  });

  it('honours PUPPETEER_CACHE_DIR and prefers the headless shell on the same build', () => {
    const shell = '/c/chrome-headless-shell/linux-148.0.7778.97/chrome-headless-shell-linux64/chrome-headless-shell';
    const full = '/c/chrome/linux-148.0.7778.97/chrome-linux64/chrome';
    const choice = findBrowser({
      env: { PUPPETEER_CACHE_DIR: '/c' },
      platform: 'linux',
      readdir: (d) => (d === '/c/chrome' || d === '/c/chrome-headless-shell' ? ['linux-148.0.7778.97'] : []),
      exists: existsIn(shell, full),
    });
    expect(choice.path).toBe(shell);
  });

  it('skips a cache entry whose executable is gone (an interrupted download)', () => {
    const choice = findBrowser({
      env: {},
      platform: 'linux',
      homedir: '/h',
      readdir: (d) => (d === '/h/.cache/puppeteer/chrome' ? ['linux-148.0.7778.97'] : []),
      exists: existsIn('/usr/bin/chromium'),
    });
    expect(choice).toEqual({ path: '/usr/bin/chromium', source: 'system' });
  });

  it("prefers Debian's headless shell to the full Chromium on the same machine", () => {
    const choice = findBrowser({ env: {}, platform: 'linux', readdir: noDirs, exists: existsIn('/usr/bin/chromium', '/usr/bin/chromium-headless-shell') });
    expect(choice).toEqual({ path: '/usr/bin/chromium-headless-shell', source: 'system' });
    expect(findBrowser({ env: {}, platform: 'linux', readdir: noDirs, exists: existsIn('/usr/bin/chromium') }).path).toBe('/usr/bin/chromium');
  });

  it.each([
    ['/usr/bin/chromium-headless-shell', true],
    ['/usr/lib/chromium/chromium-headless-shell', true],
    ['/c/chrome-headless-shell/linux-148.0.7778.97/chrome-headless-shell-linux64/chrome-headless-shell', true],
    ['C:\\pptr\\chrome-headless-shell-win64\\chrome-headless-shell.exe', true],
    ['/usr/bin/chromium', false],
    ['/opt/headless-shell-tools/chrome', false],
    ['/usr/bin/google-chrome', false],
  ])('launches %s as the headless shell: %s', (path, shell) => {
    expect(isHeadlessShell(path)).toBe(shell);
  });

  it('walks the linux system paths in order', () => {
    const choice = findBrowser({ env: {}, platform: 'linux', readdir: noDirs, exists: existsIn('/snap/bin/chromium', '/usr/bin/google-chrome') });
    expect(choice).toEqual({ path: '/usr/bin/google-chrome', source: 'system' });
  });

  it('knows the macOS .app bundle and the Windows Program Files paths', () => {
    const mac = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser({ env: {}, platform: 'darwin', homedir: '/Users/u', readdir: noDirs, exists: existsIn(mac) }).path).toBe(mac);
    const win = 'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe';
    expect(findBrowser({ env: {}, platform: 'win32', homedir: 'C:\\Users\\u', readdir: noDirs, exists: existsIn(win) }).path).toBe(win);
  });

  it('finds a Windows cache install by its .exe path', () => {
    const exe = 'C:\\Users\\u\\.cache\\puppeteer\\chrome\\win64-148.0.7778.97\\chrome-win64\\chrome.exe';
    const choice = findBrowser({
      env: {},
      platform: 'win32',
      homedir: 'C:\\Users\\u',
      readdir: (d) => (d === 'C:\\Users\\u\\.cache\\puppeteer\\chrome' ? ['win64-148.0.7778.97'] : []),
      exists: existsIn(exe),
    });
    expect(choice).toEqual({ path: exe, source: 'puppeteer cache' });
  });

  it('with nothing found, throws one actionable line naming what was tried and how to get a browser', () => {
    let err: unknown;
    try {
      findBrowser({ env: {}, platform: 'linux', homedir: '/h', readdir: noDirs, exists: () => false });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(EnvironmentError);
    const msg = (err as EnvironmentError).message;
    expect(msg).not.toContain('\n');
    expect(msg).toContain('/usr/bin/chromium');
    expect(msg).toContain('/h/.cache/puppeteer');
    expect(msg).toContain('apt-get install chromium');
    expect(msg).toContain('--browser');
    expect((err as EnvironmentError).exitCode).toBe(3);
  });

  it('treats an empty env var as unset', () => {
    const choice = findBrowser({ env: { SCRUTINY_BROWSER: '' }, platform: 'linux', readdir: noDirs, exists: existsIn('/usr/bin/chromium') });
    expect(choice.source).toBe('system');
  });
});

describe('describeBrowserLookup', () => {
  it('lists every candidate and marks the one used with the reason', () => {
    const lines = describeBrowserLookup({ env: {}, platform: 'linux', homedir: '/h', readdir: noDirs, exists: existsIn('/usr/bin/chromium-browser') });
    expect(lines[0]).toBe('--browser: not given');
    expect(lines).toContain('system: /usr/bin/chromium (missing)');
    expect(lines).toContain('system: /usr/bin/chromium-browser (found)  ← used');
    expect(lines).toContain('system: /snap/bin/chromium (missing)');
    expect(lines.at(-1)).toMatch(/^using \/usr\/bin\/chromium-browser from the first system path/);
  });

  it('reports an explicit but missing choice as the error, without throwing', () => {
    const lines = describeBrowserLookup({ flag: '/nope', env: {}, platform: 'linux', readdir: noDirs, exists: existsIn('/usr/bin/chromium') });
    expect(lines[0]).toBe('--browser: /nope (missing)');
    expect(lines.some((l) => l.includes('← used'))).toBe(false);
    expect(lines.at(-1)).toMatch(/^✖ --browser points to \/nope/);
  });

  it('says how to get a browser when there is none', () => {
    const lines = describeBrowserLookup({ env: {}, platform: 'linux', readdir: noDirs, exists: () => false });
    expect(lines.at(-1)).toContain('apt-get install chromium');
  });
});
