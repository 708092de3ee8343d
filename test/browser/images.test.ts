import { describe, expect, it } from 'vitest';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { prepareMonth } from '../../src/build.js';
import { loadOrThrow } from '../../src/load/index.js';
import { validate } from '../../src/commands/validate.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const month = '2023-11';

/** A real PNG: `w`×`h` pixels of one colour (signature, IHDR, IDAT, IEND with their CRCs). */
function png(w: number, h: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: h }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#1d70b8"/></svg>\n';

/** A copy of the sample with its own authority (no SAMPLE banner), scrutiny.yaml edited. */
function workspace(edit: (yaml: string) => string = (y) => y): string {
  const dir = join(tempDir('scrutiny-images-'), 'ws');
  cpSync(join(repoRoot, 'data'), dir, { recursive: true });
  const yaml = join(dir, 'scrutiny.yaml');
  writeFileSync(yaml, edit(readFileSync(yaml, 'utf8').replace('authority: London Borough of Bromley', 'authority: Borsetshire County Council')));
  mkdirSync(join(dir, 'images'));
  writeFileSync(join(dir, 'images', 'logo.png'), png(60, 30, [29, 112, 184]));
  writeFileSync(join(dir, 'images', 'seal.svg'), SVG);
  return dir;
}

const withLogo = (ref: string) => (y: string) => y.replace(/^ward: (.*)$/m, `ward: $1\nlogo: ${ref}`);

async function html(dir: string): Promise<{ public: string; exempt: string }> {
  const { workspace: ws, warnings } = await loadOrThrow(dir, false, month);
  const p = await prepareMonth(ws, month, ['public', 'exempt'], false, warnings);
  return { public: p.html.public as string, exempt: p.html.exempt as string };
}

describe('SPEC Second round › Fixed text, placeholders, images: logo', () => {
  it('a PNG or SVG logo inside the workspace is inlined on the cover sheet of both parts', async () => {
    const b64 = png(60, 30, [29, 112, 184]).toString('base64');
    const p = await html(workspace(withLogo('images/logo.png')));
    for (const part of [p.public, p.exempt]) expect(part).toContain(`<img class="logo" src="data:image/png;base64,${b64.replace(/=/g, '&#x3D;')}" alt="">`);
    const s = await html(workspace(withLogo('images/seal.svg')));
    expect(s.public).toContain(`src="data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64').replace(/=/g, '&#x3D;')}"`);
  });

  it('prints in the PDF, with no request made for it', async () => {
    const dir = workspace(withLogo('images/logo.png'));
    const r = await runCli(['build', '--month', month, '--part', 'public'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const pdf = join(dir, 'out', month, 'public', `childrens-scrutiny-dataset-${month}-part-1-public.pdf`);
    const list = spawnSync('pdfimages', ['-f', '1', '-l', '1', '-list', pdf], { encoding: 'utf8' });
    expect(list.status).toBe(0);
    // The header and rule lines, then one image of the logo's own size.
    expect(list.stdout.split('\n').slice(2).filter((l) => l.trim()).map((l) => l.trim().split(/\s+/).slice(3, 5))).toEqual([['60', '30']]);
  });

  it.each([
    ['../outside.png', 'is outside the workspace'],
    ['/etc/passwd.png', 'is an absolute path, outside the workspace'],
    ['file:///tmp/logo.png', 'is not a file in the workspace (images are never fetched)'],
    ['https://example.org/logo.png', 'is not a file in the workspace (images are never fetched)'],
    ['images/missing.png', 'not found'],
    ['images/fake.png', 'is not a PNG file'],
    ['images/photo.gif', 'is not a PNG, SVG image'],
    ['images/escape.png', 'links to a file outside the workspace'],
  ])('logo: %s is a located error (%s), never a broken image', async (ref, what) => {
    const dir = workspace(withLogo(ref));
    writeFileSync(join(dir, 'images', 'fake.png'), 'not a png');
    writeFileSync(join(dir, 'images', 'photo.gif'), 'GIF89a');
    writeFileSync(join(dir, '..', 'outside.png'), png(2, 2, [0, 0, 0]));
    symlinkSync(join(dir, '..', 'outside.png'), join(dir, 'images', 'escape.png'));
    const line = readFileSync(join(dir, 'scrutiny.yaml'), 'utf8').split('\n').findIndex((l) => l.startsWith('logo:')) + 1;
    const v = await validate({ workspace: dir, month });
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([expect.stringContaining(`scrutiny.yaml:${line}:7  logo: "${ref}" ${what}`)]);
    // build reads the workspace with the same loader; one real run proves the exit status and that nothing is written.
    if (ref !== '../outside.png') return;
    const b = await runCli(['build', '--month', month, '--part', 'public'], { cwd: dir });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`scrutiny.yaml:${line}:7  logo: "${ref}" ${what}`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('SPEC Second round › Fixed text, placeholders, images: images in template overrides', () => {
  function withCover(dir: string, extra: string, css = ''): void {
    mkdirSync(join(dir, 'templates', 'partials'), { recursive: true });
    const cover = readFileSync(join(repoRoot, 'templates', 'partials', 'cover.hbs'), 'utf8');
    writeFileSync(join(dir, 'templates', 'partials', 'cover.hbs'), cover.replace('<div class="cover-sheet">', `${extra}\n<div class="cover-sheet">`));
    if (css) writeFileSync(join(dir, 'templates', 'report.css'), `${readFileSync(join(repoRoot, 'templates', 'report.css'), 'utf8')}\n${css}\n`);
  }

  it('workspace-relative images in an override (img src, CSS url) are inlined; data: and expressions are left alone', async () => {
    const dir = workspace();
    withCover(dir, '<p><img src="images/seal.svg" alt="Council seal"> <img src=\'images/logo.png\' alt="Logo"> <img src="{{cover.logo}}" alt=""></p>', '.cover { background: url("images/logo.png") no-repeat; }');
    const p = await html(dir);
    expect(p.public).toContain(`<img src="data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}" alt="Council seal">`);
    expect(p.public).toContain("<img src='data:image/png;base64,");
    expect(p.public).toContain('.cover { background: url("data:image/png;base64,');
    expect(p.public).not.toMatch(/images\/(seal|logo)/);
  });

  it.each([
    ['../outside.png', 'is outside the workspace'],
    ['/tmp/x.png', 'is an absolute path, outside the workspace'],
    ['file:///tmp/x.png', 'is not a file in the workspace (images are never fetched)'],
  ])('an override naming %s is a located error in the template, with validate and build', async (ref, what) => {
    const dir = workspace();
    withCover(dir, `<p>\n  <img alt="x" src="${ref}"></p>`);
    const file = 'templates/partials/cover.hbs';
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes(ref)) + 1;
    const at = `${file}:${line}:${lines[line - 1].indexOf(ref) + 1}  image "${ref}" ${what}`;
    const v = await validate({ workspace: dir, month });
    expect(v.problems).toEqual([expect.stringContaining(at)]);
    if (ref !== '../outside.png') return;
    const b = await runCli(['build', '--month', month, '--part', 'public'], { cwd: dir });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(at);
  });
});
