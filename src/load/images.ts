import { readFileSync, realpathSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Problem } from '../types.js';
import { parseYaml, problemAt } from './yaml.js';

/**
 * SPEC Second round › Fixed text, placeholders, images: images come from inside the workspace and
 * are inlined as data: URIs, so printing never fetches anything and the paper is self-contained.
 * Anything else (a path escaping the workspace, an absolute path, file://, a web address) is an
 * input error: the browser would print a broken image and the build would still succeed.
 */
const TYPES: Record<string, { mime: string; looksRight: (data: Buffer) => boolean }> = {
  '.png': { mime: 'image/png', looksRight: (d) => d.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  '.svg': { mime: 'image/svg+xml', looksRight: (d) => /<svg[\s>]/i.test(d.subarray(0, 4096).toString('utf8')) },
  '.jpg': { mime: 'image/jpeg', looksRight: (d) => d[0] === 0xff && d[1] === 0xd8 },
  '.jpeg': { mime: 'image/jpeg', looksRight: (d) => d[0] === 0xff && d[1] === 0xd8 },
};

export type ImageResult = { dataUri: string } | { problem: string; hint: string };

/** `ref` (as written, relative to the workspace folder) → a data: URI, or what is wrong with it. */
export function inlineWorkspaceImage(root: string, ref: string, allowed: readonly string[] = Object.keys(TYPES)): ImageResult {
  const kinds = allowed.map((e) => e.slice(1).toUpperCase()).filter((e, i, all) => all.indexOf(e) === i && e !== 'JPEG').join(', ');
  const inside = 'use a path relative to the workspace folder, to a file inside it (e.g. images/logo.png)';
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) && !/^[a-z]:[\\/]/i.test(ref)) {
    return { problem: `"${ref}" is not a file in the workspace (images are never fetched)`, hint: `copy the image into the workspace and ${inside}` };
  }
  if (isAbsolute(ref) || /^[a-z]:[\\/]/i.test(ref) || ref.startsWith('\\\\') || ref.startsWith('//')) {
    return { problem: `"${ref}" is an absolute path, outside the workspace`, hint: `copy the image into the workspace and ${inside}` };
  }
  let path: string;
  try {
    path = decodeURI(ref.split(/[?#]/)[0]);
  } catch {
    return { problem: `"${ref}" is not a valid path`, hint: inside };
  }
  const abs = resolve(root, path);
  const escapes = (p: string, base: string) => {
    const rel = relative(base, p);
    return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  };
  if (escapes(abs, root)) return { problem: `"${ref}" is outside the workspace`, hint: inside };
  const type = TYPES[extname(abs).toLowerCase()];
  if (!type || !allowed.includes(extname(abs).toLowerCase())) return { problem: `"${ref}" is not a ${kinds} image`, hint: `save it as ${kinds}` };
  let data: Buffer;
  try {
    // A link inside the workspace that points outside it is outside it.
    if (escapes(realpathSync(abs), realpathSync(root))) return { problem: `"${ref}" links to a file outside the workspace`, hint: inside };
    data = readFileSync(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `"${ref}" not found` : `"${ref}" cannot be read (${code ?? (e as Error).message})`, hint: inside };
  }
  if (!type.looksRight(data)) return { problem: `"${ref}" is not a ${type.mime.split('/')[1].replace('+xml', '').toUpperCase()} file`, hint: `save it as ${kinds}` };
  return { dataUri: `data:${type.mime};base64,${data.toString('base64')}` };
}

/** `<img src="…">`, `<image href="…">` and CSS `url(…)`: the places a template names an image. */
const IMAGE_REF = /(<(?:img|image|source)\b[^>]*?\s(?:src|href|xlink:href)\s*=\s*)(["']?)([^"'\s>]*)\2|(url\(\s*)(["']?)([^"')]*)\5(\s*\))/gi;

/**
 * A template override with every image it names inlined; the problems located in `file` at the
 * reference. Handlebars expressions and data: URIs are left as they are.
 */
export function inlineTemplateImages(text: string, file: string, root: string): { text: string; problems: Problem[] } {
  const linePos = linePosIn(text);
  const problems: Problem[] = [];
  const out = text.replace(IMAGE_REF, (whole, imgPre: string | undefined, q1: string, src1: string, urlPre: string | undefined, _q2: string, src2: string, urlPost: string, offset: number) => {
    const ref = (imgPre !== undefined ? src1 : src2) ?? '';
    if (ref === '' || ref.startsWith('#') || /^data:/i.test(ref) || ref.includes('{{')) return whole;
    const r = inlineWorkspaceImage(root, ref);
    if ('problem' in r) {
      const at = offset + whole.indexOf(ref);
      const { line, col } = linePos(at);
      problems.push({ file, line, column: col, message: `image ${r.problem}`, hint: r.hint, severity: 'error' });
      return whole;
    }
    return imgPre !== undefined ? `${imgPre}${q1 || '"'}${r.dataUri}${q1 || '"'}` : `${urlPre}"${r.dataUri}"${urlPost}`;
  });
  return { text: out, problems };
}

/** Line and column (1-based) of an offset in text. */
function linePosIn(text: string): (offset: number) => { line: number; col: number } {
  return (offset) => {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    return { line, col: offset - before.lastIndexOf('\n') };
  };
}

/** `logo:` of scrutiny.yaml, inlined; a problem is located at the key. PNG or SVG only, as SPEC says. */
export function inlineLogo(root: string, configText: string, logo: string): { dataUri?: string; problems: Problem[] } {
  const r = inlineWorkspaceImage(root, logo, ['.png', '.svg']);
  if ('dataUri' in r) return { dataUri: r.dataUri, problems: [] };
  const { yaml } = parseYaml(configText, 'scrutiny.yaml');
  const problem: Problem = yaml ? problemAt(yaml, ['logo'], r.problem, r.hint) : { file: 'scrutiny.yaml', message: `logo: ${r.problem}`, hint: r.hint, severity: 'error' };
  return { problems: [problem] };
}

/** Every image reference in a workspace's template overrides, checked (validate and build agree). */
export async function checkTemplateImages(root: string, templatesDir: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const entry of await readdir(templatesDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(hbs|css)$/i.test(entry.name)) continue;
    const abs = join(entry.parentPath, entry.name);
    const file = relative(root, abs).split(sep).join('/');
    problems.push(...inlineTemplateImages(await readFile(abs, 'utf8'), file, root).problems);
  }
  return problems;
}
