import type { Db } from '../db/client.js';
import {
  hasFilters,
  MAX_PAGE,
  RESULTS_PER_PAGE,
  searchUrl,
  type SearchFilters,
  type SearchRequest,
  type SearchTerm,
} from '../lib/search/query.js';
import { expandSynonyms } from '../lib/search/synonyms.js';
import { withoutPhrase } from '../lib/search/understand.js';
import { loadSynonyms } from './search-synonyms.js';
import { listTerritoryChoices, territoryTextsFor, type TerritoryChoice } from './territories.js';
import { cachedPerVersion } from './search-cache.js';
import { correctTerms, hasMatches, writtenForm } from './search-dictionary.js';
import { searchOrganisations, type ResolvedFilters, type SearchResult } from './search.js';
import { listThemesWithCounts, type ThemeWithCount } from './themes.js';

/** Thèmes with their counts change only with the data: no need to group every link on each search. */
export const listSearchThemes = cachedPerVersion(listThemesWithCounts);

export interface Suggestion {
  label: string;
  url: string;
  count?: number;
}

/** A constraint read from the words, shown as a chip whose « ✕ » is a plain link without it. */
export interface Chip {
  label: string;
  removeUrl: string;
}

/** When all the words together find (almost) nothing: what the best subset of them finds. */
export interface RelaxedMatches {
  /** The words left out, as typed. */
  leftOut: string[];
  total: number;
  results: SearchResult[];
}

export interface SearchOutcome {
  /** Nothing typed and no filter: the page shows the form and the thèmes. */
  blank: boolean;
  total: number;
  page: number;
  pageCount: number;
  offset: number;
  results: SearchResult[];
  themes: ThemeWithCount[];
  /** The territory filter: the hierarchy (or, without one, the texts as written) and texts outside it. */
  territories: { hierarchy: TerritoryChoice[]; others: string[] };
  selectedTheme: ThemeWithCount | null;
  unknownTheme: string | null;
  /** Words that were not in the index, with the written forms searched instead. */
  corrections: { word: string; replacements: string[] }[];
  /** A query that finds something, offered when this one found little or needed corrections. */
  didYouMean: Suggestion | null;
  /** When several words together find nothing: each word alone, with its count. */
  singleWords: Suggestion[];
  /** The same words without the filters, when the filters emptied the results. */
  withoutFilters: Suggestion | null;
  /** Ages and urgency understood from the words. */
  chips: Chip[];
  /** Best partial matches, when all the words together found nothing. */
  relaxed: RelaxedMatches | null;
}

/** Everything /recherche shows for one request: corrected search, page, spelling help, filter choices. */
export function performSearch(db: Db, request: SearchRequest): SearchOutcome {
  const { query, filters, understanding } = request;
  const themes = listSearchThemes(db);
  const selectedTheme = filters.themeSlug ? (themes.find((theme) => theme.slug === filters.themeSlug) ?? null) : null;
  const outcome: SearchOutcome = {
    blank: query.terms.length === 0 && !hasFilters(filters) && !understanding.age && !understanding.urgent,
    total: 0,
    page: 1,
    pageCount: 0,
    offset: 0,
    results: [],
    themes,
    territories: listTerritoryChoices(db),
    selectedTheme,
    unknownTheme: filters.themeSlug && !selectedTheme ? filters.themeSlug : null,
    corrections: [],
    didYouMean: null,
    singleWords: [],
    withoutFilters: null,
    chips: [understanding.age, understanding.urgent]
      .filter((chip) => chip !== null)
      .map((chip) => ({ label: chip.label, removeUrl: searchUrl(withoutPhrase(query.text, chip.phrase), filters) })),
    relaxed: null,
  };
  if (outcome.blank) return outcome;

  const resolved: ResolvedFilters = {
    // An unknown thème slug filters everything out rather than being silently ignored.
    themeId: filters.themeSlug ? (selectedTheme?.id ?? -1) : null,
    territories: filters.territory ? territoryTextsFor(db, filters.territory) : null,
    audience: filters.audience,
    age: filters.age,
    ageRange: understanding.age ? { min: understanding.age.min, max: understanding.age.max } : null,
    urgent: understanding.urgent !== null,
  };
  // Synonyms first: a word the coordination explained is not a misspelling to correct.
  const { terms, corrections } = correctTerms(db, expandSynonyms(query.terms, loadSynonyms(db)));
  let page = request.page;
  let found = searchOrganisations(db, terms, resolved, pageWindow(page));
  const pageCount = Math.min(Math.ceil(found.total / RESULTS_PER_PAGE), MAX_PAGE);
  if (found.total > 0 && page > pageCount) {
    page = pageCount;
    found = searchOrganisations(db, terms, resolved, pageWindow(page));
  }
  Object.assign(outcome, {
    total: found.total,
    results: found.results,
    page,
    pageCount,
    offset: pageWindow(page).offset,
  });
  outcome.corrections = corrections.map((correction) => ({
    word: correction.word,
    replacements: correction.replacements.map((replacement) => writtenForm(db, replacement)),
  }));
  if (corrections.length > 0) outcome.didYouMean = correctedQuery(db, query.terms, corrections, filters);
  if (found.total === 0 && query.terms.length > 0) {
    if (hasFilters(filters) && hasMatches(db, terms)) {
      outcome.withoutFilters = { label: query.text, url: searchUrl(query.text, noFilters) };
    }
    if (query.terms.length > 1) outcome.singleWords = singleWordSuggestions(db, terms, corrections, resolved, filters);
  }
  if (found.total === 0 && terms.length > 1) {
    outcome.relaxed = relaxedMatches(db, terms, resolved, new Set(found.results.map((result) => result.id)));
  }
  return outcome;
}

