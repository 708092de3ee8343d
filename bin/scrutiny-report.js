#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';

// A command runs for seconds, most of its code once: V8 optimising a function after the default
// ~66 KB of its bytecode has run spends more CPU compiling (on a helper thread, which on two cores
// competes with Chromium) than the optimised code ever saves. With a budget 15 times larger only
// the really hot loops (the extract's rows, the disclosure checks) are optimised. Measured on the
// sample build: the Node process's CPU 4.1 → 3.0 core-seconds; `validate` of a 1,008,000-row
// extract unchanged (4.8 s). Set before the code is compiled (its code cache is made with them).
const V8_FLAGS = '--interrupt-budget=1000000';
setFlagsFromString(V8_FLAGS);

// The tool's bundle, compiled from the code cache the last run of this command saved (see
// src/lib/code-cache.ts).
const { loadBundle, codeCacheDir } = await import('../dist/lib/code-cache.js');
const bundle = loadBundle(new URL('../dist/bundle/cli.cjs', import.meta.url), { command: process.argv[2] ?? '', flags: V8_FLAGS, cacheDir: codeCacheDir() });
const { main, exitWith } = bundle.exports;
const code = await main(process.argv.slice(2));
await bundle.save();
// It exits when the command is done (see exitWith), not when Node's event loop happens to empty.
await exitWith(code);
