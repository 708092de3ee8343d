import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's own folder (holding templates/ and data/), whether run from src/ or dist/. */
export const packageRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('scrutiny-report: cannot find its package.json');
    dir = up;
  }
  return dir;
})();

export const sampleWorkspaceDir = join(packageRoot, 'data');

export const toolVersion: string = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')).version;

export interface ResolvedWorkspace {
  dir: string;
  isSample: boolean;
  /** One line for stderr when the bundled sample is used. */
  notice?: string;
}

/** SPEC "The workspace": --workspace, else the current folder if it holds scrutiny.yaml, else the bundled sample. */
export function resolveWorkspace(flag: string | undefined, cwd: string): ResolvedWorkspace {
  if (flag) return { dir: resolve(cwd, flag), isSample: resolve(cwd, flag) === sampleWorkspaceDir };
  if (existsSync(join(cwd, 'scrutiny.yaml'))) return { dir: resolve(cwd), isSample: resolve(cwd) === sampleWorkspaceDir };
  return {
    dir: sampleWorkspaceDir,
    isSample: true,
    notice: 'No scrutiny.yaml here and no --workspace: using the bundled sample workspace (synthetic figures). Run `scrutiny-report init` to start your own.',
  };
}
