import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/commands/build.js';
import { EnvironmentError } from '../../src/errors.js';
import { makeFolder, unwritableReason } from '../../src/write/folders.js';
import { lockMonths } from '../../src/write/lock.js';
import { tempDir } from '../helpers/temp.js';

/** A build of the sample into `out` that must fail before it starts a browser. */
async function failsEarly(out: string): Promise<EnvironmentError> {
  let browserStarted = false;
  const err = await build({
    month: '2023-11',
    out,
    cwd: tempDir(),
    openPrinter: () => {
      browserStarted = true;
      return Promise.reject(new Error('no browser in this test'));
    },
  }).catch((e: unknown) => e);
  expect(browserStarted).toBe(false);
  expect(err).toBeInstanceOf(EnvironmentError);
  expect((err as EnvironmentError).exitCode).toBe(3);
  expect((err as Error).message.split('\n')).toHaveLength(1);
  return err as EnvironmentError;
}

// SPEC Commands › exit codes: "3 environment (… a folder that cannot be written …)": at once, with
// one line saying why, and without the unbounded mkdir loop Node 20 falls into under /proc.
describe('an --out that cannot be written', () => {
  it('/proc/nope: exit 3 naming the folder and why, with no browser started', async () => {
    const err = await failsEarly('/proc/nope');
    expect(err.message).toBe("cannot write the outputs to /proc/nope: the folder cannot be created there (/proc/nope) [ENOENT]; choose a folder you can write (--out DIR)");
  });

  it('/proc/nope/deeper: the same, for the first folder that cannot be made', async () => {
    expect((await failsEarly('/proc/nope/a/b')).message).toContain('the folder cannot be created there (/proc/nope) [ENOENT]');
  });

  it('a file where the folder should be', async () => {
    const file = join(tempDir(), 'out');
    writeFileSync(file, 'not a folder');
    expect((await failsEarly(file)).message).toContain('a file is in the way where a folder should be');
    expect((await failsEarly(join(file, 'deeper'))).message).toContain('a file is in the way where a folder should be');
    expect(readFileSync(file, 'utf8')).toBe('not a folder');
  });

  it('a folder the system does not allow (sysfs)', async () => {
    expect((await failsEarly('/sys/nope')).message).toMatch(/permission denied \(\/sys\/nope\) \[(EPERM|EACCES)\]/);
  });

  it('says in words why for the codes a person meets: read-only, no permission, disk full, quota', () => {
    const why = (code: string) => unwritableReason(Object.assign(new Error(code), { code, path: '/srv/out' }));
    expect(why('EROFS')).toBe('the file system is read-only (/srv/out) [EROFS]');
    expect(why('EACCES')).toBe('permission denied (/srv/out) [EACCES]');
    expect(why('ENOSPC')).toBe('the disk is full (/srv/out) [ENOSPC]');
    expect(why('EDQUOT')).toBe('the disk quota is used up (/srv/out) [EDQUOT]');
  });

  it('makeFolder makes every missing level and accepts one that exists', async () => {
    const deep = join(tempDir(), 'a', 'b', 'c');
    await makeFolder(deep);
    await makeFolder(deep);
    expect(existsSync(deep)).toBe(true);
  });
});

/** The pid of a process that has exited (and been reaped), so no process has it for now. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

// Two CI jobs building the same month into the same folder: one build per month folder at a time.
describe('the lock on a month folder', () => {
  it('a second build of the same month exits 3 naming the build that holds it; others months are free', async () => {
    const out = tempDir();
    const release = await lockMonths(out, ['2023-11']);
    try {
      const err = await lockMonths(out, ['2023-10', '2023-11']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EnvironmentError);
      expect((err as Error).message).toMatch(new RegExp(`^${join(out, '2023-11')} is being built by another build \\(pid ${process.pid} on ${hostname()}, since \\d{4}-\\d\\d-\\d\\dT`));
      expect((err as Error).message).toContain(`if no build is running, delete ${join(out, '.2023-11.lock')}`);
      // The month it did get is let go again: nothing is left held by a build that did not start.
      expect(readdirSync(out).sort()).toEqual(['.2023-11.lock']);
      const other = await lockMonths(out, ['2023-12']);
      await other();
    } finally {
      await release();
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('through build(): the second build fails before starting a browser', async () => {
    const out = tempDir();
    const release = await lockMonths(out, ['2023-11']);
    try {
      expect((await failsEarly(out)).message).toContain(`is being built by another build (pid ${process.pid}`);
    } finally {
      await release();
    }
  });

  it('a lock left by a build that died is taken over', async () => {
    const out = tempDir();
    const lock = join(out, '.2023-11.lock');
    writeFileSync(lock, JSON.stringify({ pid: deadPid(), host: hostname(), since: '2023-11-30T09:00:00.000Z' }));
    const release = await lockMonths(out, ['2023-11']);
    expect(JSON.parse(readFileSync(lock, 'utf8')).pid).toBe(process.pid);
    await release();
    expect(existsSync(lock)).toBe(false);
  });

  it('an unreadable lock is taken over; one from another machine is respected', async () => {
    const out = tempDir();
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, '.2023-11.lock'), '');
    await (await lockMonths(out, ['2023-11']))();
    writeFileSync(join(out, '.2023-11.lock'), JSON.stringify({ pid: deadPid(), host: `not-${hostname()}`, since: 'x' }));
    await expect(lockMonths(out, ['2023-11'])).rejects.toThrow(/is being built by another build/);
  });
});
