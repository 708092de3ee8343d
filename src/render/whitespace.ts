/**
 * Whitespace as a reader meets it. The paper is printed with `white-space: break-spaces`, because only
 * then does Chromium paint the space at every soft line wrap (under `normal` it drops it; under
 * `pre-wrap` it lets it hang past the line and often drops it too), and a space that is not painted is
 * not in the PDF's text: a screen reader would say "anddescribe". Under break-spaces every space and
 * newline in the HTML shows, so the rendered document (templates, officers' Markdown, text from the
 * workspace) is brought to one space between words and none between blocks before it is printed.
 *
 * Chromium tags no whitespace-only text, and paints no space at the very end of a block: pieces of a
 * cell are kept apart by a space inside a text node that goes on, or by being blocks (P, LI) themselves.
 */

/** Elements laid out inline: whitespace between two of them is a word space. Everything else is a block. */
const INLINE = new Set(['a', 'abbr', 'b', 'cite', 'code', 'em', 'i', 'kbd', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u']);

/** Elements whose text is not laid out as words (or must stay exactly as written). */
const RAW = new Set(['style', 'script', 'pre', 'textarea']);

const TOKEN = /<!--[\s\S]*?-->|<[^>]*>/g;

function tagName(tag: string): string {
  const m = /^<\/?\s*([a-zA-Z][\w:-]*)/.exec(tag);
  return (m?.[1] ?? '').toLowerCase();
}

/** How a token sits in the flow: text, an inline tag, a line break, or anything else (a block, a comment). */
type Kind = 'text' | 'inline' | 'br' | 'other';

/** One space for each run of whitespace; none at the edges of a block or between blocks. */
export function normaliseWhitespace(html: string): string {
  const tokens: string[] = [];
  let at = 0;
  for (const m of html.matchAll(TOKEN)) {
    if (m.index > at) tokens.push(html.slice(at, m.index));
    tokens.push(m[0]);
    at = m.index + m[0].length;
  }
  if (at < html.length) tokens.push(html.slice(at));

  // Each tag's name is read once (a paper has tens of thousands of tags).
  const names: (string | null)[] = [];
  const kinds: Kind[] = [];
  for (const token of tokens) {
    if (!token.startsWith('<')) {
      names.push(null);
      kinds.push('text');
    } else if (token.startsWith('<!')) {
      names.push(null);
      kinds.push('other');
    } else {
      const name = tagName(token);
      names.push(name);
      kinds.push(INLINE.has(name) ? 'inline' : name === 'br' ? 'br' : 'other');
    }
  }

  const out: string[] = [];
  let raw: string | null = null;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k];
    if (kinds[k] !== 'text') {
      out.push(token);
      const name = names[k];
      if (name === null) continue;
      const closing = token.startsWith('</');
      if (raw === null && !closing && RAW.has(name)) raw = name;
      else if (raw === name && closing) raw = null;
      continue;
    }
    if (raw !== null) {
      out.push(token);
      continue;
    }
    // The nearest tag on each side (text never sits next to text here): whitespace next to an
    // inline element is a word space; the space before a line break stays (painted, so the words
    // either side stay apart), none after it.
    const before = k > 0 ? kinds[k - 1] : undefined;
    const after = k + 1 < tokens.length ? kinds[k + 1] : undefined;
    let text = token.replace(/[ \t\n\r\f]+/g, ' ');
    if (before !== 'inline') text = text.replace(/^ /, '');
    if (after !== 'inline' && after !== 'br') text = text.replace(/ $/, '');
    if (text !== '') out.push(text);
  }
  return out.join('');
}
