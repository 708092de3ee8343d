import { Command, InvalidArgumentError, Option } from 'commander';
import { ScrutinyError, InputError, formatProblem, formatProblemWithFigures } from '../errors.js';
import { isMonth, plural } from '../format.js';
import { runInterruptCleanups } from '../lib/cleanup.js';
import { countOf } from '../load/problems.js';
import { toolVersion } from '../paths.js';
import type { ProgressEvent } from '../commands/build.js';

/** Exit codes (SPEC "Commands"). */
const EXIT = { ok: 0, input: 1, usage: 2, environment: 3 } as const;

function parseMonth(value: string): string {
  if (!isMonth(value)) throw new InvalidArgumentError(`expected YYYY-MM, e.g. 2023-11`);
  return value;
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('expected a port number, 0 to 65535 (0: any free port)');
  return n;
}

const err = (line: string) => process.stderr.write(`${line}\n`);

/**
 * Off an interactive terminal (a CI log, a file), stderr is as public as Part 1: it carries no
 * figure and nothing that needed one. A person at a terminal, or one who asks with --show-figures,
 * sees them.
 */
const terminal = () => Boolean(process.stderr.isTTY);
let showFigures = false;

/** SPEC "Channels: what is safe to publish", for --help. */
const SAFE_TO_PUBLISH = `
What is safe to publish: everything the tool writes outside out/<month>/exempt/ depends only on what
Part 1 shows. That is out/<month>/public/, out/<month>/build.json (exempt files listed by name only,
no input hashes), published/<month>.csv, stdout, the --json summary, the exit status (with or
without --strict), and stderr when it is not an interactive terminal. Keep out/<month>/exempt/
(Part 2, the disclosure log, build-exempt.json with input hashes and the warnings that needed a
hidden figure) to those entitled to Part 2; an interactive terminal and --show-figures also show them.`;

function progressPrinter(json: boolean): (e: ProgressEvent) => void {
  const tty = terminal() && !json;
  return (e) => {
    const what = { checked: 'inputs checked', printed: `${e.part === 'public' ? 'Part 1' : 'Part 2'} printed`, written: 'written' }[e.stage];
    if (tty) err(`  ${e.month}  ${what}  ${(e.elapsedMs / 1000).toFixed(1)}s`);
    // No time off a terminal: how long the disclosure audit took depends on the hidden figures.
    else if (e.stage === 'written') err(`${e.month} built`);
  };
}

/** Set once a signal stops the run (its exit code): the errors that follow are its consequence, not news. */
let interruptedWith: number | null = null;

/**
 * Cleanup on Ctrl-C / SIGTERM: close the browser, remove temporary folders, exit 128+n. One line
 * says what the interruption left (`left()`), and nothing else is printed after it: the browser
 * closing under a build makes it fail, and that failure is not the person's to read.
 */
function installSignalHandlers(left: () => string): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.once(signal, () => {
      interruptedWith = code;
      // Said once the browser is closed and any month already moving into place is in place,
      // so the months it names are the ones written.
      void runInterruptCleanups()
        .then(() => new Promise((r) => setImmediate(r)))
        .then(() => {
          err(`✖ Interrupted (${signal}): ${left()}`);
          process.exit(code);
        });
    });
  }
}

/** What an interrupted build leaves: the months it had not written, and those it had (each written whole). */
function buildProgressTracker(requested: string): { onProgress: (e: ProgressEvent) => void; left: () => string } {
  const checked: string[] = [];
  const written: string[] = [];
  return {
    onProgress: (e) => {
      if (e.stage === 'checked') checked.push(e.month);
      if (e.stage === 'written') written.push(e.month);
    },
    left: () => {
      // Printing starts only once every month is checked, so before any is written the request says it.
      const notWritten = written.length === 0 ? requested : checked.filter((m) => !written.includes(m)).join(', ');
      const before = written.length === 0 ? '' : ` (${[...written].sort().join(', ')} ${written.length === 1 ? 'was' : 'were'} written before it)`;
      return `nothing was written for ${notWritten}${before}; earlier outputs are unchanged`;
    },
  };
}

