import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, tempDir } from '../helpers/cli.js';

/** Processes whose command line mentions `needle` (e.g. a private TMPDIR that Chromium's profile lives in). */
function processesMentioning(needle: string): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return ps.stdout.split('\n').filter((l) => l.includes(needle) && !l.includes('ps -eo'));
}

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
      // Interrupt once Chromium is up (its profile folder exists) and before the batch can finish.
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !readdirSync(privateTmp).some((f) => f.startsWith('scrutiny-chrome-'))) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(processesMentioning(privateTmp).length, 'Chromium should be running').toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 500));
      child.kill(signal);
      const exit = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
      expect(exit, stderr).toBe(code);
      expect(stderr).toContain('interrupted');
      await new Promise((r) => setTimeout(r, 300));
      expect(processesMentioning(privateTmp)).toEqual([]);
      expect(readdirSync(privateTmp).filter((f) => f.startsWith('scrutiny-chrome-'))).toEqual([]);
      const out = join(cwd, 'out');
      if (existsSync(out)) expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    },
  );
});
