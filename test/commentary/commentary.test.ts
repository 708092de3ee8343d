import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { assessMonth } from '../../src/assess/index.js';
import type { Assessment } from '../../src/assess/types.js';
import { commentaryFingerprint, draftCommentary, PLACEHOLDER } from '../../src/commentary/index.js';
import { commentaryFindings, type CommentaryFinding } from '../../src/commentary/rule.js';
import { checkCommentary } from '../../src/commentary/checks.js';
import type { Cell, PublicAssessment, PublicFigure, PublicView } from '../../src/disclose/types.js';
import { InputError } from '../../src/errors.js';
import type { Commentary, CommentaryEntry, Outturn } from '../../src/types.js';
import type { Assessed } from '../../src/assess/types.js';
import { lookedAfterWorkspace, outturn } from '../assess/builder.js';
import { stabilityIndicator } from '../helpers/builders.js';
import { tempDir } from '../helpers/temp.js';

const LONG = 'cla-stability-long-term';
const SMALL = 'care-leavers-eet';
const GOOD = 'visits-in-time';

const shown = (s: string): Cell => ({ shown: s });
const c: Cell = { suppressed: '[c]' };

function figures(nov = 62): Outturn[] {
  return [
    outturn(LONG, '2023-10', { numerator: 63, denominator: 91 }),
    outturn(LONG, '2023-11', { numerator: nov, denominator: 91 }),
    outturn(SMALL, '2023-10', { numerator: 7, denominator: 10 }),
    outturn(SMALL, '2023-11', { numerator: 6, denominator: 10 }),
    outturn(GOOD, '2023-11', { numerator: 95, denominator: 100 }),
  ];
}

function ws(outturns = figures(), commentary = new Map<string, Commentary>()) {
  const w = lookedAfterWorkspace(
    [
      stabilityIndicator(),
      stabilityIndicator({ id: SMALL, number: 21, title: 'Care leavers in education, employment or training' }),
      stabilityIndicator({ id: GOOD, number: 22, title: 'Visits in timescale' }),
    ],
    outturns,
  );
  w.commentary = commentary;
  return w;
}

/** What disclosure would give: indicator 21's small complement suppresses its headline. */
function publicViewFor(assessments: Assessment[]): PublicView {
  const pub = (a: Assessment): PublicAssessment => {
    const small = a.indicator.id === SMALL;
    const fig = (f: Assessment['current']): PublicFigure | null =>
      f && {
        period: f.period,
        value: small ? c : shown((f.value ?? 0).toFixed(1)),
        numerator: small ? c : shown(String(f.numerator)),
        denominator: shown(String(f.denominator)),
      };
    return {
      indicator: a.indicator,
      month: a.month,
      current: fig(a.current),
      previous: fig(a.previous),
      lastYear: null,
      trend: [],
      breakdowns: [],
      rag: small ? 'suppressed' : a.rag,
      direction: small ? 'not_comparable' : a.direction,
      direction_year: 'not_comparable',
      benchmarks: [],
      headlineSuppressed: small,
      newFigure: a.newFigure,
    };
  };
  return { month: '2023-11', assessments: assessments.map(pub), exceptions: [LONG], anyHeadlineSuppressed: true };
}

async function draft(w = ws(), path?: string) {
  const commentaryPath = path ?? join(tempDir('commentary-'), 'commentary', '2023-11.yaml');
  const assessed = assessMonth(w, '2023-11');
  const result = await draftCommentary({ ws: w, month: '2023-11', assessed, publicView: publicViewFor(assessed.assessments), commentaryPath });
  return { result, assessed, path: commentaryPath, text: await readFile(commentaryPath, 'utf8') };
}

/** The lines of `after` that are not in `before`, provided `before` survives in it line for line, in order. */
function addedLines(before: string, after: string): string[] {
  const old = before.split('\n');
  const added: string[] = [];
  let i = 0;
  for (const line of after.split('\n')) {
    if (i < old.length && line === old[i]) i++;
    else added.push(line);
  }
  expect(i, 'every original line survives, in order').toBe(old.length);
  return added;
}

