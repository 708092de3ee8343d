import axe from 'axe-core';
import puppeteer, { type Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareMonth } from '../../src/build.js';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import { findBrowser } from '../../src/print/browser.js';
import type { Part } from '../../src/write/index.js';
import { printLayoutPage } from './reading.js';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface Violation {
  id: string;
  help: string;
  nodes: { target: unknown[]; failureSummary?: string }[];
}

let browser: Browser;
const html: Partial<Record<Part, string>> = {};

beforeAll(async () => {
  const { workspace, warnings } = await loadOrThrow(sampleWorkspaceDir, true, '2023-11');
  const prepared = await prepareMonth(workspace, '2023-11', ['public', 'exempt'], false, warnings);
  Object.assign(html, prepared.html);
  browser = await puppeteer.launch({ executablePath: findBrowser({ env: process.env }).path, headless: true, args: ['--no-sandbox'] });
});

afterAll(async () => {
  await browser?.close();
});

/** Runs axe over the paper as the printer lays it out (print media); only this page runs JavaScript, and only axe. */
async function audit(doc: string): Promise<{ violations: Violation[]; passes: string[] }> {
  const page = await printLayoutPage(browser, doc);
  try {
    await page.addScriptTag({ content: axe.source });
    return await page.evaluate(async (tags: string[]) => {
      const run = await (window as unknown as { axe: typeof axe }).axe.run(document, { runOnly: { type: 'tag', values: tags } });
      return {
        violations: run.violations.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })),
        passes: run.passes.map((p) => p.id),
      };
    }, TAGS);
  } finally {
    await page.close();
  }
}

function report(found: Violation[]): string {
  return found
    .map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `  ${JSON.stringify(n.target)}\n    ${(n.failureSummary ?? '').replace(/\n/g, '\n    ')}`).join('\n')}`)
    .join('\n');
}

// The rules these papers most depend on: if axe stopped checking them, a clean run would prove nothing.
// (scrollable-region-focusable applies on screen only, where tables scroll: test/render/reflow.test.ts checks those regions.)
const MUST_CHECK = ['color-contrast', 'th-has-data-cells', 'td-headers-attr', 'svg-img-alt', 'html-lang-valid', 'document-title', 'list', 'listitem'];

describe('the sample papers pass axe (WCAG 2.2 AA)', () => {
  it.each(['public', 'exempt'] as const)('%s part has no violations', async (part) => {
    const { violations, passes } = await audit(html[part]!);
    expect(violations, report(violations)).toEqual([]);
    expect(passes).toEqual(expect.arrayContaining(MUST_CHECK));
  });

  it('does find a violation when there is one (low-contrast text)', async () => {
    const broken = html.public!.replace('<main>', '<main><p style="color:#bbb">Faint text</p>');
    const { violations } = await audit(broken);
    expect(violations.map((v) => v.id)).toContain('color-contrast');
  });
});
