/**
 * What a hurried intervenant's words mean beyond matching text (decision 085): an age (« 17 ans »,
 * « 12-17 ans », « ado », « mineur », « aîné ») becomes a constraint on the organisations' age ranges,
 * an urgency (« ce soir », « urgence », « 24/7 ») a preference for the entries flagged urgence/24-7.
 */

export interface AgeRange {
  min: number;
  max: number;
}

export interface UnderstoodPhrase {
  /** The words as typed, removed from the text searched. */
  phrase: string;
  /** What the chip says (« 17 ans », « ado : 12 à 17 ans »). */
  label: string;
}

export interface QueryUnderstanding {
  age: (AgeRange & UnderstoodPhrase) | null;
  urgent: UnderstoodPhrase | null;
  /** The query without the understood phrases: what is matched as words. */
  rest: string;
}

// Letters and digits on either side would make the phrase part of another word ("pizza17ans", "adorable").
const BEFORE = '(?<![\\p{L}\\p{N}])';
const AFTER = '(?![\\p{L}\\p{N}])';
const phrase = (body: string) => new RegExp(`${BEFORE}(?:${body})${AFTER}`, 'iu');

const OLDEST = 120;

const AGE_PATTERNS: { pattern: RegExp; range: (match: RegExpExecArray) => AgeRange | null; label: string | null }[] = [
  {
    // « 12-17 ans », « 12 à 17 ans », « de 12 à 17 ans »
    pattern: phrase('(?:de\\s+)?(\\d{1,3})\\s*(?:-|–|à|a|au)\\s*(\\d{1,3})\\s*ans?'),
    range: (m) => ordered(Number(m[1]), Number(m[2])),
    label: null,
  },
  { pattern: phrase('(\\d{1,3})\\s*ans?(?:\\s+et\\s+plus)?'), range: (m) => single(m, m[0]), label: null },
  { pattern: phrase('ados?|adolescent(?:e|s|es)?'), range: () => ({ min: 12, max: 17 }), label: '12 à 17 ans' },
  { pattern: phrase('mineur(?:e|s|es)?'), range: () => ({ min: 0, max: 17 }), label: 'moins de 18 ans' },
  {
    pattern: phrase('a[iî]n[ée](?:e|s|es)?|personnes?\\s+[aâ]g[ée]e?s?'),
    range: () => ({ min: 65, max: OLDEST }),
    label: '65 ans et plus',
  },
];

const URGENT = phrase(
  "ce\\s+soir|cette\\s+nuit|ce\\s+week-?end|cette\\s+fin\\s+de\\s+semaine|d?[’']?urgences?|urgente?s?|24\\s*/\\s*7|24\\s*h(?:eures)?(?:\\s+sur\\s+24)?|maintenant|tout\\s+de\\s+suite|imm[ée]diat(?:e|ement)?",
);

function ordered(a: number, b: number): AgeRange | null {
  if (a > OLDEST || b > OLDEST) return null;
  return a <= b ? { min: a, max: b } : { min: b, max: a };
}

function single(match: RegExpExecArray, text: string): AgeRange | null {
  const age = Number(match[1]);
  if (age > OLDEST) return null;
  return /plus/i.test(text) ? { min: age, max: OLDEST } : { min: age, max: age };
}

function ageLabel(range: AgeRange, typed: string): string {
  if (range.max === OLDEST) return `${range.min} ans et plus`;
  if (range.min === range.max) return `${range.min} ans`;
  return /\d/.test(typed) ? `${range.min} à ${range.max} ans` : typed;
}

function cut(text: string, match: RegExpExecArray): string {
  return (text.slice(0, match.index) + ' ' + text.slice(match.index + match[0].length)).replace(/\s+/g, ' ').trim();
}

/** Finds the first age phrase and the first urgency phrase of a query; the rest is searched as words. */
export function understandQuery(text: string): QueryUnderstanding {
  let rest = text;
  let age: QueryUnderstanding['age'] = null;
  for (const { pattern, range, label } of AGE_PATTERNS) {
    const match = pattern.exec(rest);
    if (!match) continue;
    const found = range(match);
    if (!found) continue;
    const typed = match[0].trim();
    age = { ...found, phrase: typed, label: label ? `${typed}\u00a0: ${label}` : ageLabel(found, typed) };
    rest = cut(rest, match);
    break;
  }
  let urgent: UnderstoodPhrase | null = null;
  const match = URGENT.exec(rest);
  if (match) {
    urgent = { phrase: match[0].trim(), label: 'urgence ou 24/7 en premier' };
    rest = cut(rest, match);
  }
  return { age, urgent, rest };
}

/** The query text without one understood phrase: the chip's « ✕ » link. */
export function withoutPhrase(text: string, typed: string): string {
  const index = text.toLocaleLowerCase('fr-CA').indexOf(typed.toLocaleLowerCase('fr-CA'));
  if (index < 0) return text;
  return (text.slice(0, index) + ' ' + text.slice(index + typed.length)).replace(/\s+/g, ' ').trim();
}
