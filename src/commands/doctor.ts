import { createRequire } from 'node:module';
import { describeBrowserLookup, findBrowser } from '../print/browser.js';
import { packageRoot, toolVersion } from '../paths.js';

/**
 * `scrutiny-report doctor`: which browser would be used and why, and the versions that matter.
 * Lines go to `say` as they are known, so a failure still shows what was tried.
 */
export async function doctor(opts: { browser?: string } = {}, say: (line: string) => void = () => {}): Promise<string[]> {
  const require = createRequire(`${packageRoot}/package.json`);
  const lines = [
    `scrutiny-report ${toolVersion}`,
    `Node.js ${process.version} on ${process.platform}-${process.arch}`,
    `puppeteer-core ${require('puppeteer-core/package.json').version}`,
    'Browser lookup (first match wins):',
    ...describeBrowserLookup({ flag: opts.browser }).map((l) => `  ${l}`),
  ];
  lines.forEach((l) => say(l));
  const choice = findBrowser({ flag: opts.browser });
  const { openPrinter } = await import('../print/printer.js');
  const printer = await openPrinter(choice, { concurrency: 1 });
  try {
    const ok = `✔ using ${choice.path} (${choice.source}): ${await printer.browserVersion()}`;
    lines.push(ok);
    say(ok);
  } finally {
    await printer.close();
  }
  return lines;
}
