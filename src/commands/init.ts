import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { EnvironmentError, UsageError } from '../errors.js';
import { sampleWorkspaceDir } from '../paths.js';
import { makeFolder } from '../write/folders.js';

/** `scrutiny-report init [DIR]`: a new workspace copied from the bundled sample, without its commentary; never overwrites. */
export async function init(dir: string, cwd = process.cwd()): Promise<string> {
  const target = resolve(cwd, dir);
  if (existsSync(join(target, 'scrutiny.yaml'))) {
    throw new UsageError(`${target} already holds a workspace (scrutiny.yaml); nothing was changed`);
  }
  try {
    await makeFolder(target);
    await cp(sampleWorkspaceDir, target, {
      recursive: true,
      errorOnExist: true,
      force: false,
      // Outputs are not inputs, and the sample's commentary is about the sample's months: copied
      // into a new workspace it would be taken for the officer's own (SPEC Second round › Extracts).
      filter: (src) => !['out', 'commentary'].some((d) => src === join(sampleWorkspaceDir, d) || src.startsWith(join(sampleWorkspaceDir, d) + sep)),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ERR_FS_CP_EEXIST' || err.code === 'EEXIST') {
      throw new UsageError(`${target} already has some of the sample's files (${err.message}); nothing was overwritten`);
    }
    throw new EnvironmentError(`cannot create the workspace in ${target}: ${err.message}`);
  }
  return target;
}
