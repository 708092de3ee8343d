import type { DisclosureRules } from '../types.js';

const NUMBER_WORDS = [
  'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten',
  'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty',
];

const PEOPLE = [
  'child', 'children', 'young (?:people|person)', 'people', 'persons?', 'care leavers?', 'famil(?:y|ies)',
  'bab(?:y|ies)', 'infants?', 'boys?', 'girls?', 'pupils?', 'students?', 'learners?', 'teenagers?',
  'adolescents?', 'siblings?', 'parents?', 'carers?', 'mothers?', 'fathers?', 'individuals?', 'residents?',
  'adopters?', 'foster carers?', 'unaccompanied asylum[- ]seeking children', 'cases?', 'referrals?',
];

/**
 * A number from 1 to the threshold next to a word for people ("3 young people", "three children",
 * "2 care leavers"), allowing up to two words between ("4 looked after children", "two of the children").
 * Free text can give away what the tables hide, so each match is a warning for the author.
 */
export function lintPublicText(text: string, rules: DisclosureRules): { match: string; index: number }[] {
  const T = rules.threshold;
  const digits = Array.from({ length: T }, (_, i) => String(i + 1));
  const words = NUMBER_WORDS.slice(0, Math.min(T, NUMBER_WORDS.length));
  const number = [...digits.sort((a, b) => b.length - a.length), ...words].join('|');
  // Not part of a larger number, a decimal or a date: "15 children" and "2.5 years" are not small counts.
  const re = new RegExp(`(?<![\\w.,/-])(?:${number})(?![\\w.,%/-])\\s+(?:[a-z'-]+\\s+){0,2}?(?:${PEOPLE.join('|')})\\b`, 'gi');
  return [...text.matchAll(re)].map((m) => ({ match: m[0], index: m.index ?? 0 }));
}
