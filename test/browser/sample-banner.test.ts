import { describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareMonth } from '../../src/build.js';
import { loadOrThrow } from '../../src/load/index.js';
import { SAMPLE_AUTHORITY } from '../../src/load/sample.js';
import { repoRoot, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

const month = '2023-11';

async function html(dir: string, at = month): Promise<{ public: string; exempt: string }> {
  const { workspace: ws, warnings } = await loadOrThrow(dir, false, at);
  const p = await prepareMonth(ws, at, ['public', 'exempt'], false, warnings);
  return { public: p.html.public as string, exempt: p.html.exempt as string };
}

describe('SPEC Second round › Fixed text, placeholders, images: a workspace made by init shows the SAMPLE banner until its authority is changed', () => {
  it('names the sample authority the bundled scrutiny.yaml uses', () => {
    expect(readFileSync(join(repoRoot, 'data', 'scrutiny.yaml'), 'utf8')).toMatch(new RegExp(`^authority: ${SAMPLE_AUTHORITY}$`, 'm'));
  });

  it('an untouched init workspace prints the banner in both parts, saying how to remove it; a changed authority removes it', async () => {
    const dir = join(tempDir('scrutiny-init-'), 'ws');
    const made = await runCli(['init', dir], { cwd: repoRoot });
    expect(made.code).toBe(0);
    const before = await html(dir);
    for (const part of [before.public, before.exempt]) {
      expect(part).toContain('class="banner banner-sample"><strong>SAMPLE – synthetic figures.</strong>');
      expect(part).toContain('Set &quot;authority:&quot; in scrutiny.yaml to your council&#x27;s name');
      expect(part).toContain('@bottom-left { content: "SAMPLE – synthetic figures"; }');
    }
    const yaml = join(dir, 'scrutiny.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(`authority: ${SAMPLE_AUTHORITY}`, 'authority: Borsetshire County Council'));
    const after = await html(dir);
    for (const part of [after.public, after.exempt]) {
      expect(part).not.toContain('SAMPLE');
      expect(part).toContain('Borsetshire County Council');
    }
  });

  it('knows a copy by the "sample: true" init leaves, not by the authority: deleting the line removes the banner', async () => {
    const dir = join(tempDir('scrutiny-init-'), 'ws');
    expect((await runCli(['init', dir], { cwd: repoRoot })).code).toBe(0);
    const yaml = join(dir, 'scrutiny.yaml');
    expect(readFileSync(yaml, 'utf8')).toMatch(/^sample: true$/m);
    const before = await html(dir);
    expect(before.public).toContain('delete the line &quot;sample: true&quot;');
    writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^sample: true\n/m, ''));
    const after = await html(dir);
    for (const part of [after.public, after.exempt]) {
      expect(part).not.toContain('SAMPLE');
      expect(part).toContain(SAMPLE_AUTHORITY);
    }
  });

  it('a real workspace of the same council (the DfE example, named exactly as the sample) shows no banner', async () => {
    const dir = join(tempDir('scrutiny-dfe-'), 'ws');
    cpSync(join(repoRoot, 'examples', 'dfe-bromley'), dir, { recursive: true });
    const yaml = join(dir, 'scrutiny.yaml');
    expect(readFileSync(yaml, 'utf8')).not.toMatch(/^sample:/m);
    for (const authority of [null, SAMPLE_AUTHORITY]) {
      if (authority) writeFileSync(yaml, readFileSync(yaml, 'utf8').replace(/^authority: .*$/m, `authority: ${authority}`));
      const papers = await html(dir, '2025-11');
      for (const part of [papers.public, papers.exempt]) {
        expect(part).not.toContain('SAMPLE');
        expect(part).toContain('London Borough of Bromley');
      }
    }
  });
});
