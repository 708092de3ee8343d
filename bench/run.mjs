// `npm run bench`: medians over several runs, and ratios against baselines measured in the
// same run on the same machine, so the figures mean the same on a laptop and in CI.
// Not a test: it prints figures and the goals from issue 8; it never fails on timing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = join(root, 'bin', 'scrutiny-report.js');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const month = '2023-11';

const { build } = await import(join(root, 'dist', 'index.js'));
const { prepareMonth } = await import(join(root, 'dist', 'build.js'));
const { loadOrThrow } = await import(join(root, 'dist', 'load', 'index.js'));
const { findBrowser } = await import(join(root, 'dist', 'print', 'browser.js'));
const { sampleWorkspaceDir } = await import(join(root, 'dist', 'paths.js'));
const puppeteer = (await import('puppeteer-core')).default;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const time = async (fn) => {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
};
const fresh = () => mkdtempSync(join(tmpdir(), 'scrutiny-bench-'));
const cli = (args, cwd) => {
  const t = performance.now();
  execFileSync(process.execPath, [bin, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  return (performance.now() - t) / 1000;
};
const results = [];
const report = (name, figure, goal, met) => {
  results.push({ name, figure, goal, met });
  console.log(`${met ? '✔' : '✖'} ${name}: ${figure}  (goal: ${goal})`);
};

// 1. A full sample build against the floor: launch Chromium and print the same two HTML
//    documents with puppeteer directly.
const { workspace, warnings } = await loadOrThrow(sampleWorkspaceDir, true);
const prepared = await prepareMonth(workspace, month, ['public', 'exempt'], false, warnings);
const browserPath = findBrowser().path;
async function floor() {
  const browser = await puppeteer.launch({
    executablePath: browserPath,
    headless: true,
    userDataDir: mkdtempSync(join(tmpdir(), 'scrutiny-floor-')),
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  await Promise.all(
    [prepared.html.public, prepared.html.exempt].map(async (html) => {
      const page = await browser.newPage();
      await page.setJavaScriptEnabled(false);
      await page.setContent(html, { waitUntil: 'load' });
      await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, tagged: true, outline: true });
      await page.close();
    }),
  );
  await browser.close();
}
const floorTimes = [];
const buildTimes = [];
await floor(); // warm the file cache for both
for (let i = 0; i < runs; i++) {
  floorTimes.push(await time(floor));
  const out = fresh();
  buildTimes.push(await time(() => build({ month, cwd: out, out: 'out' })));
  rmSync(out, { recursive: true, force: true });
}
const f = median(floorTimes);
const b = median(buildTimes);
console.log(`  floor (launch + print both, puppeteer directly): median ${f.toFixed(2)} s over ${runs}`);
console.log(`  scrutiny-report build (both parts, in-process):  median ${b.toFixed(2)} s over ${runs}`);
report('full build / floor', `${(b / f).toFixed(2)}×`, '≤ 1.25×', b / f <= 1.25);

// 2. A 12-month batch against 12 single-month builds in a loop (the CLI, as a user would run them).
const batchRuns = Math.max(1, Math.ceil(runs / 2));
const batchTimes = [];
const loopTimes = [];
for (let i = 0; i < batchRuns; i++) {
  const out = fresh();
  batchTimes.push(cli(['build', '--from', '2023-04', '--to', '2024-03', '--out', 'out'], out));
  let loop = 0;
  for (let m = 4; m <= 15; m++) {
    const mm = m <= 12 ? `2023-${String(m).padStart(2, '0')}` : `2024-${String(m - 12).padStart(2, '0')}`;
    loop += cli(['build', '--month', mm, '--out', 'loop'], out);
  }
  loopTimes.push(loop);
  rmSync(out, { recursive: true, force: true });
}
const bt = median(batchTimes);
const lt = median(loopTimes);
console.log(`  batch --from 2023-04 --to 2024-03: median ${bt.toFixed(1)} s; 12 single builds: median ${lt.toFixed(1)} s (over ${batchRuns})`);
report('12-month batch / 12 single builds', `${(bt / lt).toFixed(2)}`, '≤ 0.35', bt / lt <= 0.35);

// 3. Validating a 1,000,000-row extract, in a process of its own so its peak memory is its own.
const million = spawnSync(process.execPath, [join(root, 'bench', 'validate-million.mjs'), '--json'], { encoding: 'utf8' });
if (million.status !== 0) {
  console.log(million.stderr);
  report('validate 1,000,000 rows', 'failed', '< 5 s, < 512 MB', false);
} else {
  const m = JSON.parse(million.stdout.trim().split('\n').pop());
  report('validate 1,000,000 rows: time', `${m.seconds.toFixed(2)} s (${m.rows} rows)`, '< 5 s', m.seconds < 5);
  report('validate 1,000,000 rows: peak memory', `${m.peakMB.toFixed(0)} MB`, '< 512 MB', m.peakMB < 512);
}

// 4. `validate` of the sample, the whole command as a user runs it (Node start-up included).
const empty = fresh();
const validateTimes = [];
for (let i = 0; i < Math.max(5, runs); i++) validateTimes.push(cli(['validate'], empty));
const v = median(validateTimes);
report('validate of the sample (CLI)', `${v.toFixed(2)} s`, '< 0.5 s', v < 0.5);

console.log(`\n${results.filter((r) => r.met).length} of ${results.length} goals met`);
