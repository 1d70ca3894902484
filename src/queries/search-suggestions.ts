import type { Db } from '../db/client.js';
import { searchWords, searchUrl, type SearchTerm } from '../lib/search/query.js';
import { cachedPerVersion, rememberedPerVersion } from './search-cache.js';
import { correctTerms, hasMatches, writtenForm } from './search-dictionary.js';
import { suggestOrganisationNames } from './search.js';
import { listThemes, themeKeywords } from './themes.js';

export interface TypeaheadSuggestion {
  kind: 'theme' | 'organisation' | 'search';
  label: string;
  url: string;
}

// Each thème with the folded words of its name and keywords, rebuilt only when the data changes.
const themeWordLists = cachedPerVersion((db) =>
  listThemes(db).map((theme) => ({
    theme,
    words: [...new Set(searchWords([theme.name, ...themeKeywords(theme)].join(' ')))],
  })),
);

function themeMatches(words: string[], terms: SearchTerm[]): boolean {
  return terms.every((term) =>
    term.alternatives.some((alternative) => words.some((word) => word.startsWith(alternative))),
  );
}

// Everyone typing « héberg » asks for the same list: answers are kept until the data changes (bounded).
const answers = rememberedPerVersion<string, TypeaheadSuggestion[]>(2000);

/** What to offer under the search field while typing: thèmes, organisations by name, or a corrected search. */
export function suggestWhileTyping(db: Db, terms: SearchTerm[], limit = 8): TypeaheadSuggestion[] {
  if (terms.length === 0) return [];
  const key = JSON.stringify([limit, terms.map((term) => [term.word, term.prefix, term.alternatives])]);
  return answers(db, key, () => suggestionsFor(db, terms, limit)).map((suggestion) => ({ ...suggestion }));
}

function suggestionsFor(db: Db, terms: SearchTerm[], limit: number): TypeaheadSuggestion[] {
  const themes = themeWordLists(db)
    .filter((entry) => themeMatches(entry.words, terms))
    .slice(0, 3)
    .map(({ theme }) => ({ kind: 'theme' as const, label: theme.name, url: `/themes/${theme.slug}` }));
  const organisations = suggestOrganisationNames(db, terms, limit - themes.length).map((organisation) => ({
    kind: 'organisation' as const,
    label:
      organisation.acronym && !organisation.name.includes(organisation.acronym)
        ? `${organisation.name} (${organisation.acronym})`
        : organisation.name,
    url: `/organismes/${organisation.slug}`,
  }));
  const suggestions: TypeaheadSuggestion[] = [...themes, ...organisations];
  if (suggestions.length === 0) {
    const { corrections } = correctTerms(db, terms);
    if (corrections.length > 0) {
      const corrected = terms.map(
        (term) => corrections.find((c) => c.word === term.word)?.replacements[0] ?? term.word,
      );
      const correctedTerms = corrected.map((word) => ({ word, typed: word, prefix: true, alternatives: [word] }));
      if (hasMatches(db, correctedTerms)) {
        const label = corrected.map((word) => writtenForm(db, word)).join(' ');
        suggestions.push({
          kind: 'search',
          label,
          url: searchUrl(label, { themeSlug: null, territory: null, audience: null, age: null }),
        });
      }
    }
  }
  return suggestions;
}
