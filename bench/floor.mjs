// The floor for `npm run bench`: a bare puppeteer-core script that launches the same Chromium with
// the same arguments and prints the same HTML files with the same options, concurrently, writing
// each PDF beside its HTML. Nothing else: no inputs read, no checks, no finishing.
// With "media": "print", each page is laid out for print from the start, as the tool's printer does
// (src/print/printer.ts); without it, as a bare script would.
// Usage: node bench/floor.mjs CHROMIUM '{"args":[…],"pdf":{…},"headless":true|"shell","media":"print"?}' a.html b.html
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';

const [executablePath, optionsJson, ...files] = process.argv.slice(2);
const { args, pdf, headless = true, media } = JSON.parse(optionsJson);
const userDataDir = mkdtempSync(join(tmpdir(), 'scrutiny-floor-'));
const browser = await puppeteer.launch({ executablePath, headless, pipe: true, userDataDir, args });
await Promise.all(
  files.map(async (file) => {
    const page = await browser.newPage();
    // No time limit: on a loaded machine puppeteer's default 30 s ends a floor that is only slow.
    page.setDefaultTimeout(0);
    await page.setJavaScriptEnabled(false);
    if (media) await page.emulateMediaType(media);
    await page.setContent(readFileSync(file, 'utf8'), { waitUntil: 'load' });
    writeFileSync(file.replace(/\.html$/, '.pdf'), await page.pdf(pdf));
    await page.close();
  }),
);
await browser.close();
rmSync(userDataDir, { recursive: true, force: true });
