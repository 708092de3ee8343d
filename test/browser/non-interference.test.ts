import { beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, sha256File } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

// SPEC: "changing suppressed values while keeping everything published the same must give the
// same Part 1, byte for byte". Each case rewrites figures that Part 1 hides, in ways that keep
// every published figure (totals included) the same, and rebuilds Part 1.
const month = '2023-11';
const stem = `childrens-scrutiny-dataset-${month}`;

async function buildPublic(ws: string, out: string) {
  const r = await runCli(['build', '--month', month, '--part', 'public', '--html', '--json', '--out', out], { cwd: ws });
  expect(r.code, r.stderr).toBe(0);
  const dir = join(ws, out, month, 'public');
  return {
    pdf: sha256File(join(dir, `${stem}-part-1-public.pdf`)),
    html: readFileSync(join(dir, `${stem}-part-1-public.html`), 'utf8'),
    csv: readFileSync(join(dir, `${stem}-part-1-figures.csv`), 'utf8'),
    // The summary, with the output folder's name (the one thing that differs) taken out.
    json: JSON.stringify({ ...JSON.parse(r.stdout), outputs: JSON.parse(r.stdout).outputs.map((o: { path: string }) => ({ ...o, path: o.path.slice(out.length) })) }),
  };
}

function rewrite(ws: string, edits: [RegExp, string][]) {
  const path = join(ws, 'outturns.csv');
  let text = readFileSync(path, 'utf8');
  for (const [from, to] of edits) {
    expect(text, String(from)).toMatch(from);
    text = text.replace(from, to);
  }
  writeFileSync(path, text);
}

describe('Part 1 does not depend on suppressed values', () => {
  const cases: [string, [RegExp, string][]][] = [
    ['a suppressed headline count (3 → 5)', [[/\ncp-plans-2-years,2023-11,3,/, '\ncp-plans-2-years,2023-11,5,']]],
    ['an average over few cases (398 days over 4 → 120 days over 2)', [[/\nadoption-a1,2023-11,4,,398,/, '\nadoption-a1,2023-11,2,,120,']]],
    [
      'one child moved between two hidden breakdown categories, totals unchanged',
      [
        [/\ncla-stability-long-term,2023-11,4,5,,age_band,0-9,/, '\ncla-stability-long-term,2023-11,3,5,,age_band,0-9,'],
        [/\ncla-stability-long-term,2023-11,18,27,,age_band,10-12,/, '\ncla-stability-long-term,2023-11,19,27,,age_band,10-12,'],
      ],
    ],
  ];

  // Every case starts from the same workspace, so its Part 1 is built once.
  let base: string;
  let before: Awaited<ReturnType<typeof buildPublic>>;

  beforeAll(async () => {
    const cwd = tempDir();
    base = join(cwd, 'ws');
    expect((await runCli(['init', base], { cwd })).code).toBe(0);
    before = await buildPublic(base, 'before');
  });

  it.each(cases)('%s gives the same Part 1 PDF, HTML, figures CSV and JSON summary', async (_name, edits) => {
    const ws = join(tempDir(), 'ws');
    cpSync(base, ws, { recursive: true, filter: (src) => src !== join(base, 'before') });
    rewrite(ws, edits);
    const after = await buildPublic(ws, 'after');
    expect(after.csv).toBe(before.csv);
    expect(after.html).toBe(before.html);
    expect(after.pdf).toBe(before.pdf);
    expect(after.json).toBe(before.json);
  });
});
