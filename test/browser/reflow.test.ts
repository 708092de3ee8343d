import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareMonth } from '../../src/build.js';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import { findBrowser } from '../../src/print/browser.js';

// SPEC "Documents that everyone can read": `--html` writes the public paper as an accessible HTML file,
// under WCAG 2.2 AA: it reflows at 320 CSS px with no scrolling in two dimensions (1.4.10).

let browser: Browser;
let html: string;

beforeAll(async () => {
  const { workspace, warnings } = await loadOrThrow(sampleWorkspaceDir, true, '2023-11');
  html = (await prepareMonth(workspace, '2023-11', ['public'], false, warnings)).html.public!;
  browser = await puppeteer.launch({ executablePath: findBrowser({ env: process.env }).path, headless: true, args: ['--no-sandbox'] });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

interface Layout {
  scrollWidth: number;
  innerWidth: number;
  /** Cells whose content runs out of the cell onto its neighbours. */
  overflowing: string[];
  /** Wide tables: whether each sits in a focusable region with a name, which scrolls on its own. */
  wide: { region: boolean; focusable: boolean; named: boolean }[];
  /** The widest paragraph of running text, in ems of its own font size. */
  measureEm: number;
}

async function layout(width: number): Promise<Layout> {
  const page = await browser.newPage();
  try {
    await page.setRequestInterception(true);
    page.on('request', (req) => void (req.url().startsWith('data:') ? req.continue() : req.abort('blockedbyclient')));
    await page.setViewport({ width, height: 800 });
    await page.emulateMediaType('screen');
    await page.setContent(html, { waitUntil: 'load' });
    return await page.evaluate(() => {
      const cells = Array.from(document.querySelectorAll('th, td'));
      const overflowing = cells
        .filter((c) => c.scrollWidth > c.clientWidth + 1)
        .map((c) => `${c.tagName.toLowerCase()} "${(c.textContent ?? '').slice(0, 40)}" ${c.scrollWidth}>${c.clientWidth}`);
      const wide = Array.from(document.querySelectorAll('table'))
        .filter((t) => t.getBoundingClientRect().width > window.innerWidth)
        .map((t) => {
          const region = t.closest('[role="region"]');
          return {
            region: !!region && getComputedStyle(region).overflowX === 'auto',
            focusable: region?.getAttribute('tabindex') === '0',
            named: !!region && !!(region.getAttribute('aria-label') || document.getElementById(region.getAttribute('aria-labelledby') ?? '')?.textContent),
          };
        });
      const measureEm = Math.max(
        ...Array.from(document.querySelectorAll('main .para p')).map((p) => p.getBoundingClientRect().width / parseFloat(getComputedStyle(p).fontSize)),
      );
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, overflowing, wide, measureEm };
    });
  } finally {
    await page.close();
  }
}

describe('the Part 1 HTML on screen', () => {
  it('reflows at 320 CSS px: no sideways page scroll, no cell running into its neighbours', async () => {
    const at320 = await layout(320);
    expect(at320.scrollWidth).toBeLessThanOrEqual(at320.innerWidth);
    expect(at320.overflowing).toEqual([]);
    // The index tables do not fit 320 px; they scroll inside a named region a keyboard can reach.
    expect(at320.wide.length).toBeGreaterThan(5);
    expect(at320.wide.filter((w) => !(w.region && w.focusable && w.named))).toEqual([]);
  });

  it('keeps a comfortable measure at desktop width', async () => {
    const desktop = await layout(1440);
    expect(desktop.scrollWidth).toBeLessThanOrEqual(desktop.innerWidth);
    // About 80 characters: Source Sans 3 averages half an em a character.
    expect(desktop.measureEm).toBeLessThanOrEqual(42);
    expect(desktop.measureEm).toBeGreaterThan(25);
  });
});
