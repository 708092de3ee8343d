import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, ConnectOptions } from 'puppeteer-core';
import { packageRoot } from '../paths.js';

/**
 * The two things a build needs from puppeteer before its browser can start: the arguments
 * puppeteer's own launch gives Chromium, and a connection over the browser's pipes.
 *
 * Loading the whole library for them (its launcher pulls in @puppeteer/browsers and the rest) is
 * 250 ms of Node's only thread while the inputs wait to be checked; its CDP connector alone is half
 * that. So `npm run build` asks the installed puppeteer-core for its arguments once and writes them
 * beside the compiled code (scripts/chromium-args.mjs), and a build reads them from there. The file
 * is used only while it is exactly what puppeteer would say now: the same puppeteer-core version,
 * the same LAUNCH_ARGS, and none of puppeteer's environment switches that change its arguments set.
 * Otherwise, and whenever the file is missing, puppeteer itself is asked, as before.
 */

/** Where `npm run build` writes puppeteer's arguments. */
export const CHROMIUM_ARGS_FILE = path.join(packageRoot, 'dist', 'chromium-args.json');

/** The profile folder as written in the file; each launch puts its own in its place. */
export const PROFILE_PLACEHOLDER = '/scrutiny-profile-placeholder';
const PROFILE_ARG = `--user-data-dir=${PROFILE_PLACEHOLDER}`;

/** Environment variables that change what puppeteer's defaultArgs returns. */
export const PUPPETEER_ARG_SWITCHES = ['PUPPETEER_TEST_EXPERIMENTAL_CHROME_FEATURES', 'PUPPETEER_DANGEROUS_NO_SANDBOX'];

export interface RecordedArgs {
  puppeteer: string;
  launchArgs: string[];
  /** For the headless shell (`headless: 'shell'`) and for the full Chromium (`headless: true`). */
  shell: string[];
  full: string[];
}

/** The installed puppeteer-core's version. */
export function puppeteerVersion(): string {
  const require = createRequire(import.meta.url);
  return (JSON.parse(readFileSync(require.resolve('puppeteer-core/package.json'), 'utf8')) as { version: string }).version;
}

/** The recorded arguments, if they are what puppeteer would give for `launchArgs` now. */
export function recordedArgs(launchArgs: readonly string[], env: NodeJS.ProcessEnv = process.env, file = CHROMIUM_ARGS_FILE): RecordedArgs | undefined {
  if (PUPPETEER_ARG_SWITCHES.some((name) => env[name] !== undefined)) return undefined;
  let recorded: RecordedArgs;
  try {
    recorded = JSON.parse(readFileSync(file, 'utf8')) as RecordedArgs;
  } catch {
    return undefined;
  }
  const same = (a: readonly string[], b: readonly string[]) => Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
  if (recorded.puppeteer !== puppeteerVersion() || !same(launchArgs, recorded.launchArgs)) return undefined;
  // Each list names the profile once, where a launch puts its own: never a browser on the user's own profile.
  const names = (list: unknown) => Array.isArray(list) && list.filter((a) => a === PROFILE_ARG).length === 1;
  if (!names(recorded.shell) || !names(recorded.full)) return undefined;
  return recorded;
}

/** puppeteer's defaultArgs({ headless, userDataDir: profile, args: launchArgs }), read from the file when it holds them. */
export async function chromiumArgs(headless: 'shell' | true, profile: string, launchArgs: readonly string[], file = CHROMIUM_ARGS_FILE): Promise<string[]> {
  const recorded = recordedArgs(launchArgs, process.env, file);
  if (recorded) {
    // As puppeteer writes the folder: an absolute path as it is, any other resolved.
    const dir = path.posix.isAbsolute(profile) || path.win32.isAbsolute(profile) ? profile : path.resolve(profile);
    return (headless === 'shell' ? recorded.shell : recorded.full).map((a) => (a === PROFILE_ARG ? `--user-data-dir=${dir}` : a));
  }
  const puppeteer = (await import('puppeteer-core')).default;
  // defaultArgs removes --disable-features and --enable-features from the array it is given.
  return puppeteer.defaultArgs({ headless, userDataDir: profile, args: [...launchArgs] });
}

/** puppeteer.connect, from its CDP connector alone (the public entry point loads the launcher too). */
export async function connectBrowser(options: ConnectOptions): Promise<Browser> {
  const connector = (await import('puppeteer-core/internal/common/BrowserConnector.js').catch(() => undefined)) as
    | { _connectToBrowser?: (o: ConnectOptions) => Promise<Browser> }
    | undefined;
  if (typeof connector?._connectToBrowser === 'function') return connector._connectToBrowser(options);
  return (await import('puppeteer-core')).default.connect(options);
}
