/** The library API: the CLI and the tests both call these. */
export { build, type BuildOptions, type MonthSummary } from './commands/build.js';
export { validate, type ValidateOptions, type ValidateResult } from './commands/validate.js';
export { draftCommentaryCommand as draftCommentary } from './commands/commentary.js';
export { init } from './commands/init.js';
export { doctor } from './commands/doctor.js';
export { InputError, UsageError, EnvironmentError, ScrutinyError } from './errors.js';
export type * from './types.js';
