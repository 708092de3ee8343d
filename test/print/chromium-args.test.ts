import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { chromiumArgs, PROFILE_PLACEHOLDER, PUPPETEER_ARG_SWITCHES, puppeteerVersion, recordedArgs, type RecordedArgs } from '../../src/print/chromium-args.js';
import { LAUNCH_ARGS } from '../../src/print/printer.js';
import { tempDir } from '../helpers/temp.js';

// SPEC Commands (build): Chromium is started with the arguments puppeteer's own launch would give
// it. A build reads them from a file `npm run build` writes, and only while that file is exactly
// what the installed puppeteer would say; otherwise it asks puppeteer.

const puppeteersOwn = (headless: 'shell' | true, profile: string, args: readonly string[] = LAUNCH_ARGS) =>
  puppeteer.defaultArgs({ headless, userDataDir: profile, args: [...args] });

/** A file as scripts/chromium-args.mjs writes it, with `change` applied. */
function recordedFile(change: (r: RecordedArgs) => void = () => undefined): string {
  const r: RecordedArgs = {
    puppeteer: puppeteerVersion(),
    launchArgs: [...LAUNCH_ARGS],
    shell: puppeteersOwn('shell', PROFILE_PLACEHOLDER),
    full: puppeteersOwn(true, PROFILE_PLACEHOLDER),
  };
  change(r);
  const file = join(tempDir(), 'chromium-args.json');
  writeFileSync(file, JSON.stringify(r));
  return file;
}

describe("Chromium's arguments", () => {
  it("are puppeteer's own for both browsers, with each launch's profile, when read from the file", async () => {
    const file = recordedFile();
    expect(recordedArgs(LAUNCH_ARGS, {}, file)).toBeDefined();
    for (const headless of ['shell', true] as const) {
      const args = await chromiumArgs(headless, '/tmp/scrutiny-chrome-abc', LAUNCH_ARGS, file);
      expect(args).toEqual(puppeteersOwn(headless, '/tmp/scrutiny-chrome-abc'));
      expect(args).toContain('--user-data-dir=/tmp/scrutiny-chrome-abc');
      expect(args.join(' ')).not.toContain(PROFILE_PLACEHOLDER);
    }
    // A relative folder is made absolute, as puppeteer does.
    expect(await chromiumArgs('shell', 'rel/profile', LAUNCH_ARGS, file)).toEqual(puppeteersOwn('shell', 'rel/profile'));
  });

  it('come from puppeteer itself when the file is missing, unreadable, for another puppeteer or for other arguments', async () => {
    const cases: [string, string][] = [
      ['missing', join(tempDir(), 'none.json')],
      ['another puppeteer-core', recordedFile((r) => (r.puppeteer = '23.0.0'))],
      ['other launch arguments', recordedFile((r) => r.launchArgs.pop())],
      ['no list for a browser', recordedFile((r) => delete (r as Partial<RecordedArgs>).full)],
      ['a list without the profile', recordedFile((r) => (r.shell = r.shell.filter((a) => !a.startsWith('--user-data-dir='))))],
    ];
    const garbled = join(tempDir(), 'garbled.json');
    writeFileSync(garbled, '{ "puppeteer": ');
    cases.push(['not JSON', garbled]);
    for (const [why, file] of cases) {
      expect(recordedArgs(LAUNCH_ARGS, {}, file), why).toBeUndefined();
    }
    // A file whose lists were wrong would be caught only if it were read: it is not, for other arguments.
    const wrong = recordedFile((r) => (r.shell = ['--wrong']));
    const extra = [...LAUNCH_ARGS, '--enable-features=Foo', '--disable-features=Bar'];
    expect(recordedArgs(extra, {}, wrong)).toBeUndefined();
    expect(await chromiumArgs('shell', '/tmp/p', extra, wrong)).toEqual(puppeteersOwn('shell', '/tmp/p', extra));
    // puppeteer's defaultArgs takes those two flags out of the array it is given: ours is left as it was.
    expect(extra).toHaveLength(LAUNCH_ARGS.length + 2);
  });

  it.each(PUPPETEER_ARG_SWITCHES)('come from puppeteer itself while %s is set, which changes them', (name) => {
    const file = recordedFile();
    expect(recordedArgs(LAUNCH_ARGS, { [name]: 'true' }, file)).toBeUndefined();
    expect(recordedArgs(LAUNCH_ARGS, {}, file)).toBeDefined();
  });
});
