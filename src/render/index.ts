import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import MarkdownIt from 'markdown-it';
import type { PaperModel } from '../compose/model.js';
import { InputError } from '../errors.js';
import { inlineTemplateImages } from '../load/images.js';
import { normaliseWhitespace } from './whitespace.js';

export interface Renderer {
  render(model: PaperModel): string;
}

/** The bundled templates/ folder, found from here so it works from src/ (tests) and dist/src/ (the package). */
export function bundledTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'templates', 'paper.hbs'))) return join(dir, 'templates');
    const parent = dirname(dir);
    if (parent === dir) throw new Error('the bundled templates/ folder is missing from the package');
    dir = parent;
  }
}

const FONT_FACES: { weight: number; style: 'normal' | 'italic' }[] = [
  { weight: 400, style: 'normal' },
  { weight: 400, style: 'italic' },
  { weight: 600, style: 'normal' },
  { weight: 700, style: 'normal' },
];

/**
 * The Latin and Latin Extended subsets (Welsh ŵ and ŷ, names from across Europe), each face used
 * only for the characters of its range; the ranges are fontsource's own.
 */
const SUBSETS = [
  { name: 'latin', range: 'U+0000-00FF,U+0131,U+0152-0153,U+02BB-02BC,U+02C6,U+02DA,U+02DC,U+0304,U+0308,U+0329,U+2000-206F,U+20AC,U+2122,U+2191,U+2193,U+2212,U+2215,U+FEFF,U+FFFD' },
  {
    name: 'latin-ext',
    range: 'U+0100-02BA,U+02BD-02C5,U+02C7-02CC,U+02CE-02D7,U+02DD-02FF,U+0304,U+0308,U+0329,U+1D00-1DBF,U+1E00-1E9F,U+1EF2-1EFF,U+2020,U+20A0-20AB,U+20AD-20C4,U+2113,U+2C60-2C7F,U+A720-A7FF',
  },
];

/** Inlined so the HTML is self-contained and no system font can change the PDF's bytes. */
function fontFaceCss(subset: (typeof SUBSETS)[number]): string {
  const require = createRequire(import.meta.url);
  return FONT_FACES.map(({ weight, style }) => {
    const file = require.resolve(`@fontsource/source-sans-3/files/source-sans-3-${subset.name}-${weight}-${style}.woff2`);
    const data = readFileSync(file).toString('base64');
    return `@font-face{font-family:"Source Sans 3";font-style:${style};font-weight:${weight};font-display:block;src:url(data:font/woff2;base64,${data}) format("woff2");unicode-range:${subset.range};}`;
  }).join('\n');
}

/** A test for any character of a CSS unicode-range ("U+0100-02BA,U+2020,…"). */
export function unicodeRangeTest(range: string): RegExp {
  const hex = (h: string) => `\\u{${h}}`;
  const parts = range.split(',').map((r) => {
    const [from, to] = r.trim().replace(/^U\+/i, '').split('-');
    return to ? `${hex(from)}-${hex(to)}` : hex(from);
  });
  return new RegExp(`[${parts.join('')}]`, 'u');
}

const LATIN_EXT = SUBSETS[1];
const usesLatinExt = unicodeRangeTest(LATIN_EXT.range);

/** Officers' Markdown: raw HTML escaped, no images (they would be fetched), links only to the web or e-mail. */
function markdownRenderer(): MarkdownIt {
  const md = new MarkdownIt({ html: false, linkify: false, typographer: false });
  md.disable('image');
  md.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim());
  return md;
}

