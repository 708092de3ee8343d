// `validate` of a workspace with a generated 1,000,000-row outturns extract (200 indicators ×
// 60 months × 84 rows, breakdowns included), through the same validate() the CLI calls, in a
// process of its own; prints seconds and peak RSS.
// Build first: npm run build
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { validate } from '../dist/commands/validate.js';

const INDICATORS = 200;
const MONTHS = 60;
// One headline row plus 83 category rows over three breakdowns: 84 rows per indicator-month.
const BREAKDOWNS = [
  ['age_band', 21],
  ['ethnicity', 31],
  ['locality', 31],
];

function catalogue() {
  const indicators = [];
  for (let i = 0; i < INDICATORS; i++) {
    indicators.push({
      id: `ind-${i}`, number: i + 1, title: `Indicator ${i + 1}`, section: 's', definition: 'd', why_important: 'w',
      unit: 'percent', decimals: 1, frequency: 'monthly', basis: 'snapshot', polarity: 'higher_is_better', target: 70,
      rag: { tolerance: 5 }, benchmarks: [], breakdowns: BREAKDOWNS.map(([b]) => b), disclosure: { suppress: true },
    });
  }
  return { sections: [{ id: 's', title: 'Section' }], indicators };
}

function month(n) {
  const y = 2019 + Math.floor(n / 12);
  return `${y}-${String((n % 12) + 1).padStart(2, '0')}`;
}

async function generate(file) {
  const out = createWriteStream(file);
  let rows = 0;
  let chunk = 'indicator,period,numerator,denominator,value,breakdown,category,note\r\n';
  for (let i = 0; i < INDICATORS; i++) {
    for (let m = 0; m < MONTHS; m++) {
      const period = month(m);
      const ages = Array.from({ length: BREAKDOWNS[0][1] }, (_, c) => [1 + ((i + m + c) % 7), 10 + ((i * m + c) % 5)]);
      const num = ages.reduce((s, a) => s + a[0], 0);
      const den = ages.reduce((s, a) => s + a[1], 0);
      const parts = ages.map(([n, d], c) => ['age_band', `age_band-${c}`, n, d]);
      // The other breakdowns share the same totals out evenly, so every breakdown adds up to the headline.
      const share = (total, k, c) => Math.floor(total / k) + (c < total % k ? 1 : 0);
      for (const [b, k] of BREAKDOWNS.slice(1)) for (let c = 0; c < k; c++) parts.push([b, `${b}-${c}`, share(num, k, c), share(den, k, c)]);
      chunk += `ind-${i},${period},${num},${den},,,,\r\n`;
      rows++;
      for (const [b, c, n, d] of parts) {
        chunk += `ind-${i},${period},${n},${d},,${b},${c},\r\n`;
        rows++;
      }
    }
    if (!out.write(chunk)) await once(out, 'drain');
    chunk = '';
  }
  out.end();
  await once(out, 'finish');
  return rows;
}

/** Writes the million-row workspace into `dir` (meeting: 2023-11); returns the number of rows. */
export async function makeMillionWorkspace(dir) {
  await copyFile(new URL('../fixtures/minimal/scrutiny.yaml', import.meta.url), join(dir, 'scrutiny.yaml'));
  await writeFile(join(dir, 'catalogue.yaml'), stringify(catalogue()));
  return generate(join(dir, 'outturns.csv'));
}

export async function run() {
  const dir = await mkdtemp(join(tmpdir(), 'scrutiny-bench-'));
  try {
    const generated = await makeMillionWorkspace(dir);
    const start = process.hrtime.bigint();
    const result = await validate({ workspace: dir });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (!result.ok || result.warnings.length > 0) {
      throw new Error(`expected ${generated} clean rows, got: ${[...result.problems, ...result.warnings][0]}`);
    }
    return { seconds, peakMB: process.resourceUsage().maxRSS / 1024, rows: generated };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await run();
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else console.log(`validate-million: ${result.rows} rows in ${result.seconds.toFixed(2)} s, peak RSS ${result.peakMB.toFixed(0)} MB`);
}
