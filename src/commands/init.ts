import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { EnvironmentError, UsageError } from '../errors.js';
import { sampleWorkspaceDir } from '../paths.js';
import { makeFolder } from '../write/folders.js';

/** `scrutiny-report init [DIR]`: a new workspace copied from the bundled sample; never overwrites. */
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
      filter: (src) => !src.startsWith(join(sampleWorkspaceDir, 'out') + sep) && src !== join(sampleWorkspaceDir, 'out'),
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
