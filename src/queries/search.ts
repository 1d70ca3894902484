import type { Db } from '../db/client.js';
import type { Audience } from '../db/schema.js';
import { compareFrench } from '../lib/sort.js';
import { escapeHtml, highlightHtml, snippetHtml, wordMatcher } from '../lib/search/highlight.js';
import {
  buildMatchExpression,
  MAX_PAGE,
  quoteFtsString,
  RESULTS_PER_PAGE,
  searchWords,
  type SearchTerm,
} from '../lib/search/query.js';
import type { ContactSummary, ThemeBadge } from './organisations.js';
import { cachedPerVersion, dataVersion, preparedPerConnection } from './search-cache.js';
import { searchText } from './search-source.js';

export interface ResolvedFilters {
  themeId: number | null;
  territory: string | null;
  audience: Audience | null;
  age: number | null;
}

export interface SearchResult {
  id: number;
  slug: string;
  name: string;
  acronym: string | null;
  summary: string;
  phone: string | null;
  phoneExtension: string | null;
  territory: string | null;
  ageMin: number | null;
  ageMax: number | null;
  /** Escaped name with <mark> around matched words. */
  nameHtml: string;
  /** Escaped extract of the services text with <mark> around matched words. */
  snippetHtml: string;
  themes: ThemeBadge[];
  /** The personne-ressource whose name or fonction matched the query, else the main one. */
  person: ContactSummary | null;
  personMatched: boolean;
}

export interface SearchPage {
  total: number;
  results: SearchResult[];
}

// Lower is better: name and acronym far above people, thèmes (names and synonyms) and services text.
const BM25 = 'bm25(organisations_fts, 10.0, 10.0, 4.0, 2.0, 1.0)';

// Filters as "param IS NULL OR …" so one prepared statement serves every combination.
const FILTERS = `
  AND (@themeId IS NULL OR EXISTS (SELECT 1 FROM organisation_themes ot WHERE ot.organisation_id = o.id AND ot.theme_id = @themeId))
  AND (@territory IS NULL OR o.territory = @territory)
  AND (@audience IS NULL OR instr(',' || o.audiences || ',', ',' || @audience || ',') > 0)
  AND (@age IS NULL OR ((o.age_min IS NULL OR o.age_min <= @age) AND (o.age_max IS NULL OR o.age_max >= @age)))`;

const ROW_COLUMNS = `o.id, o.slug, o.name, o.acronym, o.summary, o.phone, o.phone_extension AS phoneExtension,
  o.territory, o.age_min AS ageMin, o.age_max AS ageMax,
  ${searchText('body')} AS body`;

const countStatement = preparedPerConnection(`
  SELECT count(*) AS total FROM organisations_fts JOIN organisations o ON o.id = organisations_fts.rowid
  WHERE organisations_fts MATCH @match ${FILTERS}`);

const unfilteredCountStatement = preparedPerConnection(
  'SELECT count(*) AS total FROM organisations_fts WHERE organisations_fts MATCH @match',
);

// Ids only: SQLite computes result columns before sorting, so anything more would cost every match.
const filteredRankStatement = preparedPerConnection(`
  SELECT o.id FROM organisations_fts JOIN organisations o ON o.id = organisations_fts.rowid
  WHERE organisations_fts MATCH @match ${FILTERS}
  ORDER BY (o.acronym IS NOT NULL AND lower(o.acronym) IN (SELECT value FROM json_each(@words))) DESC, ${BM25}, o.name
  LIMIT @limit`);

// Without filters the index alone suffices (it holds active organisations only): no join per match.
const unfilteredRankStatement = preparedPerConnection(`
  SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH @match ORDER BY ${BM25} LIMIT @limit`);

const acronymStatement = preparedPerConnection(`
  SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH @match ORDER BY ${BM25}`);

/** Ranked ids kept per query: paging and repeated searches reuse them until the data changes. */
const MAX_RANKED = MAX_PAGE * RESULTS_PER_PAGE;
const RANKING_CACHE_SIZE = 64;
const rankingCache = new WeakMap<object, { version: string; entries: Map<string, Ranking> }>();
let rankingCacheEnabled = true;

/** For the benchmark: measure the cost of every search, not of the cache. */
export function setRankingCache(enabled: boolean): void {
  rankingCacheEnabled = enabled;
}

interface Ranking {
  total: number;
  ids: number[];
}

