import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// SPEC: rendering never reaches the network, so no template can send exempt figures anywhere.
// A workspace's own templates try every way a page can call out; a local server counts calls.
async function withServer(run: (base: string, hits: string[]) => Promise<void>): Promise<void> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    await run(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits);
  } finally {
    server.close();
  }
}

function workspaceWith(css: string, coverExtra: string): string {
  const ws = join(tempDir(), 'ws');
  cpSync(join(repoRoot, 'fixtures', 'minimal'), ws, { recursive: true });
  mkdirSync(join(ws, 'templates', 'partials'), { recursive: true });
  writeFileSync(join(ws, 'templates', 'report.css'), `${readFileSync(join(repoRoot, 'templates', 'report.css'), 'utf8')}\n${css}`);
  writeFileSync(join(ws, 'templates', 'partials', 'cover.hbs'), `${readFileSync(join(repoRoot, 'templates', 'partials', 'cover.hbs'), 'utf8')}${coverExtra}`);
  return ws;
}

describe('a workspace template that tries to reach the network', () => {
  it('builds both papers and no request arrives', async () => {
    await withServer(async (base, hits) => {
      const ws = workspaceWith(
        '',
        `<iframe src="${base}/iframe" title="x"></iframe><link rel="stylesheet" href="${base}/link">` +
          `<link rel="prefetch" href="${base}/prefetch"><script>fetch('${base}/script')</script><meta http-equiv="refresh" content="0;url=${base}/refresh">` +
          `<object data="${base}/object"></object><video src="${base}/video"></video>`,
      );
      const r = await runCli(['build', '--month', '2023-11'], { cwd: ws });
      expect(r.code, r.stderr).toBe(0);
      expect(hits).toEqual([]);
    });
  });

  // SPEC Second round › Fixed text, placeholders, images: images resolve inside the workspace; a path outside it is an error.
  it('refuses images from the network with a located error, and fetches none of them', async () => {
    await withServer(async (base, hits) => {
      const ws = workspaceWith(`body { background-image: url(${base}/css-background); }\n@import url(${base}/css-import);\n`, `<img src="${base}/img" alt="">`);
      const r = await runCli(['build', '--month', '2023-11'], { cwd: ws });
      expect(r.code).toBe(1);
      const located = r.stderr.split('\n').filter((l) => /^✖ templates\/(report\.css|partials\/cover\.hbs):\d+:\d+ /.test(l));
      expect(located).toHaveLength(3);
      expect(hits).toEqual([]);
    });
  });
});
