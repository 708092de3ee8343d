import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeExempt, composePublic } from '../../src/compose/index.js';
import { createRenderer, unicodeRangeTest } from '../../src/render/index.js';
import * as b from './builders.js';
import { tempDir } from '../helpers/temp.js';

const renderer = createRenderer();
const part1 = (ctx = b.context(), commentary = b.commentary()) => renderer.render(composePublic(ctx, b.publicView(), commentary));

describe('render', () => {
  it('makes one self-contained, accessible HTML document', () => {
    const html = part1();
    expect(html).toMatch(/^<!DOCTYPE html>\s*<html lang="en-GB">/);
    expect(html).toContain("<title>Children&#x27;s Scrutiny Dataset – November 2023 – Part 1 (Public)</title>");
    expect(html).toContain('<th scope="col"');
    expect(html).toContain('<th scope="row"');
    expect(html).toMatch(/<caption><h3 id="[^"]+">Children looked after<\/h3><\/caption>/);
    expect(html).toMatch(/<svg class="chart trend" role="img" aria-labelledby="[^"]+"[^>]*><title id=/);
    expect(html).toContain('@font-face{font-family:"Source Sans 3"');
    expect(html).toContain('url(data:font/woff2;base64,');
    expect(html).toContain('counter(page) " of " counter(pages)');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(?!#|https?:\/\/www\.gov\.uk|mailto:)[a-z]+:/i);
    expect(html).not.toMatch(/url\((?!data:)/);
    const headings = [...html.matchAll(/<h([1-4])[ >]/g)].map((m) => Number(m[1]));
    expect(headings[0]).toBe(1);
    headings.slice(1).forEach((level, i) => expect(level - headings[i]).toBeLessThanOrEqual(1));
  });

  it('gives the Latin Extended faces only to a paper with a character in their range (SPEC: the bundled font, Welsh included)', () => {
    const faces = (html: string) => [...html.matchAll(/unicode-range:([^;]+);/g)].map((m) => m[1]);
    const latinExt = (html: string) => faces(html).filter((r) => r.startsWith('U+0100')).length;
    expect(faces(part1()).length).toBe(4);
    expect(latinExt(part1())).toBe(0);
    for (const text of ['Canolfan ŵyr a wyresau', 'Plas Tŷ', 'Łódź', 'a dagger †', 'combining ̈ diaeresis']) {
      const commentary = b.commentary();
      commentary.indicators[b.stability.id].public = text;
      const html = part1(b.context(), commentary);
      expect(latinExt(html), text).toBe(4);
      expect(faces(html).length).toBe(8);
    }
    // The test reads the ranges as CSS does: both ends and single code points.
    const ext = unicodeRangeTest('U+0100-02BA,U+2020,U+A720-A7FF');
    expect(['Ā', 'ʺ', '†', '꜡', 'ꟿ'].every((c) => ext.test(c))).toBe(true);
    expect(['a', 'ÿ', 'ʻ', '‡', '€'].some((c) => ext.test(c))).toBe(false);
  });

  it('escapes raw HTML in officers’ Markdown and allows only web and e-mail links', () => {
    const commentary = b.commentary();
    commentary.indicators[b.stability.id].public = [
      '<script>alert(1)</script>',
      '<img src=http://evil.example/x.png>',
      '![chart](http://evil.example/y.png)',
      '[bad](javascript:alert(1)) [ok](https://www.bromley.gov.uk) [mail](mailto:a@b.org) [rel](../../etc/passwd)',
    ].join('\n\n');
    const html = part1(b.context(), commentary);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=http://evil.example/x.png&gt;');
    expect(html).not.toMatch(/<img/);
    expect(html).not.toContain('src="http://evil');
    expect(html).not.toContain('href="javascript:');
    expect(html).not.toContain('href="../../etc/passwd"');
    expect(html).toContain('<a href="https://www.bromley.gov.uk">ok</a>');
    expect(html).toContain('<a href="mailto:a@b.org">mail</a>');
  });

  it('keeps text from scrutiny.yaml out of the CSS syntax of the running header', () => {
    const ctx = b.context();
    ctx.config.authority = 'Evil"; } body { display: none } </style><script>x</script>';
    const html = part1(ctx);
    expect(html).not.toContain('</style><script>');
    expect(html).toContain('@top-left { content: "Evil\\22 ; } body { display: none } \\3c /style>\\3c script>x\\3c /script> – CEF24005 – Part 1 (Public)"; }');
  });

  it('marks the sample on every page and on the cover', () => {
    const html = part1(b.context({ isSample: true }));
    expect(html).toContain('@bottom-left { content: "SAMPLE – synthetic figures"; }');
    expect(html).toContain('class="banner banner-sample"><strong>SAMPLE – synthetic figures.</strong>');
  });

  it('prints the Part 2 notice on the cover and in the running header, and the suppression appendix', () => {
    const a = b.assessed();
    const html = renderer.render(composeExempt(b.context(), a, b.disclosed(a), b.commentary()));
    const notice = 'NOT FOR PUBLICATION by virtue of paragraph(s) 1, 2 of Part 1 of Schedule 12A to the Local Government Act 1972';
    expect(html).toContain(`@top-left { content: "${notice}"; }`);
    expect(html).toContain(`<p class="banner banner-exempt"><strong>${notice}.</strong>`);
    expect(html).toContain('PART TWO – EXEMPT');
    expect(html).toContain('<h2 id="appendix-2-heading">Appendix 2: Figures suppressed in the Part 1 (public) report</h2>');
    expect(html).toContain('Exempt commentary (Part 2 only)');
    expect(html).toContain('37 of 40, 92.5%');
  });

  it('lets a workspace templates/ folder replace a partial and the stylesheet by name', () => {
    const dir = tempDir('scrutiny-templates-');
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'partials', 'cover.hbs'), '<header class="our-cover"><h1>{{cover.title}} for {{cover.authority}}</h1></header>');
    writeFileSync(join(dir, 'report.css'), '.our-cover { color: rebeccapurple; }');
    const html = createRenderer({ templatesDir: dir }).render(composePublic(b.context(), b.publicView(), undefined));
    expect(html).toContain('<header class="our-cover"><h1>Performance reporting – Children&#x27;s Scrutiny Dataset for London Borough of Bromley</h1></header>');
    expect(html).toContain('.our-cover { color: rebeccapurple; }');
    expect(html).not.toContain('table.cover-sheet');
    expect(html).not.toContain('class="cover-sheet"');
    // What the workspace does not override still comes from the bundle.
    expect(html).toContain('<h2 id="appendix-1-heading">');
  });

  it('refuses a template that reads a field the model does not have', () => {
    const dir = tempDir('scrutiny-templates-');
    mkdirSync(join(dir, 'partials'));
    writeFileSync(join(dir, 'partials', 'cover.hbs'), '<p>{{cover.noSuchField}}</p>');
    const r = createRenderer({ templatesDir: dir });
    expect(() => r.render(composePublic(b.context(), b.publicView(), undefined))).toThrow(/noSuchField/);
  });
});
