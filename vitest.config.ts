import { defineConfig } from 'vitest/config';

// Two sets: `unit` needs no browser and no compiled dist/ (npm run test:unit); `browser` launches
// Chromium or runs compiled code (the CLI, the build scripts; test/browser/). `npm test` runs both.
// Unit files share their workers' module graph (isolate: false): importing the pipeline once per
// worker instead of once per file halves the set's CPU time. Unit tests keep no module state
// between files (closed-form.test.ts restores useClosedForms after each test).
// Bounds for a hang, not for speed: property tests that take 15 s on an idle machine took over a
// minute with eight test runs sharing two cores.
const shared = {
  setupFiles: ['test/helpers/cleanup.ts'],
  testTimeout: 240_000,
  hookTimeout: 240_000,
};

export default defineConfig({
  test: {
    // Two cores: keep browser files from fighting over them.
    maxWorkers: 2,
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/browser/**'], isolate: false } },
      // A build takes seconds on an idle machine and a minute or more on a loaded one (eight test
      // runs on two cores were seen): the bound is for a hang, not for speed.
      // Papers that several files only read are built once per run (test/helpers/shared.ts).
      {
        test: {
          ...shared,
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/helpers/shared-builds.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
});
