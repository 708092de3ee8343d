#!/usr/bin/env node
// Run by `npm run build` after the compiler: bundles the compiled command-line tool and the libraries
// it uses into dist/bundle/, which bin/scrutiny-report.js runs.
//
// Why: a build loaded about 520 module files (puppeteer-core's connector, zod, yaml, markdown-it,
// handlebars…), and resolving, reading and compiling them one by one was about 0.2 s of Node's only
// thread in every command, before any work. Split at each dynamic import, so a command still loads
// only what it uses: `validate` no browser library, a build no pdf-lib (left outside the bundle with
// the other libraries loaded only for rare inputs, and highs, which finds its WebAssembly beside its
// own file). dist/bundle/meta.json maps each output file to the modules inside it, for the start-up
// tests.

import { rmSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';

// esbuild leaves files of an earlier bundle in place; their names change with their contents.
rmSync('dist/bundle', { recursive: true, force: true });
const result = await build({
  entryPoints: { cli: 'dist/cli/index.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['highs', 'pdf-lib', 'read-excel-file', 'read-excel-file/*'],
  // handlebars and other CommonJS libraries call require(); in an ES module it has to be made.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'warning',
});
writeFileSync('dist/bundle/meta.json', JSON.stringify(result.metafile));
