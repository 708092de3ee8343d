import type { Month } from '../types.js';

/** The file name stem from `dataset`: "Children's Scrutiny Dataset" → "childrens-scrutiny-dataset". */
export function fileStem(dataset: string): string {
  return dataset
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** SPEC "Outputs": every file's name inside out/<month>/. */
export function outputNames(dataset: string, month: Month) {
  const stem = `${fileStem(dataset)}-${month}`;
  return {
    publicPdf: `${stem}-part-1-public.pdf`,
    publicHtml: `${stem}-part-1-public.html`,
    publicCsv: `${stem}-part-1-figures.csv`,
    exemptPdf: `${stem}-part-2-exempt.pdf`,
    disclosureLog: 'disclosure-log.csv',
  };
}