/** A CSS string's contents: the running header is text from scrutiny.yaml, placed in `content: "…"`. */
function cssString(text: string): string {
  return text.replace(/[\\"\n\r<]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
}

/** Stylesheets go inside <style>: nothing in them may close it. */
function styleSafe(css: string): string {
  return css.replace(/<\/style/gi, '<\\/style');
}

function listPartials(dir: string): string[] {
  const partials = join(dir, 'partials');
  return existsSync(partials) ? readdirSync(partials).filter((f) => f.endsWith('.hbs')) : [];
}

/** Handlebars's options for every template, bundled or a workspace's: a field the model lacks is an error, not blank text. */
export const TEMPLATE_OPTIONS = { strict: true } as const;

/** A partial's text as registered: it is used inline, inside headings too, where the file's final newline would be text. */
export function partialText(file: string): string {
  return file.replace(/\r?\n$/, '');
}

export interface PrecompiledTemplate {
  /** The text it was compiled from. */
  source: string;
  spec: TemplateSpecification;
}

let precompiled: Record<string, PrecompiledTemplate> | null | undefined;

/**
 * The bundled templates as `npm run build` compiled them (scripts/precompile-templates.mjs writes
 * dist/templates.cjs beside the package's templates/), or null when there are none (tests run on
 * src/ before a build).
 */
function precompiledTemplates(bundledDir: string): Record<string, PrecompiledTemplate> | null {
  if (precompiled === undefined) {
    const file = join(dirname(bundledDir), 'dist', 'templates.cjs');
    precompiled = existsSync(file) ? (createRequire(import.meta.url)(file) as Record<string, PrecompiledTemplate>) : null;
  }
  return precompiled;
}

/** Where the stylesheet goes: a string no template or workspace text contains (a private-use character). */
const CSS_SLOT = '\uE000report.css\uE000';

/**
 * One Handlebars environment per renderer, helpers registered once. Both parts share paper.hbs; what
 * differs between them is in the model. A workspace's templates/ folder may replace any bundled file
 * (paper.hbs, partials/*.hbs, report.css) by name.
 */
export function createRenderer(opts: { templatesDir?: string; workspaceDir?: string; compiled?: Record<string, PrecompiledTemplate> | null } = {}): Renderer {
  const bundled = bundledTemplatesDir();
  const dirs = opts.templatesDir && existsSync(opts.templatesDir) ? [opts.templatesDir, bundled] : [bundled];
  const read = (rel: string): string => {
    const dir = dirs.find((d) => existsSync(join(d, rel)));
    if (!dir) throw new Error(`template ${rel} not found`);
    const text = readFileSync(join(dir, rel), 'utf8');
    if (dir === bundled || !opts.workspaceDir) return text;
    // A workspace's own template: its images come from the workspace, inlined (checked when loaded).
    const inlined = inlineTemplateImages(text, relative(opts.workspaceDir, join(dir, rel)).split(sep).join('/'), opts.workspaceDir);
    if (inlined.problems.length > 0) throw new InputError(inlined.problems);
    return inlined.text;
  };

  const hb = Handlebars.create();
  const md = markdownRenderer();
  hb.registerHelper('markdown', (text: string) => new hb.SafeString(md.render(text)));
  hb.registerHelper('cssString', (text: string) => new hb.SafeString(cssString(text)));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const compiled = opts.compiled === undefined ? precompiledTemplates(bundled) : opts.compiled;
  /** The template compiled by `npm run build` when it was compiled from this very text; otherwise compiled here, on first use. */
  const template = (name: string, text: string): HandlebarsTemplateDelegate => {
    const entry = compiled?.[name];
    if (entry?.source === text) {
      try {
        return hb.template(entry.spec);
      } catch {
        // Compiled by another version of Handlebars than the one installed: compiled below.
      }
    }
    return hb.compile(text, TEMPLATE_OPTIONS);
  };
  for (const file of new Set(dirs.flatMap(listPartials))) {
    // Compiled with the paper's options (a partial registered as text would take its caller's).
    hb.registerPartial(file.replace(/\.hbs$/, ''), template(`partials/${file}`, partialText(read(join('partials', file)))));
  }
  const stylesheet = read('report.css');
  const latinFaces = fontFaceCss(SUBSETS[0]);
  const latinCss = styleSafe(`${latinFaces}\n${stylesheet}`);
  let withLatinExt: string | undefined;
  const paper = template('paper.hbs', read('paper.hbs'));

  return {
    render(model: PaperModel): string {
      // The stylesheet (fonts included, most of the bytes) goes in after the whitespace pass, which leaves it alone anyway.
      const html = normaliseWhitespace(paper({ ...model, css: new hb.SafeString(CSS_SLOT) }));
      // The Latin Extended faces only where a character of their range is in the paper: Chromium
      // decodes every face it is given for every document (about 0.1 core-seconds a paper for the
      // four unused ones), and a face no character uses never reaches the PDF.
      const css = usesLatinExt.test(html) || usesLatinExt.test(stylesheet) ? (withLatinExt ??= styleSafe(`${latinFaces}\n${fontFaceCss(LATIN_EXT)}\n${stylesheet}`)) : latinCss;
      return html.split(CSS_SLOT).join(css);
    },
  };
}
