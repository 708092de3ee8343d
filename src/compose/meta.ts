import { monthName } from '../format.js';
import type { PaperContext } from './index.js';
import type { PaperModel } from './model.js';

/** A finished PDF's document information (Info dictionary and XMP). */
export interface PdfMeta {
  title: string;
  author: string;
  subject: string;
  keywords: string[];
  lang: string;
  /** Fixed (the meeting date), so the same inputs give the same bytes. */
  date: Date;
}

/** The PDF's metadata, with the same title and language as the paper's own HTML head. */
export function pdfMeta(ctx: PaperContext, model: PaperModel): PdfMeta {
  const { config, month } = ctx;
  return {
    title: model.documentTitle,
    author: config.authority,
    subject: `${config.title}: performance as at the end of ${monthName(month)}, for the ${config.committee}`,
    keywords: [config.dataset, 'performance', 'scrutiny', monthName(month), config.authority],
    lang: model.lang,
    date: new Date(`${config.meetings[month].date}T00:00:00Z`),
  };
}
