import { AUDIENCES, type Audience } from '../../db/schema.js';
import { understandQuery, type QueryUnderstanding } from './understand.js';

/** Longest query we read, in characters: the form says maxlength=200, a pasted page gets cut here. */
export const MAX_QUERY_LENGTH = 200;
/** More words than this add nothing but cost (each is a doclist to merge). */
export const MAX_TERMS = 8;

// Words that carry no meaning in a search; the index keeps them, so leaving them out only widens results.
const STOPWORDS = new Set([
  'a',
  'au',
  'aux',
  'avec',
  'ce',
  'ces',
  'chez',
  'dans',
  'de',
  'des',
  'du',
  'en',
  'et',
  'la',
  'le',
  'les',
  'leur',
  'leurs',
  'ou',
  'par',
  'pour',
  'sa',
  'se',
  'ses',
  'son',
  'sur',
  'un',
  'une',
  'qui',
  'que',
  'est',
  'and',
  'or',
  'the',
]);

const ASCII = /^[ -~\t\n\r]*$/;

/** Lowercase, without diacritics, œ/æ unfolded: the form in which FTS5 (unicode61, remove_diacritics 2) sees words. */
export function foldSearchText(text: string): string {
  // Most words are plain ASCII: skip Unicode normalisation, the hot spot when highlighting a page.
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .replace(/[œŒ]/g, (c) => (c === 'œ' ? 'oe' : 'OE'))
    .replace(/[æÆ]/g, (c) => (c === 'æ' ? 'ae' : 'AE'))
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/** Words of a text as the index splits them: apostrophes, hyphens and every other symbol separate words. */
export function searchWords(text: string): string[] {
  return foldSearchText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

export interface SearchTerm {
  /** The folded word as typed. */
  word: string;
  /** The word exactly as typed (accents and case kept), for messages. */
  typed: string;
  /** True when the word is matched as a prefix (the word being typed, or a plural/feminine ending to absorb). */
  prefix: boolean;
  /** What the index is asked for: the word (maybe shortened to its singular) and any spelling corrections. */
  alternatives: string[];
}

export interface ParsedQuery {
  /** The query as shown back to the user: trimmed and cut to MAX_QUERY_LENGTH. */
  text: string;
  /** True when the input was longer than MAX_QUERY_LENGTH or had more than MAX_TERMS words. */
  shortened: boolean;
  terms: SearchTerm[];
}

// "drogues" → "drogue", "jeux" → "jeu", "sociaux" → "social": French plurals, so the prefix also finds the singular.
function singular(word: string): string {
  if (word.length >= 6 && word.endsWith('aux')) return word.slice(0, -3) + 'a';
  if (word.length >= 5 && /[sx]$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
  return word;
}

/** Turns whatever arrived in ?q= into searchable terms; never throws. */
export function parseSearchQuery(input: unknown): ParsedQuery {
  const raw = typeof input === 'string' ? input : Array.isArray(input) && typeof input[0] === 'string' ? input[0] : '';
  const chars = Array.from(raw.replace(/\s+/g, ' ').trim());
  const text = chars.slice(0, MAX_QUERY_LENGTH).join('').trim();
  const seen = new Set<string>();
  let words: { word: string; typed: string }[] = [];
  for (const typed of text.normalize('NFC').split(/[^\p{L}\p{M}\p{N}]+/u)) {
    // Ligatures may fold to two index words ("cœur" stays one: "coeur"), so split again after folding.
    for (const word of searchWords(typed)) {
      if ((word.length > 1 || /\d/.test(word)) && !seen.has(word)) {
        seen.add(word);
        words.push({ word, typed: word === foldSearchText(typed) ? typed : word });
      }
    }
  }
  const meaningful = words.filter(({ word }) => !STOPWORDS.has(word));
  // A query made only of stopwords ("de la") is still searched as typed.
  if (meaningful.length > 0) words = meaningful;
  const shortened = chars.length > MAX_QUERY_LENGTH || words.length > MAX_TERMS;
  words = words.slice(0, MAX_TERMS);
  const terms = words.map(({ word, typed }, index) => {
    const isLast = index === words.length - 1;
    const base = singular(word);
    // Prefix on the word being typed, and on any word long enough that a prefix stays specific.
    const prefix = base.length >= 4 || (isLast && base.length >= 2);
    return { word, typed, prefix, alternatives: [base] };
  });
  return { text, shortened, terms };
}

/** FTS5 string literal: every user word is quoted, so no input can become FTS syntax. */
export function quoteFtsString(word: string): string {
  return `"${word.replace(/"/g, '""')}"`;
}

/** The MATCH expression: all terms required, each satisfied by any of its alternatives; null when there is nothing to search. */
export function buildMatchExpression(terms: SearchTerm[]): string | null {
  const groups = terms
    .map((term) => {
      const parts = [...new Set(term.alternatives)]
        .filter(Boolean)
        .map((alternative) => quoteFtsString(alternative) + (term.prefix ? '*' : ''));
      if (parts.length === 0) return null;
      return parts.length === 1 ? parts[0] : `(${parts.join(' OR ')})`;
    })
    .filter((group): group is string => group !== null);
  return groups.length ? groups.join(' AND ') : null;
}

export const RESULTS_PER_PAGE = 20;
/** Deep pages cost as much as the first (every match is ranked); nobody reads past this. */
export const MAX_PAGE = 50;

export interface SearchFilters {
  themeSlug: string | null;
  territory: string | null;
  audience: Audience | null;
  age: number | null;
}

export interface SearchRequest {
  /** The query as typed (text) with, as terms, only the words left once ages and urgency were understood. */
  query: ParsedQuery;
  understanding: QueryUnderstanding;
  filters: SearchFilters;
  page: number;
}

function firstString(value: unknown): string | null {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first !== 'string') return null;
  const trimmed = first.trim().slice(0, MAX_QUERY_LENGTH);
  return trimmed === '' ? null : trimmed;
}

function boundedInteger(value: unknown, min: number, max: number): number | null {
  const text = firstString(value);
  if (text === null || !/^\d{1,4}$/.test(text)) return null;
  const n = Number(text);
  return n >= min && n <= max ? n : null;
}

/** Reads /recherche's query string (q, theme, territoire, clientele, age, page); bad values are dropped, never fatal. */
export function parseSearchRequest(query: Record<string, unknown>): SearchRequest {
  const audience = firstString(query.clientele);
  const parsed = parseSearchQuery(query.q);
  const understanding = understandQuery(parsed.text);
  const understood = understanding.age !== null || understanding.urgent !== null;
  return {
    query: understood ? { ...parsed, terms: parseSearchQuery(understanding.rest).terms } : parsed,
    understanding,
    filters: {
      themeSlug: firstString(query.theme),
      territory: firstString(query.territoire),
      audience: (AUDIENCES as readonly string[]).includes(audience ?? '') ? (audience as Audience) : null,
      age: boundedInteger(query.age, 0, 120),
    },
    page: Math.min(boundedInteger(query.page, 1, 9999) ?? 1, MAX_PAGE),
  };
}

export function hasFilters(filters: SearchFilters): boolean {
  return filters.themeSlug !== null || filters.territory !== null || filters.audience !== null || filters.age !== null;
}

/** /recherche URL for these parameters (empty ones left out), e.g. for pagination links and "did you mean". */
export function searchUrl(text: string, filters: SearchFilters, page = 1): string {
  const params = new URLSearchParams();
  if (text) params.set('q', text);
  if (filters.themeSlug) params.set('theme', filters.themeSlug);
  if (filters.territory) params.set('territoire', filters.territory);
  if (filters.audience) params.set('clientele', filters.audience);
  if (filters.age !== null) params.set('age', String(filters.age));
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `/recherche?${qs}` : '/recherche';
}