export function program(): Command {
  const cli = new Command('scrutiny-report')
    .description('Monthly scrutiny committee papers from a CSV extract and an indicator catalogue: Part 1 (public, small numbers suppressed) and Part 2 (exempt).')
    .version(toolVersion)
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText('after', SAFE_TO_PUBLISH)
    .exitOverride()
    .hook('preAction', (_, action) => {
      showFigures = Boolean(action.opts().showFigures) || terminal();
    });

  cli
    .command('build')
    .description('build the committee papers for a month (or a range of months, one browser for all)')
    .option('--month <YYYY-MM>', 'the month the outturns are "as at the end of"', parseMonth)
    .option('--from <YYYY-MM>', 'first month of a batch', parseMonth)
    .option('--to <YYYY-MM>', 'last month of a batch', parseMonth)
    .option('--workspace <dir>', 'the workspace folder (holding scrutiny.yaml)')
    .option('--out <dir>', 'write outputs to DIR/<month>/ instead of the workspace\'s out/')
    .addOption(new Option('--part <part>', 'which papers to build: Part 1, Part 2 or both').choices(['public', 'exempt', 'both']).default('both'))
    .option('--html', 'also write Part 1 as one self-contained accessible HTML file')
    .option('--strict', 'treat warnings (missing commentary, commentary lint, no data) as errors; never those that needed a hidden figure, which only exempt/build-exempt.json and a terminal show')
    .option('--json', 'print a JSON summary on stdout and nothing else there')
    .option('--record', 'record what Part 1 published in published/<month>.csv (the version that goes to committee)')
    .option('--browser <path>', 'the Chrome/Chromium executable to print with')
    .option('--show-figures', 'on stderr, also print the figures behind input errors and the warnings that needed a hidden figure (as an interactive terminal does); keep such a log to those entitled to Part 2')
    .addHelpText('after', SAFE_TO_PUBLISH)
    .action(async (o) => {
      const { build } = await import('../commands/build.js');
      const tracker = buildProgressTracker(o.month ?? [o.from, o.to].filter(Boolean).join(' to '));
      installSignalHandlers(tracker.left);
      const printProgress = progressPrinter(Boolean(o.json));
      const { months: summaries, skipped } = await build({
        month: o.month,
        from: o.from,
        to: o.to,
        workspace: o.workspace,
        out: o.out,
        part: o.part,
        html: o.html,
        strict: o.strict,
        record: o.record,
        browser: o.browser,
        onNotice: (line) => err(`ℹ ${line}`),
        onProgress: (e) => {
          tracker.onProgress(e);
          printProgress(e);
        },
        ...(showFigures ? { onExemptWarnings: (month: string, lines: string[]) => lines.forEach((l) => err(`⚠ (exempt, ${month}) ${l}`)) } : {}),
      });
      if (o.json) {
        process.stdout.write(JSON.stringify(o.from ? { months: summaries, skipped } : summaries[0], null, 2) + '\n');
        return;
      }
      for (const s of summaries) {
        for (const w of s.warnings) err(`⚠ ${w}`);
        for (const out of s.outputs) process.stdout.write(`✔ ${out.path}\n`);
      }
    });

  cli
    .command('validate')
    .description('check the workspace\'s files and report every problem, located; builds nothing')
    .option('--workspace <dir>', 'the workspace folder (holding scrutiny.yaml)')
    .option('--month <YYYY-MM>', 'also check what building this month needs', parseMonth)
    .option('--json', 'print the problems as JSON on stdout')
    .option('--show-figures', 'name the figures behind each problem (as an interactive terminal does); keep such output to those entitled to Part 2')
    .action(async (o) => {
      const { validate } = await import('../commands/validate.js');
      // JSON is read by machines and kept in logs: it shows figures only when asked.
      const figures = o.json ? Boolean(o.showFigures) : showFigures;
      const result = await validate({ workspace: o.workspace, month: o.month, showFigures: figures, onNotice: (l) => err(`ℹ ${l}`) });
      if (o.json) process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      else {
        for (const n of result.notices) err(`ℹ ${n}`);
        for (const w of result.warnings) err(`⚠ ${w}`);
        for (const p of result.problems) err(`✖ ${p}`);
        if (result.unlisted_problems > 0) err(`✖ and ${plural(result.unlisted_problems, 'more problem')}`);
        if (result.ok) process.stdout.write(`✔ ${result.workspace}: no problems found\n`);
        else err(`✖ ${plural(result.problem_count, 'problem')} in ${result.workspace}`);
      }
      if (!result.ok) process.exitCode = EXIT.input;
    });

  monthCommand(cli, 'commentary', 'draft commentary stubs for the month\'s exceptions; never changes text a person wrote', 'the month to draft for')
    .action(async (o) => {
      const { draftCommentaryCommand } = await import('../commands/commentary.js');
      const r = await draftCommentaryCommand({ month: o.month, workspace: o.workspace });
      process.stdout.write(`✔ ${r.path}: ${plural(r.added.length, 'stub')} added, ${r.stale.length} marked stale, ${r.carriedOver.length} carried over, ${r.unchanged.length} unchanged\n`);
      // Stubs for exceptions only Part 2 shows, and text gone stale with hidden figures: a terminal only.
      const h = r.hidden;
      if (terminal()) err(`ℹ (exempt) ${plural(h.added.length, 'stub')} added for exceptions only Part 2 shows, ${h.stale.length} marked stale: exempt, ${h.carriedOver.length} carried over`);
    });

  monthCommand(cli, 'changes', 'what changed in Part 1 since the last recorded month (published/): RAG, direction, figures and revisions', 'the month about to be drafted')
    .action(async (o) => {
      const { changes } = await import('../commands/changes.js');
      process.stdout.write(await changes({ month: o.month, workspace: o.workspace, onNotice: (l) => err(`ℹ ${l}`) }));
    });

  monthCommand(cli, 'preview', 'serve both parts as HTML on 127.0.0.1, rebuilt and reloaded on every save, with problems on the page', 'the month to preview')
    .option('--port <n>', 'the port on 127.0.0.1 (default: any free port)', parsePort, 0)
    .action(async (o) => {
      const { preview } = await import('../commands/preview.js');
      const p = await preview({ month: o.month, workspace: o.workspace, port: o.port, onNotice: (l) => err(`ℹ ${l}`) });
      process.stdout.write(`✔ previewing ${o.month} at ${p.url} (Part 1: ${p.url}part1, Part 2: ${p.url}part2); Ctrl-C to stop\n`);
      await new Promise<void>((done) => {
        for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void p.close().then(done));
      });
    });

  cli
    .command('init')
    .description('make a new workspace, copied from the bundled sample')
    .argument('[dir]', 'the folder to create or fill', '.')
    .action(async (dir: string) => {
      const { init } = await import('../commands/init.js');
      const made = await init(dir);
      process.stdout.write(`✔ workspace ready in ${made}: edit scrutiny.yaml, catalogue.yaml and outturns.csv, then run \`scrutiny-report build --month YYYY-MM\` there\n`);
    });

  cli
    .command('doctor')
    .description('say which browser would be used, and why; versions')
    .option('--browser <path>', 'the Chrome/Chromium executable to check')
    .action(async (o) => {
      const { doctor } = await import('../commands/doctor.js');
      await doctor({ browser: o.browser }, (line) => process.stdout.write(`${line}\n`));
    });

  return cli;
}

