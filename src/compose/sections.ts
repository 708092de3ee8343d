import type { Commentary, CommentaryEntry, Person } from '../types.js';
import { printable, textState, type Staleness, type TextState } from '../commentary/rule.js';
import { longDate, monthName } from '../format.js';
import type { CommentaryItem, Cover, CoverPerson, Paragraph, PaperPart, PaperSection } from './model.js';
import type { IndicatorView } from './views.js';
import type { PaperContext } from './index.js';
import { fillPlaceholders, placeholderValues } from '../load/placeholders.js';
import { COMMENTARY_TO_FOLLOW, HEADINGS, PART_WORDS, exceptionsLead, indicatorHeading } from './words.js';

/** The commentary a part prints in section 3, and what closes it. */
export interface CommentaryPlan {
  exceptions: CommentaryItem[];
  byException: CommentaryItem[];
  closing: string[];
  /** Whether some headline is hidden in this part, so "none below expectation" says "of those shown". */
  someHidden: boolean;
}

export function fill(ctx: PaperContext, text: string): string {
  return fillPlaceholders(text, placeholderValues(ctx.config, ctx.month, ctx.part ?? 'public'));
}

function present(text: string | undefined | null): text is string {
  return typeof text === 'string' && text.trim() !== '';
}

function section(id: string, heading: string, paragraphs: Paragraph[]): PaperSection {
  return { id, heading, paragraphs, exceptions: [], byException: [], closing: [] };
}

function numbered(ctx: PaperContext, prefix: number, texts: (string | undefined)[]): Paragraph[] {
  return texts.filter(present).map((t, i) => ({ number: `${prefix}.${i + 1}`, text: fill(ctx, t) }));
}

function person(p: Person): CoverPerson {
  return { name: p.name, role: p.role, phone: p.phone ?? null, email: p.email ?? null };
}

export function cover(ctx: PaperContext, part: PaperPart): Cover {
  const { config, month } = ctx;
  // Loading the workspace for this month checked that it has a meeting (load/config.ts).
  const meeting = config.meetings[month];
  return {
    reportNumber: meeting.report_number,
    authority: config.authority,
    logo: config.logoDataUri ?? null,
    partLabel: PART_WORDS[part].coverLabel,
    decisionMaker: config.committee,
    date: longDate(meeting.date),
    decisionType: config.decision_type,
    title: fill(ctx, config.title),
    contactOfficer: person(config.contact_officer),
    chiefOfficer: person(config.chief_officer),
    ward: config.ward,
  };
}

/** The cover sheet's sections, then section 3 (the commentary), then the implications and background. */
export function sections(ctx: PaperContext, plan: CommentaryPlan): PaperSection[] {
  const s = ctx.config.sections;
  const out: PaperSection[] = [];
  const unnumbered = (text: string): Paragraph[] => [{ number: null, text: fill(ctx, text) }];
  if (present(s.reason)) out.push(section('reason', HEADINGS.reason, numbered(ctx, 1, [s.reason])));
  const recommendations = numbered(ctx, 2, s.recommendations ?? []);
  if (recommendations.length > 0) out.push(section('recommendations', HEADINGS.recommendations, recommendations));
  for (const [key, heading] of HEADINGS.coverSheet) {
    const text = s[key];
    if (present(text)) out.push(section(key.replace(/_/g, '-'), heading, unnumbered(text)));
  }
  const intro = numbered(ctx, 3, s.commentary_intro ?? []);
  const lead = exceptionsLead({ monthName: monthName(ctx.month), dataset: ctx.config.dataset, any: plan.exceptions.length > 0, someHidden: plan.someHidden });
  let next = intro.length + 1;
  const commentary = section('commentary', HEADINGS.commentary, [...intro, { number: `3.${next++}`, text: lead }]);
  commentary.exceptions = plan.exceptions;
  commentary.byException = plan.byException;
  commentary.closing = plan.closing.map((text) => ({ number: `3.${next++}`, text }));
  out.push(commentary);
  (s.implications ?? []).forEach((imp, i) => {
    const paragraphs = numbered(ctx, 4 + i, imp.paragraphs);
    if (paragraphs.length > 0) out.push(section(`implications-${i + 1}`, `${4 + i}. ${imp.heading}`, paragraphs));
  });
  if (present(s.non_applicable_headings)) out.push(section('non-applicable-headings', HEADINGS.nonApplicable, unnumbered(s.non_applicable_headings)));
  if (present(s.background_documents)) out.push(section('background-documents', HEADINGS.background, unnumbered(s.background_documents)));
  return out;
}

/**
 * One item of section 3 under the commentary rule: text a person has not yet made their own
 * (a stub, carried-over or stale text) is not printed, and the item says "Commentary to follow.".
 */
function commentaryItem(view: IndicatorView, entry: CommentaryEntry | undefined, part: PaperPart, staleness: Staleness): CommentaryItem {
  const rag = view.rag.key !== 'suppressed' ? view.rag : null;
  const pub = textState(entry, 'public', part, staleness);
  const exempt: TextState = part === 'exempt' ? textState(entry, 'exempt', part, staleness) : { empty: true };
  const pending = 'pending' in pub || 'pending' in exempt || ('empty' in pub && 'empty' in exempt);
  return { heading: indicatorHeading(view.indicator, rag), rag, publicText: printable(pub), exemptText: printable(exempt), placeholder: pending ? COMMENTARY_TO_FOLLOW : null };
}

/** Section 3's items for a part: each exception, then the by-exception reports that have text for it. */
export function commentaryItems(
  views: Map<string, IndicatorView>,
  exceptionIds: string[],
  commentary: Commentary | undefined,
  part: PaperPart,
  stalenessOf: (id: string, entry: CommentaryEntry | undefined) => Staleness,
): Pick<CommentaryPlan, 'exceptions' | 'byException'> {
  const exceptions = exceptionIds
    .map((id) => views.get(id))
    .filter((v): v is IndicatorView => v !== undefined)
    .map((v) => {
      const entry = commentary?.indicators[v.indicator.id];
      return commentaryItem(v, entry, part, stalenessOf(v.indicator.id, entry));
    });
  const byException = (commentary?.by_exception ?? [])
    .filter((e) => !exceptionIds.includes(e.indicator) && views.has(e.indicator))
    .map((e) => commentaryItem(views.get(e.indicator) as IndicatorView, e, part, { shownChanged: false, anyChanged: false }))
    // A by-exception report is optional: one with nothing printable is left out, not announced.
    .filter((item) => item.publicText !== null || item.exemptText !== null)
    .map((item) => ({ ...item, placeholder: null }));
  return { exceptions, byException };
}
