import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { binPath } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';
import { until } from '../helpers/until.js';

/** Processes whose command line mentions `needle` (e.g. a private TMPDIR that Chromium's profile lives in). */
function processesMentioning(needle: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((l) => l.includes(needle) && !l.includes('ps -eo'));
}

// SPEC Commands › exit codes and SPEC Outputs: an interrupted build leaves no browser, no
// temporary folder and no half-written output behind.
describe('interrupting a build', () => {
  it.each([['SIGTERM', 143], ['SIGINT', 130]] as const)(
    '%s closes the browser (even one still starting) and removes its profile and every temporary folder',
    async (signal, code) => {
      const cwd = tempDir();
      const privateTmp = tempDir('scrutiny-signal-tmp-');
      const child = spawn(process.execPath, [binPath, 'build', '--from', '2023-04', '--to', '2023-09', '--out', 'out'], {
        cwd,
        env: { ...process.env, TMPDIR: privateTmp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      const exit = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      // Interrupt once Chromium is in the process table. Its profile folder is made before it is
      // spawned, so waiting for the folder alone interrupted a browser not yet started, under load.
      await until('Chromium to start', () => processesMentioning(privateTmp).length > 0 || child.exitCode !== null);
      expect(child.exitCode, `the build ended before it could be interrupted: ${stderr}`).toBeNull();
      child.kill(signal);
      expect(await exit, stderr).toBe(code);
      expect(stderr).toContain('interrupted');
      // The build waits for Chromium's main process; its helpers may take a moment longer to go.
      await until('Chromium to be gone', () => processesMentioning(privateTmp).length === 0).catch(() => undefined);
      expect(processesMentioning(privateTmp)).toEqual([]);
      expect(readdirSync(privateTmp).filter((f) => f.startsWith('scrutiny-chrome-'))).toEqual([]);
      const out = join(cwd, 'out');
      if (existsSync(out)) expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    },
  );
});
