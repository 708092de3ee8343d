import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { binPath, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const month = '2023-11';

/** Reads a server-sent event stream, handing each event's name and data to `on`. */
async function events(url: string, on: (event: string, data: string) => void): Promise<() => void> {
  const controller = new AbortController();
  const res = await fetch(url, { signal: controller.signal });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const reader = res.body!.getReader();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { done, value } = await reader.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += Buffer.from(value!).toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event) on(event, data ?? '');
      }
    }
  })();
  return () => controller.abort();
}

describe('SPEC Second round › More commands: preview --month', () => {
  it('serves both parts on 127.0.0.1, and after a save sends a change event and serves the new text, problems included', async () => {
    const cwd = tempDir('scrutiny-preview-');
    const ws = join(cwd, 'ws');
    expect((await runCli(['init', ws], { cwd })).code).toBe(0);
    const child = spawn(process.execPath, [binPath, 'preview', '--month', month, '--port', '0'], { cwd: ws, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      const url = await new Promise<string>((done, fail) => {
        child.stdout.on('data', (d) => {
          stdout += d;
          const m = /(http:\/\/127\.0\.0\.1:\d+\/) /.exec(stdout);
          if (m) done(m[1]);
        });
        child.on('exit', () => fail(new Error(`preview exited: ${stderr}`)));
      });
      const part1 = await (await fetch(`${url}part1`)).text();
      const part2 = await (await fetch(`${url}part2`)).text();
      expect(part1).toContain('PART ONE – PUBLIC');
      expect(part2).toContain('PART TWO – EXEMPT');
      // The reload script is the preview's, never the paper's.
      expect(part1).toContain('new EventSource("/events")');

      // Each rebuild's event wakes the waiter; a save may fire several file events, so the waiter
      // fetches after each event until the page shows what the save changed.
      let rebuilds = 0;
      let wake: () => void = () => undefined;
      const stop = await events(`${url}events`, (event) => {
        if (event === 'rebuilt') rebuilds++;
        wake();
      });
      const nextEvent = (after: number) =>
        new Promise<void>((done) => {
          wake = () => rebuilds > after && done();
          wake();
        });
      const pageAfterSave = async (shows: (html: string) => boolean): Promise<string> => {
        for (;;) {
          const count = rebuilds;
          await nextEvent(count);
          const html = await (await fetch(`${url}part1`)).text();
          if (shows(html)) return html;
        }
      };

      const yaml = join(ws, 'scrutiny.yaml');
      const original = readFileSync(yaml, 'utf8');
      const started = performance.now();
      writeFileSync(yaml, original.replace('title: Performance reporting', 'title: Edited while previewing – Performance reporting'));
      const edited = await pageAfterSave((html) => html.includes('Edited while previewing'));
      // For the README's figure, not a timing assertion (the machine may be busy).
      console.log(`preview: new page ${(performance.now() - started).toFixed(0)} ms after the save`);
      expect(edited).toContain('<h1>Edited while previewing – Performance reporting');

      writeFileSync(yaml, original.replace('end of {{month_name}}, as measured', 'end of {{month_nmae}}, as measured'));
      const broken = await pageAfterSave((html) => !html.includes('Edited while previewing'));
      expect(broken).toContain('<h2>1 problem: the papers cannot be built</h2>');
      expect(broken).toMatch(/scrutiny\.yaml:\d+:\d+ {2}unknown placeholder \{\{month_nmae\}\}/);
      expect(broken).toContain('new EventSource("/events")');
      stop();
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('answers only at its own address: a request naming another host is refused (Part 2 is exempt)', async () => {
    const child = spawn(process.execPath, [binPath, 'preview', '--month', month], { cwd: tempDir('scrutiny-preview-'), stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    try {
      let stdout = '';
      const url = await new Promise<URL>((done) => child.stdout.on('data', (d) => {
        stdout += d;
        const m = /(http:\/\/127\.0\.0\.1:\d+\/) /.exec(stdout);
        if (m) done(new URL(m[1]));
      }));
      const status = await new Promise<number>((done, fail) => {
        request({ host: '127.0.0.1', port: url.port, path: '/part2', headers: { host: `evil.example:${url.port}` } }, (res) => {
          res.resume();
          done(res.statusCode ?? 0);
        })
          .on('error', fail)
          .end();
      });
      expect(status).toBe(421);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});
