import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { InputError } from '../errors.js';
import { monthName } from '../format.js';
import { sha256, sha256Hash } from '../lib/hash.js';
import type { Catalogue, Commentary, Config, InputFile, LedgerRow, Month, Problem, Workspace, WorkspacePaths } from '../types.js';
import { parseCatalogueYaml } from './catalogue.js';
import { parseCommentaryYaml } from './commentary.js';
import { parseConfigYaml } from './config.js';
import { checkTemplateImages, inlineLogo } from './images.js';
import { parseLedgerCsv } from './ledger.js';
import { checkOutturns, OutturnChecker } from './outturns.js';
import { ProblemSink } from './problems.js';

export { parseCatalogueYaml } from './catalogue.js';
export { parseCommentaryYaml } from './commentary.js';
export { parseConfigYaml } from './config.js';
export { parseLedgerCsv } from './ledger.js';

export type LoadResult = { ok: true; workspace: Workspace; warnings: Problem[] } | { ok: false; problems: Problem[]; warnings: Problem[] };

/** Workspace-relative, with forward slashes on every platform, as people see it in messages. */
function shown(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/');
}

/** File read errors as problems: a missing or unreadable file is a fact about the inputs. */
function readProblem(e: unknown, file: string, what: string): Problem {
  const code = (e as NodeJS.ErrnoException).code;
  const message =
    code === 'ENOENT' ? `${what} not found` : code === 'EISDIR' ? `is a folder, not a file` : code === 'EACCES' ? 'cannot be read (permission denied)' : `cannot be read (${(e as Error).message})`;
  const hint = code === 'ENOENT' && file !== 'scrutiny.yaml' ? 'create it, or point to it under paths: in scrutiny.yaml' : undefined;
  return { file, message, ...(hint ? { hint } : {}), severity: 'error' };
}

async function listFolder(dir: string, pattern: RegExp): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && pattern.test(e.name))
      .map((e) => e.name)
      .sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return [];
    throw e;
  }
}

/**
 * Reads and checks every file of a workspace in one pass: a Workspace, or every problem found
 * (never half of one). With `month`, also what a build of that month needs.
 */
export async function loadWorkspace(dir: string, opts: { isSample?: boolean; month?: Month; keepOutturns?: boolean } = {}): Promise<LoadResult> {
  // `validate` checks without keeping rows, so a million-row extract streams in bounded memory.
  const keepOutturns = opts.keepOutturns ?? true;
  const root = resolve(dir);
  const sink = new ProblemSink();
  const inputs: InputFile[] = [];
  const read = async (abs: string, what: string): Promise<Buffer | undefined> => {
    const file = shown(root, abs);
    try {
      const data = await readFile(abs);
      inputs.push({ path: file, sha256: sha256(data) });
      return data;
    } catch (e) {
      sink.add(readProblem(e, file, what));
      return undefined;
    }
  };

  let config: Config | undefined;
  let paths: WorkspacePaths | undefined;
  const configText = await read(join(root, 'scrutiny.yaml'), 'scrutiny.yaml');
  if (configText) {
    const r = parseConfigYaml(configText.toString('utf8'), 'scrutiny.yaml', opts.month);
    sink.addAll(r.problems);
    config = r.config;
    paths = r.paths;
  }
  if (!paths) return fail(sink);

  let catalogue: Catalogue | undefined;
  const catalogueAbs = resolve(root, paths.catalogue);
  const catalogueText = await read(catalogueAbs, 'the catalogue');
  if (catalogueText) {
    const r = parseCatalogueYaml(catalogueText.toString('utf8'), shown(root, catalogueAbs));
    sink.addAll(r.problems);
    catalogue = r.catalogue;
  }

  const outturnsAbs = resolve(root, paths.outturns);
  const outturnsFile = shown(root, outturnsAbs);
  const checker = new OutturnChecker(catalogue, outturnsFile, sink, keepOutturns);
  const outturnsRead = keepOutturns ? await readOutturns(outturnsAbs) : await streamOutturns(outturnsAbs);
  async function readOutturns(abs: string): Promise<boolean> {
    const data = await read(abs, 'the outturns extract');
    if (data) await checkOutturns(Readable.from([data]), checker, outturnsFile, sink);
    return data !== undefined;
  }
  async function streamOutturns(abs: string): Promise<boolean> {
    const hash = sha256Hash();
    try {
      await checkOutturns(createReadStream(abs, { highWaterMark: 1 << 20 }).on('data', (chunk) => hash.update(chunk)), checker, outturnsFile, sink);
    } catch (e) {
      sink.add(readProblem(e, outturnsFile, 'the outturns extract'));
      return false;
    }
    inputs.push({ path: outturnsFile, sha256: hash.digest('hex') });
    return true;
  }
  if (outturnsRead) {
    if (opts.month && checker.headerOk && !checker.periods.has(opts.month)) {
      sink.add({ file: outturnsFile, message: `no outturns for ${monthName(opts.month)} (${opts.month})`, hint: 'check the extract covers the month; every indicator will show "No data"', severity: 'warning' });
    }
  }

  const commentary = new Map<Month, Commentary>();
  const commentaryDir = resolve(root, paths.commentary);
  for (const name of await listFolder(commentaryDir, /\.ya?ml$/i)) {
    const abs = join(commentaryDir, name);
    const data = await read(abs, 'commentary');
    if (!data) continue;
    const file = shown(root, abs);
    const r = parseCommentaryYaml(data.toString('utf8'), file, catalogue?.indicators.map((i) => i.id));
    sink.addAll(r.problems);
    if (r.commentary) commentary.set(r.commentary.month, r.commentary);
  }

  const ledgers = new Map<Month, LedgerRow[]>();
  const publishedDir = resolve(root, paths.published);
  for (const name of await listFolder(publishedDir, /\.csv$/i)) {
    const abs = join(publishedDir, name);
    const data = await read(abs, 'ledger');
    if (!data) continue;
    const r = parseLedgerCsv(data.toString('utf8'), shown(root, abs));
    sink.addAll(r.problems);
    ledgers.set(name.replace(/\.csv$/i, ''), r.rows);
  }

  const templatesAbs = resolve(root, paths.templates);
  const templatesDir = (await stat(templatesAbs).catch(() => undefined))?.isDirectory() ? templatesAbs : undefined;
  if (templatesDir) sink.addAll(await checkTemplateImages(root, templatesDir));
  if (config?.logo && configText) {
    const logo = inlineLogo(root, configText.toString('utf8'), config.logo);
    sink.addAll(logo.problems);
    if (logo.dataUri) config.logoDataUri = logo.dataUri;
  }

  if (sink.errorCount > 0 || !config || !catalogue || !outturnsRead) return fail(sink);
  inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const workspace: Workspace = {
    dir: root,
    isSample: opts.isSample ?? false,
    config,
    catalogue,
    outturns: checker.rows ?? [],
    commentary,
    ledgers,
    ...(templatesDir ? { templatesDir } : {}),
    inputs,
  };
  return { ok: true, workspace, warnings: sink.warnings() };
}

/** The workspace, or an InputError listing every problem. */
export async function loadOrThrow(dir: string, isSample: boolean, month?: Month): Promise<{ workspace: Workspace; warnings: Problem[] }> {
  const result = await loadWorkspace(dir, { isSample, month });
  if (!result.ok) throw new InputError(result.problems);
  return result;
}

function fail(sink: ProblemSink): LoadResult {
  return { ok: false, problems: sink.errors(), warnings: sink.warnings() };
}