/** As addedLines, but the tool's own `drafted_from` lines may be rewritten; every other line survives. */
function addedLinesLoose(before: string, after: string): string[] {
  const keep = (text: string) => text.split('\n').filter((l) => !l.includes('drafted_from')).join('\n');
  return [...addedLines(keep(before), keep(after)), ...after.split('\n').filter((l) => l.includes('drafted_from') && !before.includes(l))];
}

describe('drafting', () => {
  it('writes a stub for each exception only, creating the folder', async () => {
    const { result, text } = await draft();
    expect(result.added).toEqual([LONG]);
    // Indicator 21 is an exception only Part 2 shows: its stub is counted where hidden figures may be known.
    expect(result.hidden.added).toEqual([SMALL]);
    const y = parse(text);
    expect(y.month).toBe('2023-11');
    expect(Object.keys(y.indicators)).toEqual([LONG, SMALL]);
    expect(y.indicators[LONG].drafted_from).toMatchObject({ rag: 'Amber', value: '68.1%' });
    expect(y.indicators[LONG].drafted_from.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('opens the public stub with the facts Part 1 shows', async () => {
    const { text } = await draft();
    expect(parse(text).indicators[LONG].public).toBe(
      'Indicator 20, Stability of placements of children looked after – length of placement, is Amber at 68.1% (62 of 91) in November 2023 against a target of 70%, down from 69.2% in October 2023.\n\n' +
        '[Officer to add: reasons, actions and expected impact.]\n',
    );
    expect(text).toContain('public: |');
  });

  it('says nothing in the public stub of a suppressed indicator that Part 1 cannot show', async () => {
    const { text } = await draft();
    const entry = parse(text).indicators[SMALL];
    expect(entry.public).toContain('reported in Part 2 only');
    expect(entry.public).not.toMatch(/Amber|Red|\d+%|of 10/);
    expect(entry.exempt).toContain('Indicator 21 is Red at 60.0% (6 of 10) in November 2023 against a target of 70%, down from 70.0% in October 2023.');
  });
});

const EDITED_ENTRY = `  # Reviewed by the Head of Service, 12 Jan
  ${LONG}:
    drafted_from: { rag: Amber, value: "68.1%", fingerprint: "FP" }
    public: >
      Long-term placement stability has gradually decreased over this financial year,
      with two moves planned to bring brothers together.   
    exempt: "Caf\\u00e9 meeting notes"   # keep the escape
`;

describe('re-drafting', () => {
  it('never changes what a person wrote: their lines survive byte for byte, new entries are added', async () => {
    const first = await draft();
    const fp = parse(first.text).indicators[LONG].drafted_from.fingerprint;
    const edited = `# Commentary for November 2023 – edited\nmonth: "2023-11"\nindicators:\n${EDITED_ENTRY.replace('FP', fp)}\nby_exception:\n  - { indicator: ${GOOD}, public: "Visits are  at 95%." }\n`;
    await writeFile(first.path, edited);
    const again = await draft(ws(), first.path);
    expect(again.result.unchanged).toEqual([LONG]);
    expect(again.result.hidden.added).toEqual([SMALL]);
    const added = addedLines(edited, again.text);
    expect(added[0]).toBe(`  ${SMALL}:`);
    expect(added.slice(1).every((l) => l === '' || l.startsWith('    '))).toBe(true);
    const y = parse(again.text);
    expect(y.indicators[LONG].exempt).toBe('Café meeting notes');
    expect(y.by_exception).toHaveLength(1);
  });

  it('leaves the file alone when there is nothing to add', async () => {
    const first = await draft();
    const second = await draft(ws(), first.path);
    expect(second.text).toBe(first.text);
    expect(second.result).toMatchObject({ added: [], stale: [], unchanged: [LONG, SMALL] });
  });

  it('adds indicators: to a file that only has by_exception', async () => {
    const path = join(tempDir('commentary-'), '2023-11.yaml');
    const mine = `month: 2023-11\nby_exception:\n  - indicator: ${GOOD}\n    public: >-\n      Folded\n      text.\n`;
    await writeFile(path, mine);
    const { text } = await draft(ws(), path);
    expect(addedLines(mine, text)[0]).toBe('indicators:');
    expect(Object.keys(parse(text).indicators)).toEqual([LONG, SMALL]);
  });

  it('falls back to the Document API for a flow-style indicators map, keeping comments', async () => {
    const path = join(tempDir('commentary-'), '2023-11.yaml');
    await writeFile(path, '# my notes\nmonth: 2023-11\nindicators: {}\n');
    const { text } = await draft(ws(), path);
    expect(text.startsWith('# my notes\n')).toBe(true);
    expect(Object.keys(parse(text).indicators)).toEqual([LONG, SMALL]);
  });

  it('refuses a file that is not valid YAML, naming the line', async () => {
    const path = join(tempDir('commentary-'), '2023-11.yaml');
    await writeFile(path, 'month: 2023-11\nindicators:\n  a: [unclosed\n');
    const err = await draft(ws(), path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).problems[0]).toMatchObject({ file: path, severity: 'error' });
    expect((err as InputError).problems[0].line).toBeGreaterThan(0);
  });
});

/** What the build and the papers read off a drafted file: the findings of the one commentary rule. */
function findingsOf(assessed: Assessed, indicators: Record<string, CommentaryEntry>, publicExceptions = [LONG]): CommentaryFinding[] {
  return commentaryFindings({
    assessments: assessed.assessments,
    publicAssessments: publicViewFor(assessed.assessments).assessments,
    exceptions: assessed.exceptions,
    publicExceptions,
    commentary: { month: '2023-11', indicators, by_exception: [] },
  });
}

describe('stale detection (SPEC Second round › Commentary and revisions)', () => {
  it('marks an entry whose shown figures were revised stale: true, rereads it against the new figures, and keeps every word the person wrote', async () => {
    const first = await draft();
    const mine = first.text.replace(/public: \|\n(?: {6}.*\n|\n)*?(?= {4}exempt)/, 'public: |\n      My own words.\n');
    await writeFile(first.path, mine);
    const revised = await draft(ws(figures(61)), first.path);
    expect(revised.result.stale).toEqual([LONG]);
    const added = addedLinesLoose(mine, revised.text);
    expect(added.filter((l) => !l.includes('drafted_from'))).toEqual(['    stale: true']);
    const y = parse(revised.text).indicators[LONG];
    expect(y).toMatchObject({ stale: true, public: 'My own words.\n' });
    expect(y.drafted_from.fingerprint).toBe(commentaryFingerprint(revised.assessed.assessments[0]));
    expect(findingsOf(revised.assessed, parse(revised.text).indicators)).toContainEqual({ indicator: LONG, field: 'public', reason: 'stale', hidden: false });
    // Removing the mark is the review: the entry is then read against the figures it was marked on.
    delete y.stale;
    const reviewed = { ...parse(revised.text).indicators, [LONG]: y };
    expect(findingsOf(revised.assessed, reviewed).filter((f) => f.indicator === LONG && f.reason === 'stale')).toEqual([]);
  });

  it('marks an entry whose hidden figures alone changed stale: exempt, and reports it only as needing a hidden figure', async () => {
    const first = await draft();
    const hiddenChange = [...figures().filter((o) => !(o.indicator === SMALL && o.period === '2023-11')), outturn(SMALL, '2023-11', { numerator: 5, denominator: 10 })];
    const again = await draft(ws(hiddenChange), first.path);
    expect(again.result.stale).toEqual([]);
    expect(again.result.hidden.stale).toEqual([SMALL]);
    expect(parse(again.text).indicators[SMALL].stale).toBe('exempt');
    expect(parse(again.text).indicators[LONG].stale).toBeUndefined();
  });

  it('marks a flow-style entry stale inside its braces', async () => {
    const path = join(tempDir('commentary-'), '2023-11.yaml');
    const mine = `indicators:\n  ${LONG}: { drafted_from: { rag: Amber, value: "1%", fingerprint: "sha256:old" }, public: "Mine." }\n  ${SMALL}: { public: "Also mine." }\n`;
    await writeFile(path, mine);
    const { text, result, assessed } = await draft(ws(), path);
    expect(result.stale).toEqual([LONG]);
    expect(text).toBe(mine.replace(`${LONG}: {`, `${LONG}: { stale: true,`).replace('"sha256:old"', `"${commentaryFingerprint(assessed.assessments[0])}"`));
  });

  it('fingerprints the current and previous figures', () => {
    const a = assessMonth(ws(), '2023-11').assessments[0];
    const b = assessMonth(ws(figures(61)), '2023-11').assessments[0];
    const otherPrevious = assessMonth(ws([...figures().slice(1), outturn(LONG, '2023-10', { numerator: 64, denominator: 91 })]), '2023-11').assessments[0];
    expect(commentaryFingerprint(a)).toBe(commentaryFingerprint(assessMonth(ws(), '2023-11').assessments[0]));
    expect(commentaryFingerprint(b)).not.toBe(commentaryFingerprint(a));
    expect(commentaryFingerprint(otherPrevious)).not.toBe(commentaryFingerprint(a));
  });
});

describe('carry-over (SPEC Second round › Commentary and revisions)', () => {
  it("offers last month's own words, marked carried_over, and never a stub or unreviewed text", async () => {
    const october: Commentary = {
      month: '2023-10',
      indicators: {
        [LONG]: { public: 'Stability dipped after two planned moves.', exempt: `${PLACEHOLDER} x]` },
        [SMALL]: { public: 'Carried from September, never reviewed.', carried_over: '2023-09' },
      },
      by_exception: [],
    };
    const { result, text, assessed } = await draft(ws(figures(), new Map([['2023-10', october]])));
    expect(result.carriedOver).toEqual([LONG]);
    expect(result.added).toEqual([]);
    expect(result.hidden.added).toEqual([SMALL]);
    const entry = parse(text).indicators[LONG];
    expect(entry).toMatchObject({ carried_over: '2023-10', public: 'Stability dipped after two planned moves.\n' });
    expect(entry.exempt).toContain('Indicator 20 is Amber at 68.1%');
    expect(parse(text).indicators[SMALL].public).toContain(PLACEHOLDER);
    expect(findingsOf(assessed, parse(text).indicators)).toContainEqual({ indicator: LONG, field: 'public', reason: 'carried_over', hidden: false });
  });
});

describe('the commentary rule (SPEC Second round › Commentary and revisions)', () => {
  it('counts an exception with no text, or only the untouched stub, as not written', async () => {
    const { assessed, text } = await draft();
    const indicators = parse(text).indicators;
    expect(findingsOf(assessed, {})).toEqual([
      { indicator: LONG, field: 'public', reason: 'missing', hidden: false },
      { indicator: SMALL, field: 'public', reason: 'missing', hidden: true },
    ]);
    expect(findingsOf(assessed, indicators)).toEqual([
      { indicator: LONG, field: 'public', reason: 'placeholder', hidden: false },
      { indicator: LONG, field: 'exempt', reason: 'placeholder', hidden: false },
      { indicator: SMALL, field: 'public', reason: 'placeholder', hidden: true },
      { indicator: SMALL, field: 'exempt', reason: 'placeholder', hidden: true },
    ]);
    indicators[LONG].public = 'Written.';
    indicators[LONG].exempt = '';
    expect(findingsOf(assessed, indicators).filter((f) => !f.hidden)).toEqual([]);
  });

  it('asks only for some text, public or exempt, for an exception that Part 1 does not list, and says so only where hidden figures may be known', async () => {
    const { assessed } = await draft();
    const indicators: Record<string, CommentaryEntry> = { [LONG]: { public: 'Written.' }, [SMALL]: { exempt: 'Reported to members only.' } };
    expect(findingsOf(assessed, indicators, [LONG])).toEqual([]);
    expect(findingsOf(assessed, indicators, [LONG, SMALL])).toEqual([{ indicator: SMALL, field: 'public', reason: 'missing', hidden: false }]);
  });

  it('finds the same for Part 1 whatever the hidden figures are', async () => {
    const entries = (await draft()).text;
    const publicFindings = (n: number) => {
      const w = ws([...figures().filter((o) => !(o.indicator === SMALL && o.period === '2023-11')), outturn(SMALL, '2023-11', { numerator: n, denominator: 10 })]);
      return findingsOf(assessMonth(w, '2023-11'), parse(entries).indicators).filter((f) => !f.hidden);
    };
    for (const n of [1, 2, 3, 4, 6, 9]) expect(publicFindings(n)).toEqual(publicFindings(5));
  });
});

describe('stubs and warnings as members and officers read them (SPEC Second round › Commentary and revisions)', () => {
  it('formats the stub’s numbers exactly as the tables do and names the period of each figure', async () => {
    const big = [outturn(LONG, '2023-10', { numerator: 1370, denominator: 2706 }), outturn(LONG, '2023-11', { numerator: 1381, denominator: 2706 }), ...figures().slice(2)];
    const { text } = await draft(ws(big));
    const entry = parse(text).indicators[LONG];
    expect(entry.public).toMatch(/ is (Amber|Red) at 51\.0% \(1,381 of 2,706\) in November 2023 against a target of 70%, up from 50\.6% in October 2023\.\n/);
    expect(entry.exempt).toContain('(1,381 of 2,706) in November 2023');
  });

  it('reads an entry drafted before Part 1’s own digest was kept against the figures Part 1 shows', async () => {
    const { assessed } = await draft();
    const long = assessed.assessments.find((a) => a.indicator.id === LONG)!;
    const entry = (fingerprint: string): Record<string, CommentaryEntry> => ({
      [LONG]: { drafted_from: { rag: 'Amber', value: '68.1%', fingerprint }, public: 'Written.', exempt: 'Also written.' },
      [SMALL]: { public: 'Written.' },
    });
    expect(findingsOf(assessed, entry(commentaryFingerprint(long)))).toEqual([]);
    expect(findingsOf(assessed, entry('sha256:older'))).toContainEqual({ indicator: LONG, field: 'public', reason: 'stale', hidden: false });
  });

  it('says once, in one line, which indicators have no commentary, however many there are', async () => {
    const w = ws();
    const assessed = assessMonth(w, '2023-11');
    const publicView = { ...publicViewFor(assessed.assessments), exceptions: [LONG, SMALL] };
    const { problems, exempt } = checkCommentary({ ws: w, month: '2023-11', assessed, publicView, commentary: undefined });
    expect(problems.map((p) => p.message)).toEqual(['Indicators 20 and 21 have no commentary; the papers say "Commentary to follow."']);
    expect(exempt).toEqual([]);
    // An exception only Part 2 shows is reported where hidden figures may be known, never with the public warnings.
    const onlyPart2 = checkCommentary({ ws: w, month: '2023-11', assessed, publicView: publicViewFor(assessed.assessments), commentary: undefined });
    expect(onlyPart2.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Indicator 20 \(.*\) has no commentary/)]);
    expect(onlyPart2.exempt.map((p) => p.message)).toEqual([expect.stringMatching(/^Indicator 21 \(.*\) has no commentary/)]);
  });

  it('writes three or more indicators numbered in a row as a range, so a large workspace gets a short line', async () => {
    const missing = (numbers: [number, number, number]) => {
      // All three below expectation: indicator 22's visits too.
      const w = ws([...figures().filter((o) => o.indicator !== GOOD), outturn(GOOD, '2023-11', { numerator: 5, denominator: 100 })]);
      w.catalogue.indicators.forEach((ind, i) => (ind.number = numbers[i]));
      const assessed = assessMonth(w, '2023-11');
      const publicView = { ...publicViewFor(assessed.assessments), exceptions: [LONG, SMALL, GOOD] };
      return checkCommentary({ ws: w, month: '2023-11', assessed, publicView, commentary: undefined }).problems.map((p) => p.message.replace(/ have no commentary.*/, ''));
    };
    expect(missing([20, 21, 22])).toEqual(['Indicators 20–22']);
    expect(missing([20, 21, 24])).toEqual(['Indicators 20, 21 and 24']);
    expect(missing([3, 20, 21])).toEqual(['Indicators 3, 20 and 21']);
  });
});