function rankMatches(db: Db, match: string, words: string[], filters: ResolvedFilters): Ranking {
  const key = JSON.stringify([match, words, filters]);
  const version = dataVersion(db);
  let cache = rankingCache.get(db.$client);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    rankingCache.set(db.$client, cache);
  }
  const hit = rankingCacheEnabled ? cache.entries.get(key) : undefined;
  if (hit) {
    // Refresh its place in the LRU order.
    cache.entries.delete(key);
    cache.entries.set(key, hit);
    return hit;
  }
  const ranking = computeRanking(db, match, words, filters);
  cache.entries.set(key, ranking);
  if (cache.entries.size > RANKING_CACHE_SIZE) cache.entries.delete(cache.entries.keys().next().value!);
  return ranking;
}

function computeRanking(db: Db, match: string, words: string[], filters: ResolvedFilters): Ranking {
  let ids: number[];
  if (noFilters(filters)) {
    // An organisation whose acronym is one of the words comes first ("CJE", "CALACS").
    const acronymMatch = `acronym : (${words.map(quoteFtsString).join(' OR ')})`;
    const boosted = acronymStatement(db)
      .pluck()
      .all({ match: `(${match}) AND ${acronymMatch}` }) as number[];
    const ranked = unfilteredRankStatement(db).pluck().all({ match, limit: MAX_RANKED }) as number[];
    const first = new Set(boosted);
    ids = [...boosted, ...ranked.filter((id) => !first.has(id))].slice(0, MAX_RANKED);
    const total =
      ranked.length < MAX_RANKED
        ? ranked.length
        : (unfilteredCountStatement(db).get({ match }) as { total: number }).total;
    return { total, ids };
  }
  const params = { match, ...filterParams(filters) };
  ids = filteredRankStatement(db)
    .pluck()
    .all({ ...params, words: JSON.stringify(words), limit: MAX_RANKED }) as number[];
  const total = ids.length < MAX_RANKED ? ids.length : (countStatement(db).get(params) as { total: number }).total;
  return { total, ids };
}

const pageRowsStatement = preparedPerConnection(`
  SELECT ${ROW_COLUMNS} FROM organisations o WHERE o.id IN (SELECT value FROM json_each(?))`);

const filteredListCountStatement = preparedPerConnection(`
  SELECT count(*) AS total FROM organisations o WHERE o.status = 'active' ${FILTERS}`);

const filteredListStatement = preparedPerConnection(`
  SELECT ${ROW_COLUMNS} FROM organisations o WHERE o.status = 'active' ${FILTERS}
  ORDER BY o.name COLLATE NOCASE LIMIT @limit OFFSET @offset`);

type Row = Omit<SearchResult, 'nameHtml' | 'snippetHtml' | 'themes' | 'person' | 'personMatched'> & { body: string };

function filterParams(filters: ResolvedFilters) {
  return { themeId: filters.themeId, territory: filters.territory, audience: filters.audience, age: filters.age };
}

const noFilters = (filters: ResolvedFilters) =>
  filters.themeId === null && filters.territory === null && filters.audience === null && filters.age === null;

/**
 * One page of active organisations matching the terms (all required) and the filters, best first:
 * an organisation whose acronym is one of the words, then by weighted bm25. At most five queries
 * whatever the page size; pages past MAX_PAGE are not served.
 */
export function searchOrganisations(
  db: Db,
  terms: SearchTerm[],
  filters: ResolvedFilters,
  page: { limit: number; offset: number },
): SearchPage {
  const match = buildMatchExpression(terms);
  if (!match) return listFilteredOrganisations(db, filters, page);
  const { total, ids: ranked } = rankMatches(
    db,
    match,
    terms.map((term) => term.word),
    filters,
  );
  const ids = ranked.slice(page.offset, page.offset + page.limit);
  if (ids.length === 0) return { total, results: [] };
  const byId = new Map((pageRowsStatement(db).all(JSON.stringify(ids)) as Row[]).map((row) => [row.id, row]));
  const rows = ids.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
  return { total, results: decorate(db, rows, terms) };
}

/** Without words, the filters alone list organisations A–Z (e.g. everything for 16-year-olds in one territory). */
function listFilteredOrganisations(
  db: Db,
  filters: ResolvedFilters,
  page: { limit: number; offset: number },
): SearchPage {
  const params = filterParams(filters);
  const total = (filteredListCountStatement(db).get(params) as { total: number }).total;
  if (total === 0 || page.offset >= total) return { total, results: [] };
  const rows = filteredListStatement(db).all({ ...params, limit: page.limit, offset: page.offset }) as Row[];
  rows.sort((a, b) => compareFrench(a.name, b.name));
  return { total, results: decorate(db, rows, []) };
}

