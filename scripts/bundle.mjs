#!/usr/bin/env node
// Run by `npm run build` after the compiler: bundles the compiled command-line tool and the libraries
// it uses into dist/bundle/, which bin/scrutiny-report.js runs.
//
// Why: a build loaded about 520 module files (puppeteer-core's connector, zod, yaml, markdown-it,
// handlebars…), and resolving, reading and compiling them one by one was about 0.2 s of Node's only
// thread in every command, before any work. One CommonJS file, because Node 20 can start a
// CommonJS script from V8's code cache and not an ES module: bin/scrutiny-report.js runs it through
// src/lib/code-cache.ts, which saves what a command compiled for the next. A module imported only
// dynamically is still only run when a command needs it (esbuild wraps it in a lazy initialiser):
// `validate` runs no browser library. pdf-lib, read-excel-file and highs (which finds its
// WebAssembly beside its own file) stay outside, loaded only for the inputs that need them.
// dist/bundle/meta.json maps the bundle to the modules inside it, and cli.cjs.sha256 is the digest
// that names its code caches.

import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

// Whatever an earlier build left there goes first (esbuild leaves it, and its files had other names).
rmSync('dist/bundle', { recursive: true, force: true });
const result = await build({
  entryPoints: { cli: 'dist/cli/index.js' },
  outfile: 'dist/bundle/cli.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['highs', 'pdf-lib', 'read-excel-file', 'read-excel-file/*'],
  // Their import() becomes require() (each has a CommonJS build): Node 20 loses a script's import()
  // callback when the script is compiled from a code cache ("A dynamic import callback was not
  // specified"), so the bundle has none.
  supported: { 'dynamic-import': false },
  // The compiled modules (and puppeteer-core's) find files beside themselves from import.meta.url:
  // in the bundle that is the bundle's own address, as it was for each chunk of the ES bundle.
  define: { 'import.meta.url': '__bundleUrl' },
  banner: { js: "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;" },
  metafile: true,
  logLevel: 'warning',
});
writeFileSync('dist/bundle/meta.json', JSON.stringify(result.metafile));
// ASCII only, so that V8 holds the source at one byte a character: one non-ASCII character makes
// the whole 6 MB a two-byte string (13 MB, which the million-row build's peak memory felt). esbuild
// escapes strings; what it leaves is in comments and a few regular expressions, where a \u escape
// means the same character.
const code = readFileSync('dist/bundle/cli.cjs', 'utf8').replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
writeFileSync('dist/bundle/cli.cjs', code);
writeFileSync('dist/bundle/cli.cjs.sha256', `${createHash('sha256').update(code).digest('hex')}\n`);
