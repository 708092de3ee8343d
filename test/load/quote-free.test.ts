// SPEC "Second round" › Extracts and spreadsheets: an extract is read as CSV (RFC 4180). A text
// with no quote and one kind of line break is split on its line breaks and commas instead of
// going through csv-parse (six times faster on a million rows); these properties hold the two to
// the same records on the same lines, and send everything else to csv-parse.
import { Readable } from 'node:stream';
import { Parser } from 'csv-parse';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkOutturns, checkOutturnsData, OutturnChecker, quoteFreeLineBreak, quoteFreeRecords } from '../../src/load/outturns.js';
import { ProblemSink } from '../../src/load/problems.js';
import { sampleWorkspaceDir } from '../../src/paths.js';
import { loadOrThrow } from '../../src/load/index.js';

/** csv-parse with RecordParser's options: each record and the line it is on. */
async function csvParse(text: string): Promise<[string[], number][]> {
  const out: [string[], number][] = [];
  const parser = new Parser({ bom: true, relax_column_count: true, skip_empty_lines: true, info: true });
  parser.on('data', (r: { record: string[]; info: { lines: number } }) => out.push([r.record, r.info.lines]));
  await new Promise<void>((resolve, reject) => {
    parser.on('end', resolve);
    parser.on('error', reject);
    parser.end(Buffer.from(text, 'utf8'));
  });
  return out;
}

/** Random lines of fields without quotes: text, spaces, tabs, empty fields, empty and blank lines, other Unicode breaks. */
const quoteFreeText = (lineBreak: '\n' | '\r\n') =>
  fc
    .tuple(
      fc.boolean(),
      fc.array(fc.array(fc.stringMatching(/^[a-z0-9 \t\u00e9\u2028\u0085\f\v.;-]{0,6}$/), { minLength: 0, maxLength: 5 }), { maxLength: 12 }),
      fc.boolean(),
    )
    .map(([bom, rows, last]) => (bom ? '\uFEFF' : '') + rows.map((r) => r.join(',')).join(lineBreak) + (last ? lineBreak : ''));

describe('quote-free extracts', () => {
  for (const lineBreak of ['\n', '\r\n'] as const) {
    it(`are split into the records csv-parse reads, on the same lines (${JSON.stringify(lineBreak)})`, async () => {
      await fc.assert(
        fc.asyncProperty(quoteFreeText(lineBreak), async (text) => {
          const bytes = Buffer.from(text, 'utf8');
          expect(quoteFreeLineBreak(bytes)).toBe(text.includes('\r') ? lineBreak : '\n');
          expect([...quoteFreeRecords(bytes, quoteFreeLineBreak(bytes)!)]).toEqual(await csvParse(text));
        }),
        { numRuns: 400 },
      );
    });
  }

  it('go to csv-parse when they hold a quote or more than one kind of line break', () => {
    expect(quoteFreeLineBreak(Buffer.from('a,"b,c"\n1,2\n'))).toBeUndefined();
    expect(quoteFreeLineBreak(Buffer.from('a,b\r\n1,2\n'))).toBeUndefined();
    expect(quoteFreeLineBreak(Buffer.from('a,b\r1,2\r'))).toBeUndefined();
    expect(quoteFreeLineBreak(Buffer.from('a,b\r\n1,2\r\n'))).toBe('\r\n');
    expect(quoteFreeLineBreak(Buffer.from('a,b\n1,2'))).toBe('\n');
  });

  it('give the same problems, on the same lines, as the same extract read by csv-parse', async () => {
    const { workspace } = await loadOrThrow(sampleWorkspaceDir, true);
    const header = 'indicator,period,numerator,denominator,value,breakdown,category,note';
    const rows = [
      header,
      '',
      'eh-open-children,2023-11,1040,,,,,',
      'eh-open-children,2023-11,1040,,,,,',
      'nope,2023-11,1,,,,,',
      'eh-open-children,2023-13,1,,,,,',
      'eh-open-children,2023-10,abc,,,,,',
      '   ',
      ',,,',
      'eh-open-children,2023-09,5,4,,,,a long note that is longer than thirteen characters,field',
    ];
    for (const lineBreak of ['\n', '\r\n']) {
      const text = rows.join(lineBreak) + lineBreak;
      const run = async (read: (c: OutturnChecker, s: ProblemSink) => Promise<void>) => {
        const sink = new ProblemSink();
        const checker = new OutturnChecker(workspace.catalogue, 'outturns.csv', sink, true, {});
        await read(checker, sink);
        return { problems: [...sink.errors(), ...sink.warnings()], rows: checker.rows };
      };
      const split = await run((c, s) => checkOutturnsData(Buffer.from(text), c, 'outturns.csv', s));
      const parsed = await run((c, s) => checkOutturns(Readable.from([Buffer.from(text)]), c, 'outturns.csv', s));
      expect(split.problems.map((p) => p.line)).toEqual([4, 6, 7, 10]);
      expect(split.rows?.length).toBe(2);
      expect(split).toEqual(parsed);
    }
  });
});
