/**
 * The papers built once per run of the browser set (test/helpers/shared-builds.ts) and read by
 * several files: the bundled sample (no workspace: the CLI falls back to it), the real DfE example,
 * and the workspace that uses every optional part of the format (it writes to its own `papers/`).
 * Each is built as `build --month <month> --json --html` with its folder as the working directory.
 */
export const SHARED_BUILDS = {
  sample: { workspace: undefined, month: '2023-11', out: 'out' },
  'dfe-bromley': { workspace: 'examples/dfe-bromley', month: '2025-11', out: 'out' },
  'spec-tour': { workspace: 'fixtures/spec-tour', month: '2023-11', out: 'papers' },
} as const;

export type SharedName = keyof typeof SHARED_BUILDS;
