#!/usr/bin/env node
// Run by `npm run build` after the compiler: writes dist/chromium-args.json, the arguments the
// installed puppeteer-core's own launch gives Chromium for the build's LAUNCH_ARGS, for the headless
// shell and for the full Chromium. A build reads them from there instead of loading puppeteer's
// launcher before it can start the browser (src/print/chromium-args.ts says when it does not).

import { writeFileSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS_FILE, PROFILE_PLACEHOLDER, PUPPETEER_ARG_SWITCHES, puppeteerVersion } from '../dist/print/chromium-args.js';
import { LAUNCH_ARGS } from '../dist/print/printer.js';

// What a build with none of puppeteer's switches set would be given (one with any set asks puppeteer).
for (const name of PUPPETEER_ARG_SWITCHES) delete process.env[name];
const argsFor = (headless) => puppeteer.defaultArgs({ headless, userDataDir: PROFILE_PLACEHOLDER, args: [...LAUNCH_ARGS] });
const recorded = { puppeteer: puppeteerVersion(), launchArgs: LAUNCH_ARGS, shell: argsFor('shell'), full: argsFor(true) };
writeFileSync(CHROMIUM_ARGS_FILE, `${JSON.stringify(recorded, null, 2)}\n`);
