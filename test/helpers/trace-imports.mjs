// `node --import ./test/helpers/trace-imports.mjs …` appends the URL of every ES module that is
// loaded to the file named by TRACE_IMPORTS, so a test can see what a command loaded.
import { register } from 'node:module';

register('./trace-imports-hooks.mjs', import.meta.url, { data: { file: process.env.TRACE_IMPORTS } });
