import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, runCli } from '../helpers/cli.js';
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
      // One clear line, and not the failures the closing browser causes in the build.
      const errors = stderr.split('\n').filter((l) => l.startsWith('✖'));
      expect(errors, stderr).toHaveLength(1);
      expect(errors[0]).toMatch(new RegExp(`^✖ Interrupted \\(${signal}\\): nothing was written for (2023-04 to 2023-09|[-0-9, ]+ \\([-0-9, ]+ (was|were) written before it\\)); earlier outputs are unchanged$`));
      expect(stderr).not.toMatch(/unexpected error|printer is closed|Protocol error/);
      // The build waits for Chromium's main process; its helpers may take a moment longer to go.
      await until('Chromium to be gone', () => processesMentioning(privateTmp).length === 0).catch(() => undefined);
      expect(processesMentioning(privateTmp)).toEqual([]);
      expect(readdirSync(privateTmp).filter((f) => f.startsWith('scrutiny-chrome-'))).toEqual([]);
      const out = join(cwd, 'out');
      if (existsSync(out)) expect(readdirSync(out).filter((f) => f.startsWith('.'))).toEqual([]);
    },
  );

  it('a build killed outright leaves its profile and lock; the next build removes the profile and takes the lock, never a live build\'s profile', async () => {
    const cwd = tempDir();
    const privateTmp = tempDir('scrutiny-signal-tmp-');
    const args = ['build', '--month', '2023-11', '--part', 'public', '--out', 'out'];
    const child = spawn(process.execPath, [binPath, ...args], { cwd, env: { ...process.env, TMPDIR: privateTmp }, stdio: 'ignore' });
    const exit = new Promise<void>((r) => child.on('exit', () => r()));
    await until('Chromium to start', () => processesMentioning(privateTmp).length > 0 || child.exitCode !== null);
    expect(child.exitCode, 'the build ended before it could be killed').toBeNull();
    child.kill('SIGKILL');
    await exit;
    // Chromium goes with its build (its pipe closes); its profile and the build's lock stay.
    await until('Chromium to follow its build', () => processesMentioning(privateTmp).length === 0);
    const profiles = () => readdirSync(privateTmp).filter((f) => f.startsWith('scrutiny-chrome-'));
    expect(profiles()).toHaveLength(1);
    expect(readdirSync(join(cwd, 'out'))).toEqual(['.2023-11.lock']);
    // A profile whose build is running (this process) is not the next build's to remove.
    const live = `scrutiny-chrome-${process.pid}-live`;
    mkdirSync(join(privateTmp, live));

    const next = await runCli(args, { cwd, env: { TMPDIR: privateTmp } });
    expect(next.code, next.stderr).toBe(0);
    expect(profiles()).toEqual([live]);
    expect(readdirSync(join(cwd, 'out'))).toEqual(['2023-11']);
  });
});
