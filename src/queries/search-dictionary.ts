import type { Db } from '../db/client.js';
import { MARK_CLOSE, MARK_OPEN } from '../lib/search/highlight.js';
import { buildMatchExpression, quoteFtsString, type SearchTerm } from '../lib/search/query.js';
import { SpellingDictionary } from '../lib/search/spelling.js';
import { cachedPerVersion, preparedPerConnection, rememberedPerVersion } from './search-cache.js';

const previousDictionary = new WeakMap<object, SpellingDictionary>();

/**
 * Every word of the active organisations' index entries, reloaded only after the data changed; its
 * suggestion index is kept when the words are the same (decision 099).
 */
export const loadSpellingDictionary = cachedPerVersion((db) => {
  const rows = db.$client.prepare('SELECT term, doc AS documents FROM organisations_fts_vocab').all() as {
    term: string;
    documents: number;
  }[];
  const dictionary = new SpellingDictionary(rows, previousDictionary.get(db.$client));
  previousDictionary.set(db.$client, dictionary);
  return dictionary;
});

export interface Correction {
  /** The word as typed (folded). */
  word: string;
  /** Indexed words searched in its place (folded). */
  replacements: string[];
}

/**
 * Words the index does not know get their closest indexed words as alternatives, so "hebergment" still
 * finds "hébergement". Known words are left alone: a correct rare word must not turn into a common one.
 */
export function correctTerms(db: Db, terms: SearchTerm[]): { terms: SearchTerm[]; corrections: Correction[] } {
  if (terms.length === 0) return { terms, corrections: [] };
  const dictionary = loadSpellingDictionary(db);
  const corrections: Correction[] = [];
  const corrected = terms.map((term) => {
    if (term.alternatives.some((alternative) => dictionary.knows(alternative, term.prefix))) return term;
    const replacements = dictionary.suggest(term.word, { prefix: term.prefix, limit: 3 });
    if (replacements.length === 0) return term;
    corrections.push({ word: term.word, replacements });
    return { ...term, alternatives: [...term.alternatives, ...replacements] };
  });
  return { terms: corrected, corrections };
}

const occurrenceStatement = preparedPerConnection(
  `SELECT snippet(organisations_fts, -1, '${MARK_OPEN}', '${MARK_CLOSE}', '', 1) AS word
   FROM organisations_fts WHERE organisations_fts MATCH ? LIMIT 1`,
);

// Written forms looked up since the data last changed: corrections repeat (« hebergment », « hébergemnt »).
const writtenForms = rememberedPerVersion<string, string>(5000);

/** How a folded indexed word is actually written ("hebergement" → "hébergement"), for display. */
export function writtenForm(db: Db, folded: string): string {
  return writtenForms(db, folded, () => lookUpWrittenForm(db, folded));
}

function lookUpWrittenForm(db: Db, folded: string): string {
  const row = occurrenceStatement(db).get(quoteFtsString(folded)) as { word: string } | undefined;
  const match = row?.word.match(/\uE000([^\uE001]*)\uE001/u);
  const written = match?.[1];
  if (!written) return folded;
  // Keep acronyms in capitals; other words are shown in lower case, as one would type them.
  return written.length > 1 && written === written.toUpperCase() ? written : written.toLocaleLowerCase('fr-CA');
}

const existsStatement = preparedPerConnection(
  'SELECT 1 FROM organisations_fts WHERE organisations_fts MATCH ? LIMIT 1',
);

// A word the index holds as one token, exactly as written: lower-case ASCII letters and digits.
const ONE_TOKEN = /^[a-z0-9]+$/;

/** True when the words, searched together, find at least one active organisation. */
export function hasMatches(db: Db, terms: SearchTerm[]): boolean {
  const expression = buildMatchExpression(terms);
  if (!expression) return false;
  // One word: the index's own word list (every word of an active organisation) answers without a query.
  const alternatives = terms.length === 1 ? terms[0]!.alternatives.filter(Boolean) : [];
  if (alternatives.length > 0 && alternatives.every((alternative) => ONE_TOKEN.test(alternative))) {
    const dictionary = loadSpellingDictionary(db);
    return alternatives.some((alternative) => dictionary.knows(alternative, terms[0]!.prefix));
  }
  const spelled = spelledOut(db, terms);
  return spelled !== null && existsStatement(db).get(buildMatchExpression(spelled)) !== undefined;
}

// A prefix standing for more indexed words than this is left to FTS5 (OR-ing hundreds of words costs more).
const MAX_SPELLED_OUT = 32;
// Shorter prefixes have their own doclists in the index (prefix = '2 3', migration 0002): FTS5 merges nothing.
const INDEXED_PREFIX_LENGTH = 3;

/**
 * The same matches with each prefix written out as the indexed words it stands for, when they are few: FTS5
 * reads and merges every doclist of a prefix (« jeun* » at 50,000 organisations: ~37,000 rows) before its
 * first row, but walks plain words lazily, so « exists » and AND stop early. Null when a word matches no
 * indexed word: then the terms, all required, match nothing. For existence and counts only: bm25 scores
 * each word of an OR apart, so a ranking must keep the prefix.
 */
export function spelledOut(db: Db, terms: SearchTerm[]): SearchTerm[] | null {
  const dictionary = loadSpellingDictionary(db);
  const spelled: SearchTerm[] = [];
  for (const term of terms) {
    const alternatives = [...new Set(term.alternatives.filter(Boolean))];
    // Several tokens (a phrase) or none (left out of the expression): as they are.
    if (alternatives.length === 0 || !alternatives.every((alternative) => ONE_TOKEN.test(alternative))) {
      spelled.push(term);
      continue;
    }
    const words = spelledWords(dictionary, alternatives, term.prefix);
    if (words === null) spelled.push(term);
    else if (words.length === 0) return null;
    else spelled.push({ ...term, prefix: false, alternatives: words });
  }
  return spelled;
}

// The indexed words the alternatives stand for; null to keep the term (too many words, or a short prefix).
function spelledWords(dictionary: SpellingDictionary, alternatives: string[], prefix: boolean): string[] | null {
  if (!prefix) return alternatives.filter((alternative) => dictionary.has(alternative));
  const words = new Set<string>();
  for (const alternative of alternatives) {
    if (alternative.length <= INDEXED_PREFIX_LENGTH) {
      if (dictionary.hasPrefix(alternative)) return null;
      continue;
    }
    const found = dictionary.wordsStartingWith(alternative, MAX_SPELLED_OUT);
    if (found === null) return null;
    for (const word of found) words.add(word);
  }
  if (words.size > MAX_SPELLED_OUT || ![...words].every((word) => ONE_TOKEN.test(word))) return null;
  return [...words];
}
