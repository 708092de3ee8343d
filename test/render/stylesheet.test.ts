import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledTemplatesDir } from '../../src/render/index.js';

// SPEC "Documents that everyone can read" (WCAG 2.2 AA, 1.4.11: graphics 3:1 against their ground), and the
// template-override promise: a council restyles the paper's colours in one place, :root.

const css = readFileSync(join(bundledTemplatesDir(), 'report.css'), 'utf8');
const root = /:root\s*\{([^}]*)\}/.exec(css)![1];
const colours = Object.fromEntries([...root.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{3,6})/g)].map((m) => [m[1], m[2]]));

function luminance(hex: string): number {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

describe('the paper’s colours', () => {
  it('are all custom properties in :root, none written anywhere else', () => {
    const outside = css.replace(/:root\s*\{[^}]*\}/, '');
    expect(outside.match(/#[0-9a-fA-F]{3,6}\b|rgb\(|hsl\(/g)).toBeNull();
    expect(Object.keys(colours).length).toBeGreaterThan(20);
  });

  it('give the chart marks 3:1 against the paper: band edges, target and comparator lines, outturn', () => {
    for (const mark of ['band-edge', 'chart-ink', 'comparator', 'accent', 'chart-axis']) {
      expect(contrast(colours[mark], colours.paper), mark).toBeGreaterThanOrEqual(3);
    }
  });
});
