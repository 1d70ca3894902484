import { MAX_TERMS, searchWords } from './query.js';

export const LOG_WORDS_MAX = 100;

// Phone numbers, file or health-card numbers: six digits or more in a row (spaces, dots, dashes between) say who, not what.
const DIGIT_RUN = /\d[\d\s.-]*\d/g;
const identifyingNumber = (text: string) =>
  (text.match(DIGIT_RUN) ?? []).some((run) => run.replace(/\D/g, '').length >= 6);

/**
 * The form in which a query is logged (decision 078): its words folded as the index reads them, at most
 * MAX_TERMS of them. Null when there is nothing to log or the text looks like it names someone reachable
 * (an e-mail address, a long number): those are never written down.
 */
export function searchLogWords(text: string): string | null {
  if (text.includes('@') || identifyingNumber(text)) return null;
  const words = searchWords(text).slice(0, MAX_TERMS).join(' ').slice(0, LOG_WORDS_MAX).trim();
  return words === '' ? null : words;
}
