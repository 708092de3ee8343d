import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Month } from '../types.js';
import { UsageError } from '../errors.js';
import { assessMonth } from '../assess/index.js';
import { disclose } from '../disclose/index.js';
import { draftCommentary, type DraftResult } from '../commentary/index.js';
import { loadOrThrow } from '../load/index.js';
import { resolveWorkspace } from '../paths.js';

/** `scrutiny-report commentary`: stubs for the month's exceptions, drafted from what each part may show. */
export async function draftCommentaryCommand(opts: { month: Month; workspace?: string; cwd?: string }): Promise<DraftResult> {
  const cwd = opts.cwd ?? process.cwd();
  const resolved = resolveWorkspace(opts.workspace, cwd);
  if (resolved.isSample) {
    throw new UsageError('commentary is written into your workspace: make one with `scrutiny-report init DIR`, then run this there (or pass --workspace DIR)');
  }
  if (!existsSync(join(resolved.dir, 'scrutiny.yaml'))) throw new UsageError(`--workspace ${opts.workspace}: no scrutiny.yaml there`);
  const { workspace: ws } = await loadOrThrow(resolved.dir, false);
  const assessed = assessMonth(ws, opts.month);
  const disclosed = await disclose(ws, assessed);
  return draftCommentary({
    ws,
    month: opts.month,
    assessed,
    publicView: disclosed.public,
    commentaryPath: join(ws.dir, ws.config.paths.commentary, `${opts.month}.yaml`),
  });
}
