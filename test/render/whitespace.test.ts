import { describe, expect, it } from 'vitest';
import { normaliseWhitespace } from '../../src/render/whitespace.js';

// SPEC "Documents that everyone can read": the papers are printed with spaces kept (so the space at each
// line wrap reaches the PDF's text); the HTML first comes down to one space between words.

describe('whitespace in the rendered paper', () => {
  it('leaves one space between words, newlines from Markdown and YAML included', () => {
    expect(normaliseWhitespace('<p>Members are\n  asked\tto note</p>')).toBe('<p>Members are asked to note</p>');
  });

  it('drops whitespace between blocks and at their edges, which would show as blank lines', () => {
    expect(normaliseWhitespace('<div>\n<p>\n One </p>\n\n<p>Two</p>\n</div>\n')).toBe('<div><p>One</p><p>Two</p></div>');
    expect(normaliseWhitespace('<!DOCTYPE html>\n<html lang="en-GB">\n<body>\n</body>\n</html>\n')).toBe('<!DOCTYPE html><html lang="en-GB"><body></body></html>');
  });

  it('keeps the word space between inline elements and before a line break', () => {
    expect(normaliseWhitespace('<p><strong>Note.</strong>  This <em>matters</em>\n</p>')).toBe('<p><strong>Note.</strong> This <em>matters</em></p>');
    expect(normaliseWhitespace('<td>Head of Performance \n<br>\nTel: 1</td>')).toBe('<td>Head of Performance <br>Tel: 1</td>');
    expect(normaliseWhitespace('<p>a</p> <span>b</span> <span>c</span>')).toBe('<p>a</p><span>b</span> <span>c</span>');
  });

  it('leaves stylesheets, preformatted text, attributes and comments as written', () => {
    const css = '<style>\n.a  >  .b { content: "x  y"; }\n</style>';
    expect(normaliseWhitespace(`<head>${css}</head>`)).toBe(`<head>${css}</head>`);
    expect(normaliseWhitespace('<pre>  a\n  b </pre>')).toBe('<pre>  a\n  b </pre>');
    expect(normaliseWhitespace('<p title="a  b">x</p><!-- a  b -->')).toBe('<p title="a  b">x</p><!-- a  b -->');
  });

  it('keeps non-breaking spaces, which are words’ glue rather than layout', () => {
    expect(normaliseWhitespace('<p>1,180&nbsp;(Oct\u00a02023)</p>')).toBe('<p>1,180&nbsp;(Oct\u00a02023)</p>');
  });
});
