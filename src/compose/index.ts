import type { Assessed } from '../assess/types.js';
import type { Disclosed, PublicView } from '../disclose/types.js';
import type { Catalogue, Commentary, CommentaryEntry, Config, LedgerRow, Month } from '../types.js';
import { exemptStaleness, publicStaleness } from '../commentary/rule.js';
import { monthName } from '../format.js';
import type { PaperModel, PaperPart } from './model.js';
import { fromAssessment, fromPublic, type IndicatorView } from './views.js';
import { commentaryItems, cover, sections, type CommentaryPlan } from './sections.js';
import { performanceIndex } from './performance-index.js';
import { suppressionAppendix } from './appendix.js';
import { sampleBannerText } from '../load/sample.js';
import { PART_WORDS, SAMPLE_NOTICE, SUPPRESSION_SENTENCE, exemptNotice, revisedFootnote } from './words.js';
import { REVISED_MARK, revisionOf, type RevisionOf } from '../revisions.js';

export type * from './model.js';
export { SAMPLE_NOTICE, SUPPRESSION_SENTENCE } from './words.js';

export interface PaperContext {
  config: Config;
  catalogue: Catalogue;
  month: Month;
  isSample: boolean;
  /** The recorded ledgers (published/), by month: a figure differing from its month's is marked [r]. */
  ledgers: ReadonlyMap<Month, readonly LedgerRow[]>;
  /** The part being composed: chooses its fixed text and fills {{part}}. */
  part?: PaperPart;
}

function sampleFields(detail: string | null): Pick<PaperModel, 'sampleNotice' | 'sampleDetail'> {
  return { sampleNotice: detail === null ? null : SAMPLE_NOTICE, sampleDetail: detail };
}

/** The ledgers' lookup, remembering whether this part marked any figure (then the footnote explains [r]). */
function watched(ctx: PaperContext): { of: RevisionOf; any: () => boolean } {
  const base = revisionOf(ctx.ledgers);
  let any = false;
  return {
    of: (ref, now) => {
      const was = base(ref, now);
      if (was !== null) any = true;
      return was;
    },
    any: () => any,
  };
}

function baseModel(whole: PaperContext, part: PaperPart, views: IndicatorView[], commentaryPlan: CommentaryPlan, anyRevised: boolean): PaperModel {
  const sectionsOfPart = part === 'exempt' ? (whole.config.sectionsPart2 ?? whole.config.sections) : whole.config.sections;
  const ctx: PaperContext = { ...whole, part, config: { ...whole.config, sections: sectionsOfPart } };
  const c = cover(ctx, part);
  const partName = PART_WORDS[part].name;
  const notice = part === 'exempt' ? exemptNotice(ctx.config.exempt_paragraphs) : null;
  return {
    part,
    lang: 'en-GB',
    documentTitle: `${ctx.config.dataset} – ${monthName(ctx.month)} – ${partName}`,
    runningHeader: notice ?? `${ctx.config.authority} – ${c.reportNumber} – ${partName}`,
    exemptNotice: notice,
    ...sampleFields(sampleBannerText(ctx.config, ctx.isSample)),
    cover: c,
    sections: sections(ctx, commentaryPlan),
    index: { ...performanceIndex(ctx, part, views), footnotes: anyRevised ? [revisedFootnote(REVISED_MARK, part)] : [] },
    suppressions: null,
  };
}

/** Part 1: built from the suppressed view and the public commentary only, so it cannot show a hidden figure. */
export function composePublic(ctx: PaperContext, view: PublicView, commentary: Commentary | undefined): PaperModel {
  const revised = watched(ctx);
  const views = view.assessments.map((a) => fromPublic(a, ctx.config.disclosure.symbols, revised.of));
  const byId = new Map(views.map((v) => [v.indicator.id, v]));
  const shown = new Map(view.assessments.map((p) => [p.indicator.id, p]));
  return baseModel(ctx, 'public', views, {
    ...commentaryItems(byId, view.exceptions, commentary, 'public', (id, entry) => publicStaleness(entry, shown.get(id))),
    closing: view.anyHeadlineSuppressed ? [SUPPRESSION_SENTENCE] : [],
    someHidden: view.anyHeadlineSuppressed,
  }, revised.any());
}

/** Part 2: every figure, the exempt commentary, and what Part 1 suppressed and why. */
export function composeExempt(ctx: PaperContext, assessed: Assessed, disclosed: Disclosed, commentary: Commentary | undefined): PaperModel {
  const revised = watched(ctx);
  const views = assessed.assessments.map((a) => fromAssessment(a, ctx.config.disclosure, revised.of));
  const byId = new Map(views.map((v) => [v.indicator.id, v]));
  const shown = new Map(disclosed.public.assessments.map((p) => [p.indicator.id, p]));
  const all = new Map(assessed.assessments.map((a) => [a.indicator.id, a]));
  const staleness = (id: string, entry: CommentaryEntry | undefined) => exemptStaleness(entry, shown.get(id), all.get(id)!);
  const model = baseModel(ctx, 'exempt', views, { ...commentaryItems(byId, assessed.exceptions, commentary, 'exempt', staleness), closing: [], someHidden: false }, revised.any());
  model.suppressions = suppressionAppendix(ctx, disclosed);
  return model;
}