const badgesStatement = preparedPerConnection(`
  SELECT ot.organisation_id AS organisationId, t.id, t.slug, t.name, t.color
  FROM organisation_themes ot JOIN themes t ON t.id = ot.theme_id
  WHERE ot.organisation_id IN (SELECT value FROM json_each(?))
  ORDER BY t.position, t.name`);

const peopleStatement = preparedPerConnection(`
  SELECT organisation_id AS organisationId, id, name, role, phone, phone_extension AS phoneExtension, email,
    verified_at AS verifiedAt
  FROM contacts WHERE organisation_id IN (SELECT value FROM json_each(?))
  ORDER BY is_primary DESC, position, id`);

// Thème badges and people for the page's organisations: two queries whatever the page size.
function decorate(db: Db, rows: Row[], terms: SearchTerm[]): SearchResult[] {
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((row) => row.id));
  const badges = groupBy(badgesStatement(db).all(ids) as (ThemeBadge & { organisationId: number })[]);
  const people = groupBy(peopleStatement(db).all(ids) as (ContactSummary & { organisationId: number })[]);
  const matches = wordMatcher(terms);
  return rows.map(({ body, ...row }) => {
    const candidates = people.get(row.id) ?? [];
    const matched = bestMatchingPerson(candidates, terms);
    return {
      ...row,
      // Highlighting in JS on the original text: exact spelling (œ kept) and no second FTS pass per row.
      nameHtml: highlightHtml(row.name, matches),
      snippetHtml: terms.length ? snippetHtml(body, matches) : escapeHtml(row.summary),
      themes: (badges.get(row.id) ?? []).map(({ organisationId: _, ...badge }) => badge),
      person: strip(matched ?? candidates[0] ?? null),
      personMatched: matched !== null,
    };
  });
}

function strip(person: (ContactSummary & { organisationId: number }) | null): ContactSummary | null {
  if (!person) return null;
  const { organisationId: _, ...rest } = person;
  return rest;
}

function groupBy<T extends { organisationId: number }>(rows: T[]): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const row of rows) {
    const list = map.get(row.organisationId);
    if (list) list.push(row);
    else map.set(row.organisationId, [row]);
  }
  return map;
}

function termMatches(term: SearchTerm, words: string[]): boolean {
  return term.alternatives.some((alternative) =>
    words.some((word) => (term.prefix ? word.startsWith(alternative) : word === alternative)),
  );
}

/** The person whose name (counted double) or fonction shares the most words with the query; null if none. */
export function bestMatchingPerson<T extends Pick<ContactSummary, 'name' | 'role'>>(
  people: T[],
  terms: SearchTerm[],
): T | null {
  let best: T | null = null;
  let bestScore = 0;
  for (const person of people) {
    const nameWords = searchWords(person.name);
    const roleWords = searchWords(person.role);
    const score = terms.reduce(
      (sum, term) => sum + (termMatches(term, nameWords) ? 2 : termMatches(term, roleWords) ? 1 : 0),
      0,
    );
    if (score > bestScore) {
      best = person;
      bestScore = score;
    }
  }
  return best;
}

/** Territories of active organisations, for the filter; recomputed only after a change. */
export const listSearchTerritories = cachedPerVersion((db) =>
  (
    db.$client
      .prepare(
        "SELECT DISTINCT territory FROM organisations WHERE status = 'active' AND territory IS NOT NULL AND territory <> ''",
      )
      .all() as { territory: string }[]
  )
    .map((row) => row.territory)
    .sort(compareFrench),
);

const nameSuggestionStatement = preparedPerConnection(`
  SELECT o.slug, o.name, o.acronym FROM organisations_fts JOIN organisations o ON o.id = organisations_fts.rowid
  WHERE organisations_fts MATCH @match
  ORDER BY (o.acronym IS NOT NULL AND lower(o.acronym) = @whole) DESC, ${BM25}
  LIMIT @limit`);

/** Organisations whose name or acronym starts with the words typed so far, for the suggestions list. */
export function suggestOrganisationNames(
  db: Db,
  terms: SearchTerm[],
  limit: number,
): { slug: string; name: string; acronym: string | null }[] {
  const expression = buildMatchExpression(terms.map((term) => ({ ...term, prefix: true })));
  if (!expression) return [];
  return nameSuggestionStatement(db).all({
    match: `{name acronym} : (${expression})`,
    whole: terms.map((term) => term.word).join(' '),
    limit,
  }) as { slug: string; name: string; acronym: string | null }[];
}
