import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { sha256 } from '../lib/hash.js';
import type { Catalogue, Commentary, Config, InputFile, LedgerRow, Month, Problem, Workspace, WorkspacePaths } from '../types.js';
import { parseCatalogueYaml } from './catalogue.js';
import { parseCommentaryYaml } from './commentary.js';
import { parseConfigYaml, type ExtractSettings, type MonthRequest } from './config.js';
import { checkTemplateImages, inlineLogo } from './images.js';
import { parseLedgerCsv } from './ledger.js';
import { checkOutturnsData, OutturnChecker } from './outturns.js';
import { ProblemSink } from './problems.js';
import { checkWorkbook, isWorkbookPath } from './xlsx.js';

export { parseCatalogueYaml } from './catalogue.js';
export { parseCommentaryYaml } from './commentary.js';
export { parseConfigYaml, type MonthRequest } from './config.js';
export { parseLedgerCsv } from './ledger.js';

/**
 * `problemCount` and `warningCount` are true counts: the lists' lines may stand for more (collapsed
 * repeats, or past the cap). `notices` say what was left out on purpose (rows for indicators not in
 * the catalogue) and never fail anything.
 */
export type LoadResult =
  | { ok: true; workspace: Workspace; warnings: Problem[]; warningCount: number; notices: string[]; months: Month[]; skipped: Month[] }
  | { ok: false; problems: Problem[]; warnings: Problem[]; problemCount: number; warningCount: number; notices: string[] };

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
 * (never half of one). With `month` (one, or a range), also which of those months have a meeting.
 */
export async function loadWorkspace(dir: string, opts: { isSample?: boolean; month?: MonthRequest; keepOutturns?: boolean } = {}): Promise<LoadResult> {
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
  let months: Month[] = [];
  let skipped: Month[] = [];
  let extract: ExtractSettings = { unknown_indicators: 'ignore' };
  const configText = await read(join(root, 'scrutiny.yaml'), 'scrutiny.yaml');
  if (configText) {
    const r = parseConfigYaml(configText.toString('utf8'), 'scrutiny.yaml', opts.month);
    sink.addAll(r.problems);
    config = r.config;
    paths = r.paths;
    months = r.months;
    skipped = r.skipped;
    extract = r.extract;
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
  const unknownIndicators = extract.unknown_indicators;
  let checker: OutturnChecker | undefined;
  if (isWorkbookPath(outturnsAbs)) {
    const data = await read(outturnsAbs, 'the outturns workbook');
    if (data) checker = await checkWorkbook(data, outturnsFile, catalogue, sink, keepOutturns, { sheet: extract.sheet, unknownIndicators });
  } else {
    // Read whole (44 MB for 1,008,000 rows): a quote-free extract is then split rather than parsed
    // (checkOutturnsData). `validate` without a month keeps no rows, only what the checks need.
    const data = await read(outturnsAbs, 'the outturns extract');
    if (data) await checkOutturnsData(data, (checker = new OutturnChecker(catalogue, outturnsFile, sink, keepOutturns, { unknownIndicators })), outturnsFile, sink);
  }
  const notices = checker?.notices() ?? [];

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

  if (sink.errorCount > 0 || !config || !catalogue || !checker) return fail(sink, notices);
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
  return { ok: true, workspace, warnings: sink.warnings(), warningCount: sink.warningCount, notices, months, skipped };
}

/** The workspace, loaded and checked for the months asked for (those with a meeting, and those skipped), or an InputError listing every problem. */
export async function loadOrThrow(
  dir: string,
  isSample: boolean,
  request?: MonthRequest,
): Promise<{ workspace: Workspace; warnings: Problem[]; notices: string[]; months: Month[]; skipped: Month[] }> {
  const result = await loadWorkspace(dir, { isSample, month: request });
  if (!result.ok) throw new InputError(result.problems, undefined, result.problemCount);
  return result;
}

function fail(sink: ProblemSink, notices: string[] = []): LoadResult {
  return { ok: false, problems: sink.errors(), warnings: sink.warnings(), problemCount: sink.errorCount, warningCount: sink.warningCount, notices };
}
