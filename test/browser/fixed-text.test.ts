import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigYaml } from '../../src/load/index.js';
import { prepareMonth } from '../../src/build.js';
import { loadOrThrow } from '../../src/load/index.js';
import { PLACEHOLDERS } from '../../src/load/placeholders.js';
import { formatProblem } from '../../src/errors.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const sampleYaml = readFileSync(join(repoRoot, 'data', 'scrutiny.yaml'), 'utf8');
const month = '2023-11';

/** A copy of the sample workspace whose scrutiny.yaml is `edit`ed. */
function workspace(edit: (yaml: string) => string): string {
  const dir = tempDir('scrutiny-fixed-');
  cpSync(join(repoRoot, 'data'), dir, { recursive: true });
  writeFileSync(join(dir, 'scrutiny.yaml'), edit(sampleYaml));
  return dir;
}

async function papers(dir: string): Promise<{ public: string; exempt: string }> {
  const { workspace: ws, warnings } = await loadOrThrow(dir, false, month);
  const p = await prepareMonth(ws, month, ['public', 'exempt'], false, warnings);
  return { public: p.html.public as string, exempt: p.html.exempt as string };
}

describe('SPEC Second round › Fixed text, placeholders, images: placeholders', () => {
  it('fills every documented placeholder in fixed text, per part', async () => {
    const line = PLACEHOLDERS.map((p) => `${p}=[{{${p}}}]`).join(' ');
    const dir = workspace((y) => y.replace('  reason: |\n', `  reason: |\n    ${line}\n`));
    const html = await papers(dir);
    const want = (part: string) =>
      [
        'authority=[London Borough of Bromley]',
        'committee=[Children, Education and Families Policy Development and Scrutiny Committee]',
        "dataset=[Children's Scrutiny Dataset]",
        'month_name=[November 2023]',
        'month=[2023-11]',
        'meeting_date=[Thursday 1 February 2024]',
        'financial_year=[2023/24]',
        `part=[${part}]`,
      ].join(' ');
    expect(html.public).toContain(want('Part 1 (Public)'));
    expect(html.exempt).toContain(want('Part 2 (Exempt)'));
    expect(html.public).not.toContain('{{');
  });

  it('an unknown placeholder is a located error with a did-you-mean, through validate and build', async () => {
    const dir = workspace((y) => y.replace('children as at the end of {{month_name}}, as measured', 'children as at the end of {{month_nmae}}, as measured'));
    const lineNo = readFileSync(join(dir, 'scrutiny.yaml'), 'utf8').split('\n').findIndex((l) => l.includes('{{month_nmae}}')) + 1;
    const column = readFileSync(join(dir, 'scrutiny.yaml'), 'utf8').split('\n')[lineNo - 1].indexOf('{{') + 1;
    const expected = `scrutiny.yaml:${lineNo}:${column}`;
    const v = await runCli(['validate', '--month', month], { cwd: dir });
    expect(v.code).toBe(1);
    expect(v.stderr).toContain(`${expected}  unknown placeholder {{month_nmae}}`);
    expect(v.stderr).toContain('did you mean "month_name"?');
    const b = await runCli(['build', '--month', month, '--part', 'public'], { cwd: dir });
    expect(b.code).toBe(1);
    expect(b.stderr).toContain(`${expected}  unknown placeholder {{month_nmae}}`);
    // Two real CLI runs, one starting a browser.
  }, 180_000);

  it('finds unknown placeholders in folded, quoted and list text, and in the title, but not in comments', () => {
    const yaml = sampleYaml
      .replace(/^title: .*$/m, 'title: "Performance {{montth}}"')
      .replace('  procurement: |\n', '  # {{not_a_placeholder}} in a comment is never printed\n  procurement: >\n    {{ fy }}\n')
      .replace('  carbon: |\n    **Summary', '  carbon: |\n    {{financial_year}} {{authority}} {{Part}}\n    **Summary');
    const { problems } = parseConfigYaml(yaml, 'scrutiny.yaml');
    const lines = yaml.split('\n');
    const at = (needle: string) => {
      const i = lines.findIndex((l) => l.includes(needle));
      return `scrutiny.yaml:${i + 1}:${lines[i].indexOf(needle) + 1}`;
    };
    expect(problems.map(formatProblem)).toEqual([
      `${at('{{montth}}')}  unknown placeholder {{montth}} (did you mean "month"?)`,
      expect.stringContaining(`${at('{{ fy }}')}  unknown placeholder {{fy}}`),
      `${at('{{Part}}')}  unknown placeholder {{Part}} (did you mean "part"?)`,
    ]);
  });
});

describe('SPEC Second round › Fixed text, placeholders, images: fixed text is text', () => {
  it('an unquoted phone number keeps its leading zero, and a report number its trailing zero', async () => {
    const dir = workspace((y) => y.replace('phone: 020 8461 7724', 'phone: 01632960418').replace('report_number: CEF24005', 'report_number: 24.10'));
    const html = await papers(dir);
    expect(html.public).toContain('01632960418');
    expect(html.public).not.toMatch(/[^0]1632960418/);
    expect(html.public).toContain('24.10');
  });

  it('numbers stay numbers where they are numbers (disclosure, exempt paragraphs)', () => {
    const { config, problems } = parseConfigYaml(sampleYaml.replace('exempt_paragraphs: [1, 2]', 'exempt_paragraphs: [1, 3]\ndisclosure: { threshold: 7 }'), 'scrutiny.yaml');
    expect(problems).toEqual([]);
    expect(config?.exempt_paragraphs).toEqual([1, 3]);
    expect(config?.disclosure.threshold).toBe(7);
  });
});

describe('SPEC Second round › Fixed text, placeholders, images: part1/part2 variants', () => {
  it("the sample's Part 2 does not say its figures are withheld from \"this Part 1 report\"; Part 1 does", async () => {
    const html = await papers(workspace((y) => y));
    expect(html.public).toContain('withheld from this Part 1 report');
    expect(html.exempt).not.toContain('this Part 1 report');
    expect(html.exempt).toContain('This Part 2 (Exempt) report gives every figure in full');
  });

  it('any section key may differ by part, and a part may leave a key out', async () => {
    const dir = workspace((y) =>
      y.replace(/  property: \|\n    .*\n/, '  property:\n    part1: Property words for the public.\n    part2: Property words for members only.\n').replace(/  carbon: \|\n    .*\n/, '  carbon:\n    part2: Carbon only in Part 2.\n'),
    );
    const html = await papers(dir);
    expect(html.public).toContain('Property words for the public.');
    expect(html.public).not.toContain('members only');
    expect(html.exempt).toContain('Property words for members only.');
    expect(html.public).not.toContain('Carbon only in Part 2.');
    expect(html.exempt).toContain('Carbon only in Part 2.');
  });

  it('a misspelt part key is a located error', () => {
    const yaml = sampleYaml.replace(/  property: \|\n    .*\n/, '  property:\n    part1: a\n    prat2: b\n');
    const { problems } = parseConfigYaml(yaml, 'scrutiny.yaml');
    const i = yaml.split('\n').findIndex((l) => l.includes('prat2')) + 1;
    expect(problems.map(formatProblem)).toEqual([expect.stringMatching(new RegExp(`^scrutiny\\.yaml:${i}:5  sections\\.property\\.prat2: unknown key`))]);
  });
});
