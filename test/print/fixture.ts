import type { PdfMeta } from '../../src/print/postprocess.js';

export const meta: PdfMeta = {
  title: 'Scrutiny Committee Performance Report – November 2023 (Part 1)',
  author: 'Children’s Services Performance Team',
  subject: 'Children’s services indicator outturns for November 2023',
  keywords: ['children’s services', 'scrutiny', 'performance'],
  lang: 'en-GB',
  date: new Date(Date.UTC(2023, 11, 12)),
};

/** A small self-contained report: headings, a table with header scopes, a chart, a running footer. */
export function reportHtml(extra = ''): string {
  return `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>${meta.title}</title>
<style>
  @page { size: A4; margin: 20mm 15mm; @bottom-center { content: "Page " counter(page) " of " counter(pages); } }
  body { font-family: sans-serif; }
  .red { background: #c00; color: #fff; }
  h2 { break-before: page; }
</style></head>
<body>
<h1>Scrutiny Committee Performance Report</h1>
<p>Outturns for November 2023.</p>
<h2>Section 1: Early help</h2>
<table><caption>Indicator table</caption>
<thead><tr><th scope="col">Indicator</th><th scope="col">Value</th></tr></thead>
<tbody><tr><th scope="row">Re-referrals within 12 months</th><td class="red">23.4%</td></tr></tbody>
</table>
<svg role="img" aria-labelledby="t1" width="200" height="100" viewBox="0 0 200 100">
  <title id="t1">Monthly trend for re-referrals</title>
  <rect x="10" y="40" width="30" height="60" fill="#36c"/><rect x="60" y="20" width="30" height="80" fill="#36c"/>
</svg>
<h2>Section 2: Children in care</h2>
<p>Placement stability remained steady.</p>
${extra}
</body></html>`;
}
