import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { pdfInfo, pdfPages, runCli } from '../helpers/cli.js';
import { sharedBuild } from '../helpers/shared.js';

// fixtures/spec-tour uses the optional corners of SPEC's workspace format at once: moved paths,
// a BOM and CRLF extract with quoted multi-line notes, a tighter threshold, a third exempt
// paragraph, rates, days, ratios, quarterly and annual indicators, a year-to-date breakdown,
// Markdown with raw HTML in it, by_exception commentary and a template override.
describe('a workspace using every optional part of the format', () => {
  it('validates, builds where its paths say, and honours each option', async () => {
    // A copy of fixtures/spec-tour built once per run with `build --month 2023-11 --json --html`
    // (test/helpers/shared-builds.ts); the reading test reads the same papers.
    const { cwd: ws, run: r } = await sharedBuild('spec-tour');
    expect((await runCli(['validate', '--month', '2023-11'], { cwd: ws })).code).toBe(0);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);

    const stem = 'cyp-dataset-quarterly-monthly-2023-11';
    const dir = join(ws, 'papers', '2023-11');
    const part1 = join(dir, 'public', `${stem}-part-1-public.pdf`);
    const part2 = join(dir, 'exempt', `${stem}-part-2-exempt.pdf`);
    expect(existsSync(part1) && existsSync(part2)).toBe(true);
    expect(pdfInfo(part1).Author).toBe('Borough of Example & District');

    const p1 = pdfPages(part1).join(' ').replace(/\s+/g, ' ');
    const p2pages = pdfPages(part2).map((p) => p.replace(/\s+/g, ' '));
    for (const page of p2pages) expect(page).toContain('NOT FOR PUBLICATION by virtue of paragraph(s) 1, 2, 7 of Part 1 of Schedule 12A');
    expect(p1).toContain('Cover sheet from the workspace template.');
    expect(p1).toContain("<script>alert('x')</script>");
    expect(p1).toContain('a count of 1 to 9 children');
    expect(p1).toContain('The rate is stable.');
    // Welsh letters come from the bundled font's Latin Extended faces, not whatever the machine has.
    expect(p1).toContain('dogfennau cefndir – ŵyr ŷ');
    const fonts = spawnSync('pdffonts', [part1], { encoding: 'utf8' }).stdout.trim().split('\n').slice(2);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/^[A-Z]{6}\+SourceSans3/);

    const html = readFileSync(join(dir, 'public', `${stem}-part-1-public.html`), 'utf8');
    expect(html).not.toMatch(/<script|<img/i);
    expect(html).toContain('<li>first item</li>');
    expect(html).toMatch(/<a href="https:\/\/www\.example\.gov\.uk\/performance"/);

    const byId = Object.fromEntries(summary.indicators.map((i: { id: string }) => [i.id, i]));
    // 31 of 40: the complement 9 is within this workspace's threshold of 9.
    expect(byId['yj-ete'].rag).toBe('suppressed');
    // Not about people (suppress: false): shown and rated from its latest quarter end.
    expect(byId['caseload-ratio']).toMatchObject({ rag: 'green', suppressed: false });
    expect(byId['care-rate'].rag).toBe('not_rated');
    expect(summary.exceptions).toEqual(['adoption-days', 'fte-ytd']);
  });
});
