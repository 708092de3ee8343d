/** The library API: the CLI and the tests both call these. */
export { build, type BuildOptions, type MonthSummary } from './build.js';
export { validate, type ValidateOptions, type ValidateResult } from './validate.js';
export { draftCommentaryCommand as draftCommentary } from './commentary-command.js';
export { init } from './init.js';
export { doctor } from './doctor.js';
export { InputError, UsageError, EnvironmentError, ScrutinyError } from './errors.js';
export type * from './types.js';