/** A command about one month of one workspace: the two options every such command takes. */
function monthCommand(cli: Command, name: string, description: string, monthHelp: string): Command {
  return cli
    .command(name)
    .description(description)
    .requiredOption('--month <YYYY-MM>', monthHelp, parseMonth)
    .option('--workspace <dir>', 'the workspace folder (holding scrutiny.yaml)');
}

/**
 * Ends the process with the command's code once what it wrote to stdout and stderr is out, rather
 * than when nothing is left that keeps Node's event loop alive: on a busy machine a refused build
 * was seen idle for 30 s first, with no handle or request of its own left. An interruption under
 * way ends the process itself, after its one line.
 */
export async function exitWith(code: number): Promise<void> {
  if (interruptedWith !== null) return;
  await Promise.all([process.stdout, process.stderr].map((stream) => new Promise((done) => stream.write('', done))));
  if (interruptedWith !== null) return;
  process.exit(code);
}

/** The one error boundary: every error becomes readable lines on stderr and an exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    await program().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    return report(e);
  }
}

function report(e: unknown): number {
  if (interruptedWith !== null) return interruptedWith;
  if (process.env.DEBUG === '1' && e instanceof Error) err(e.stack ?? String(e));
  const ce = e as { code?: string; exitCode?: number; message?: string };
  if (typeof ce.code === 'string' && ce.code.startsWith('commander.')) {
    if (ce.code === 'commander.helpDisplayed' || ce.code === 'commander.version' || ce.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (e instanceof InputError) {
    const shown = e.all ? e.problems : e.problems.slice(0, 50);
    for (const p of shown) err(`✖ ${(showFigures ? formatProblemWithFigures : formatProblem)(p)}`);
    const left = e.total - countOf(shown);
    if (left > 0) err(`✖ and ${plural(left, 'more problem')}`);
    if (e.total === 0 || e.message !== `${plural(e.total, 'problem')} with the inputs`) err(`✖ ${e.message}; nothing was written`);
    else err(`✖ ${plural(e.total, 'problem')}; nothing was written`);
    return EXIT.input;
  }
  if (e instanceof ScrutinyError) {
    err(`✖ ${e.message}`);
    return e.exitCode;
  }
  err(`✖ unexpected error: ${(e as Error)?.message ?? String(e)} (run again with DEBUG=1 for details, and report it)`);
  return EXIT.environment;
}
