import { foldSearchText, searchWords, type SearchTerm } from './query.js';

/** Synonyms as the search uses them: folded word → folded equivalents (each a word or a phrase). */
export type SynonymMap = ReadonlyMap<string, readonly string[]>;

/** The key a typed word is stored under: lowercase, no accents, one word. */
export function synonymKey(word: string): string {
  return searchWords(word).join(' ');
}

/** An equivalent as the index sees it: its words, folded, joined by one space (an FTS5 phrase when several). */
export function foldedEquivalent(equivalent: string): string {
  return searchWords(equivalent).join(' ');
}

export function buildSynonymMap(rows: readonly { word: string; equivalents: string }[]): SynonymMap {
  const map = new Map<string, string[]>();
  for (const row of rows) {
    const folded = row.equivalents.split('\n').map(foldedEquivalent).filter(Boolean);
    map.set(foldSearchText(row.word), [...new Set(folded)]);
  }
  return map;
}

/**
 * Each term also asks the index for its equivalents (decision 086): the query is expanded, the index is not
 * rebuilt, so a synonym applies on the next search. The typed word and its singular are both looked up.
 */
export function expandSynonyms(terms: SearchTerm[], synonyms: SynonymMap): SearchTerm[] {
  if (synonyms.size === 0) return terms;
  return terms.map((term) => {
    const found = [term.word, ...term.alternatives].flatMap((key) => synonyms.get(key) ?? []);
    if (found.length === 0) return term;
    return { ...term, alternatives: [...new Set([...term.alternatives, ...found])] };
  });
}
