import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Handlebars from 'handlebars';
import { beforeAll, describe, expect, it } from 'vitest';
import { composeExempt, composePublic } from '../../src/compose/index.js';
import { checkMonth } from '../../src/check.js';
import { loadOrThrow } from '../../src/load/index.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import { bundledTemplatesDir, createRenderer, TEMPLATE_OPTIONS, type PrecompiledTemplate } from '../../src/render/index.js';
import type { PaperModel } from '../../src/compose/model.js';
import { repoRoot } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

/**
 * `npm run build` compiles the bundled templates once (scripts/precompile-templates.mjs); a build
 * uses them only when the template it reads is the text they were compiled from. SPEC "Templates":
 * a workspace's templates/ replaces a bundled file by name, so its own text is always what prints.
 */
type Compiled = Record<string, PrecompiledTemplate>;
let compiled: Compiled;
let papers: PaperModel[];

const spec = (source: string) => new Function(`return ${Handlebars.precompile(source, TEMPLATE_OPTIONS)}`)() as TemplateSpecification;
const renderAll = (c: Compiled | null) => papers.map((m) => createRenderer({ compiled: c }).render(m));

beforeAll(async () => {
  const out = join(tempDir('scrutiny-precompiled-'), 'templates.cjs');
  execFileSync(process.execPath, [join(repoRoot, 'scripts', 'precompile-templates.mjs'), out]);
  compiled = createRequire(import.meta.url)(out) as Compiled;
  const month = '2023-11';
  const { workspace: ws, warnings } = await loadOrThrow(sampleWorkspaceDir, true, month);
  const c = await checkMonth(ws, month, false, warnings);
  const ctx = { config: ws.config, catalogue: ws.catalogue, month, isSample: true, ledgers: ws.ledgers };
  papers = [composePublic(ctx, c.disclosed.public, c.commentary), composeExempt(ctx, c.assessed, c.disclosed, c.commentary)];
});

describe('templates compiled when the tool is built', () => {
  it('cover the paper and every bundled partial, each with the text it was compiled from', () => {
    const dir = bundledTemplatesDir();
    const partials = readdirSync(join(dir, 'partials')).filter((f) => f.endsWith('.hbs'));
    expect(Object.keys(compiled).sort()).toEqual(['paper.hbs', ...partials.map((f) => `partials/${f}`)].sort());
    expect(compiled['paper.hbs'].source).toContain('<!DOCTYPE html>');
  });

  it('print both of the sample\'s papers exactly as the templates compiled at render time do', () => {
    const [pre, runtime] = [renderAll(compiled), renderAll(null)];
    expect(pre[0].length).toBeGreaterThan(100_000);
    expect(pre).toEqual(runtime);
  });

  it('are what prints when the text matches, and are ignored when it does not (an edited or a workspace\'s template)', () => {
    const person = compiled['partials/person.hbs'];
    const marked = (source: string): Compiled => ({ ...compiled, 'partials/person.hbs': { source, spec: spec('PRECOMPILED-MARK') } });
    // The same text: the compiled entry is used (here a different one, to show it).
    expect(createRenderer({ compiled: marked(person.source) }).render(papers[0])).toContain('PRECOMPILED-MARK');
    // Another text: compiled from the file instead, as if there were no entry.
    const stale = createRenderer({ compiled: marked(`${person.source} edited`) }).render(papers[0]);
    expect(stale).not.toContain('PRECOMPILED-MARK');
    expect(stale).toBe(renderAll(null)[0]);
  });

  it('compiled by another Handlebars revision are compiled again rather than failing the build', () => {
    const paper = compiled['paper.hbs'];
    const old: Compiled = { ...compiled, 'paper.hbs': { source: paper.source, spec: { ...paper.spec, compiler: [5, '>= 2.0.0-beta.1'] } as TemplateSpecification } };
    expect(() => Handlebars.template(old['paper.hbs'].spec)).toThrow(/older version/);
    expect(createRenderer({ compiled: old }).render(papers[0])).toBe(renderAll(null)[0]);
  });
});