// Combinations of at most this many subsets are tried per size: 8 words give 8 + 28 subsets at most.
const MAX_SUBSETS = 28;

function subsetsOfSize<T>(items: T[], size: number): T[][] {
  if (size === 0) return [[]];
  if (items.length < size) return [];
  const [first, ...rest] = items as [T, ...T[]];
  return [...subsetsOfSize(rest, size - 1).map((subset) => [first, ...subset]), ...subsetsOfSize(rest, size)];
}

/**
 * The subset with the most words that finds something new (ties: the one finding most), ranked as usual —
 * thème and name matches first — without what the full query already showed.
 */
function relaxedMatches(
  db: Db,
  terms: SearchTerm[],
  resolved: ResolvedFilters,
  shown: Set<number>,
): RelaxedMatches | null {
  for (let size = terms.length - 1; size >= 1; size--) {
    let best: { subset: SearchTerm[]; total: number } | null = null;
    for (const subset of subsetsOfSize(terms, size).slice(0, MAX_SUBSETS)) {
      const { total } = searchOrganisations(db, subset, resolved, { limit: 0, offset: 0 });
      if (total > shown.size && (!best || total > best.total)) best = { subset, total };
    }
    if (!best) continue;
    const page = searchOrganisations(db, best.subset, resolved, { limit: RESULTS_PER_PAGE + shown.size, offset: 0 });
    const results = page.results.filter((result) => !shown.has(result.id)).slice(0, RESULTS_PER_PAGE);
    return {
      leftOut: terms.filter((term) => !best.subset.includes(term)).map((term) => term.typed),
      total: best.total - shown.size,
      results,
    };
  }
  return null;
}

const noFilters: SearchFilters = { themeSlug: null, territory: null, audience: null, age: null };

function pageWindow(page: number) {
  return { limit: RESULTS_PER_PAGE, offset: (page - 1) * RESULTS_PER_PAGE };
}

// Each misspelt word replaced by its best correction, as written in the directory ("hébergement").
function correctedQuery(
  db: Db,
  terms: SearchTerm[],
  corrections: { word: string; replacements: string[] }[],
  filters: SearchFilters,
): Suggestion | null {
  const replaced = terms.map((term) => {
    const best = corrections.find((correction) => correction.word === term.word)?.replacements[0];
    return best ? { word: best, typed: best, prefix: false, alternatives: [best] } : term;
  });
  if (!hasMatches(db, replaced)) return null;
  const label = replaced
    .map((term, index) => (term === terms[index] ? term.typed : writtenForm(db, term.word)))
    .join(' ');
  return { label, url: searchUrl(label, filters) };
}

function singleWordSuggestions(
  db: Db,
  terms: SearchTerm[],
  corrections: { word: string; replacements: string[] }[],
  resolved: ResolvedFilters,
  filters: SearchFilters,
): Suggestion[] {
  return terms
    .map((term) => {
      const { total } = searchOrganisations(db, [term], resolved, { limit: 0, offset: 0 });
      const correction = corrections.find((c) => c.word === term.word)?.replacements[0];
      const label = correction ? writtenForm(db, correction) : term.typed;
      return { label, url: searchUrl(label, filters), count: total };
    })
    .filter((suggestion) => suggestion.count > 0);
}
