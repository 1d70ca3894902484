import type { Db } from '../db/client.js';
import type { Audience } from '../db/schema.js';
import { compareFrench } from '../lib/sort.js';
import { escapeHtml, highlightHtml, snippetHtml, wordMatcher } from '../lib/search/highlight.js';
import { buildMatchExpression, MAX_PAGE, RESULTS_PER_PAGE, searchWords, type SearchTerm } from '../lib/search/query.js';
import type { ContactSummary, ThemeBadge } from './organisations.js';
import { cachedPerVersion, dataVersion, preparedPerConnection } from './search-cache.js';
import { spelledOut } from './search-dictionary.js';
import { searchText } from './search-source.js';

export interface ResolvedFilters {
  themeId: number | null;
  /** The territory texts that count as this filter (the chosen one, what contains it, what it contains). */
  territories: string[] | null;
  audience: Audience | null;
  age: number | null;
  /** From the words (« 17 ans », « ado »): the organisation's age range must overlap it. */
  ageRange: { min: number; max: number } | null;
  /** Urgency words: entries flagged urgence/24-7 first; with no other word, only them. */
  urgent: boolean;
}

/** No filter at all: what the API and tests search with. */
export const NO_FILTERS: ResolvedFilters = {
  themeId: null,
  territories: null,
  audience: null,
  age: null,
  ageRange: null,
  urgent: false,
};

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
  AND (@territories IS NULL OR o.territory IN (SELECT value FROM json_each(@territories)))
  AND (@audience IS NULL OR instr(',' || o.audiences || ',', ',' || @audience || ',') > 0)
  AND (@age IS NULL OR ((o.age_min IS NULL OR o.age_min <= @age) AND (o.age_max IS NULL OR o.age_max >= @age)))
  AND (@ageFrom IS NULL OR ((o.age_min IS NULL OR o.age_min <= @ageTo) AND (o.age_max IS NULL OR o.age_max >= @ageFrom)))
  AND (@emergencyOnly IS NULL OR o.emergency = 1)`;

// Tiers before bm25 (decision 085): the typed acronym, then — when the words say it is urgent — entries flagged
// urgence/24-7 whose name, acronym or thèmes hold every word, then any entry whose name, acronym or thèmes do.
// The acronym tier reads ids looked up in JS (acronymIds): a subquery lowering every acronym cost a scan per search.
const tiers = (id: string, strong = strongTier(id)) => `
  (${id} IN (SELECT value FROM json_each(@acronymIds))) DESC,
  (@urgent IS NOT NULL AND ${id} IN (SELECT id FROM organisations WHERE emergency = 1) AND ${strong}) DESC,
  (${strong}) DESC`;
const strongTier = (id: string) =>
  `${id} IN (SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH @strong)`;
// Among the rows topTiers keeps, only the typed acronym's may be outside the strong tier: the same value for each
// row, but the strong matches are gathered again (another pass over the index) only if such a row exists.
const strongTierOfTop = (id: string) =>
  `CASE WHEN ${id} IN (SELECT value FROM json_each(@acronymIds)) THEN ${strongTier(id)} ELSE 1 END`;

const ROW_COLUMNS = `o.id, o.slug, o.name, o.acronym, o.summary, o.phone, o.phone_extension AS phoneExtension,
  o.territory, o.age_min AS ageMin, o.age_max AS ageMax,
  ${searchText('body')} AS body`;

const countStatement = preparedPerConnection(`
  SELECT count(*) AS total FROM organisations_fts JOIN organisations o ON o.id = organisations_fts.rowid
  WHERE organisations_fts MATCH @match ${FILTERS}`);

const unfilteredCountStatement = preparedPerConnection(
  'SELECT count(*) AS total FROM organisations_fts WHERE organisations_fts MATCH @match',
);

// Ids only: SQLite computes result columns before sorting, so anything more would cost every match. `top`
// keeps the rows of the top tiers only (the typed acronym, or every word in the name, acronym or thèmes; the
// urgent tier is inside them): when they alone fill the ranking, bm25 is computed for them only (a common word
// at 50,000 organisations: ~30,000 matches, ~10,000 of them in a top tier).
const topTiers = (id: string) => `AND (${id} IN (SELECT value FROM json_each(@acronymIds))
  OR ${id} IN (SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH @strong))`;

const filteredRank = (rows: 'all' | 'top') => `
  SELECT o.id FROM organisations_fts JOIN organisations o ON o.id = organisations_fts.rowid
  WHERE organisations_fts MATCH @match ${FILTERS} ${rows === 'top' ? topTiers('o.id') : ''}
  ORDER BY ${rows === 'top' ? tiers('o.id', strongTierOfTop('o.id')) : tiers('o.id')}, ${BM25}, o.name, o.id
  LIMIT @limit`;
const filteredRankStatement = preparedPerConnection(filteredRank('all'));
const filteredTopStatement = preparedPerConnection(filteredRank('top'));

// Without filters the index alone suffices (it holds active organisations only): no join per match.
const unfilteredRank = (rows: 'all' | 'top') => `
  SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH @match ${rows === 'top' ? topTiers('rowid') : ''}
  ORDER BY ${rows === 'top' ? tiers('organisations_fts.rowid', strongTierOfTop('organisations_fts.rowid')) : tiers('organisations_fts.rowid')}, ${BM25}, rowid
  LIMIT @limit`;
const unfilteredRankStatement = preparedPerConnection(unfilteredRank('all'));
const unfilteredTopStatement = preparedPerConnection(unfilteredRank('top'));

// Whether the strong tier alone (every filter aside) could fill a ranking: counting stops there.
const strongFillsStatement = preparedPerConnection(`
  SELECT count(*) >= @limit FROM (SELECT 1 FROM organisations_fts WHERE organisations_fts MATCH @strong LIMIT @limit)`);

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

function rankingEntries(db: Db): Map<string, Ranking> {
  const version = dataVersion(db);
  let cache = rankingCache.get(db.$client);
  if (!cache || cache.version !== version) {
    cache = { version, entries: new Map() };
    rankingCache.set(db.$client, cache);
  }
  return cache.entries;
}

/**
 * The match as counts and tier membership use it: the same rows, prefixes spelled out as words (spelledOut),
 * which FTS5 walks lazily instead of merging every doclist first. Never for bm25 (an OR scores each word apart).
 * Null when a word starts no indexed word: nothing matches.
 */
function countingExpression(db: Db, terms: SearchTerm[]): string | null {
  const spelled = spelledOut(db, terms);
  return spelled && buildMatchExpression(spelled);
}

/** How many organisations match, as the ranking would count them. */
function countMatches(db: Db, match: string, counting: string, terms: SearchTerm[], filters: ResolvedFilters): number {
  const key = JSON.stringify([match, terms.map((term) => term.word), filters]);
  const ranked = rankingCacheEnabled ? rankingEntries(db).get(key) : undefined;
  if (ranked) return ranked.total;
  if (noFilters(filters)) return (unfilteredCountStatement(db).get({ match: counting }) as { total: number }).total;
  return (countStatement(db).get({ match: counting, ...filterParams(filters) }) as { total: number }).total;
}

function rankMatches(db: Db, match: string, counting: string, words: string[], filters: ResolvedFilters): Ranking {
  const key = JSON.stringify([match, words, filters]);
  const cache = { entries: rankingEntries(db) };
  const hit = rankingCacheEnabled ? cache.entries.get(key) : undefined;
  if (hit) {
    // Refresh its place in the LRU order.
    cache.entries.delete(key);
    cache.entries.set(key, hit);
    return hit;
  }
  const ranking = computeRanking(db, match, counting, words, filters);
  cache.entries.set(key, ranking);
  if (cache.entries.size > RANKING_CACHE_SIZE) cache.entries.delete(cache.entries.keys().next().value!);
  return ranking;
}

// Each acronym as SQLite's lower() writes it, with its organisations: the words typed are looked up here.
const organisationsByAcronym = cachedPerVersion((db) => {
  const rows = db.$client
    .prepare('SELECT id, lower(acronym) AS acronym FROM organisations WHERE acronym IS NOT NULL')
    .all() as { id: number; acronym: string }[];
  const byAcronym = new Map<string, number[]>();
  for (const { id, acronym } of rows) {
    const ids = byAcronym.get(acronym);
    if (ids) ids.push(id);
    else byAcronym.set(acronym, [id]);
  }
  return byAcronym;
});

/** Ids of the organisations whose acronym (lowered) is one of the words, as JSON for the acronym tier. */
function acronymIds(db: Db, words: string[]): string {
  const byAcronym = organisationsByAcronym(db);
  return JSON.stringify(words.flatMap((word) => byAcronym.get(word) ?? []));
}

function computeRanking(db: Db, match: string, counting: string, words: string[], filters: ResolvedFilters): Ranking {
  const order = {
    acronymIds: acronymIds(db, words),
    // Membership only (the top tiers): the counting form, same rows.
    strong: `{name acronym themes} : (${counting})`,
    urgent: filters.urgent ? 1 : null,
    limit: MAX_RANKED,
  };
  const unfiltered = noFilters(filters);
  const params = unfiltered ? { match } : { match, ...filterParams(filters) };
  const total = (ids: number[]) =>
    ids.length < MAX_RANKED
      ? ids.length
      : (
          (unfiltered
            ? unfilteredCountStatement(db).get({ match: counting })
            : countStatement(db).get({ ...params, match: counting })) as {
            total: number;
          }
        ).total;
  // Every row of the top tiers ranks above every other row: when they fill the ranking, the rest is never read.
  if (strongFillsStatement(db).pluck().get({ strong: order.strong, limit: MAX_RANKED })) {
    const top = (unfiltered ? unfilteredTopStatement(db) : filteredTopStatement(db))
      .pluck()
      .all({ ...params, ...order }) as number[];
    if (top.length === MAX_RANKED) return { total: total(top), ids: top };
  }
  const ids = (unfiltered ? unfilteredRankStatement(db) : filteredRankStatement(db))
    .pluck()
    .all({ ...params, ...order }) as number[];
  return { total: total(ids), ids };
}

const pageRowsStatement = preparedPerConnection(`
  SELECT ${ROW_COLUMNS} FROM organisations o WHERE o.id IN (SELECT value FROM json_each(?))`);

const filteredListCountStatement = preparedPerConnection(`
  SELECT count(*) AS total FROM organisations o WHERE o.status = 'active' ${FILTERS}`);

const filteredListStatement = preparedPerConnection(`
  SELECT ${ROW_COLUMNS} FROM organisations o WHERE o.status = 'active' ${FILTERS}
  ORDER BY o.name COLLATE NOCASE LIMIT @limit OFFSET @offset`);

// An age typed alone (« mineur », « 17 ans »): services meant for that age first, the narrowest range first.
const ageListStatement = preparedPerConnection(`
  SELECT ${ROW_COLUMNS} FROM organisations o WHERE o.status = 'active' ${FILTERS}
  ORDER BY (o.age_min IS NULL AND o.age_max IS NULL), coalesce(o.age_max, 120) - coalesce(o.age_min, 0),
    o.name COLLATE NOCASE
  LIMIT @limit OFFSET @offset`);

type Row = Omit<SearchResult, 'nameHtml' | 'snippetHtml' | 'themes' | 'person' | 'personMatched'> & { body: string };

function filterParams(filters: ResolvedFilters, emergencyOnly = false) {
  return {
    themeId: filters.themeId,
    territories: filters.territories ? JSON.stringify(filters.territories) : null,
    audience: filters.audience,
    age: filters.age,
    ageFrom: filters.ageRange?.min ?? null,
    ageTo: filters.ageRange?.max ?? null,
    emergencyOnly: emergencyOnly ? 1 : null,
  };
}

const noFilters = (filters: ResolvedFilters) =>
  filters.themeId === null &&
  filters.territories === null &&
  filters.audience === null &&
  filters.age === null &&
  filters.ageRange === null;

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
  const counting = countingExpression(db, terms);
  if (counting === null) return { total: 0, results: [] };
  // Only the count wanted (spelling help, partial matches): a ranking already made, else a count, never a ranking.
  if (page.limit === 0) return { total: countMatches(db, match, counting, terms, filters), results: [] };
  const { total, ids: ranked } = rankMatches(
    db,
    match,
    counting,
    terms.map((term) => term.word),
    filters,
  );
  const ids = ranked.slice(page.offset, page.offset + page.limit);
  if (ids.length === 0) return { total, results: [] };
  const byId = new Map((pageRowsStatement(db).all(JSON.stringify(ids)) as Row[]).map((row) => [row.id, row]));
  const rows = ids.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
  return { total, results: decorate(db, rows, terms) };
}

/** The ids of every organisation matching the terms, best first, as searchOrganisations ranks them (no snippets). */
export function rankedOrganisationIds(db: Db, terms: SearchTerm[]): number[] {
  const match = buildMatchExpression(terms);
  const counting = match && countingExpression(db, terms);
  if (!match || !counting) return [];
  return rankMatches(
    db,
    match,
    counting,
    terms.map((term) => term.word),
    NO_FILTERS,
  ).ids;
}

/** Without words, the filters alone list organisations A–Z (e.g. everything for 16-year-olds in one territory). */
function listFilteredOrganisations(
  db: Db,
  filters: ResolvedFilters,
  page: { limit: number; offset: number },
): SearchPage {
  // Only urgency words (« 24/7 », « urgence »): the flagged entries are the answer.
  const params = filterParams(filters, filters.urgent);
  const total = (filteredListCountStatement(db).get(params) as { total: number }).total;
  if (total === 0 || page.offset >= total) return { total, results: [] };
  if (filters.ageRange) {
    const rows = ageListStatement(db).all({ ...params, limit: page.limit, offset: page.offset }) as Row[];
    return { total, results: decorate(db, rows, []) };
  }
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

// Ids first, as for searches: the organisation's columns are read for the few rows shown, not for every match
// (« jeun » at 50,000 organisations: ~3,400 names). The typed words as an acronym come first.
const nameSuggestionStatement = preparedPerConnection(`
  SELECT rowid FROM organisations_fts WHERE organisations_fts MATCH @match
  ORDER BY (rowid IN (SELECT value FROM json_each(@acronymIds))) DESC, ${BM25}
  LIMIT @limit`);

const nameRowsStatement = preparedPerConnection(
  'SELECT id, slug, name, acronym FROM organisations WHERE id IN (SELECT value FROM json_each(?))',
);

/** Organisations whose name or acronym starts with the words typed so far, for the suggestions list. */
export function suggestOrganisationNames(
  db: Db,
  terms: SearchTerm[],
  limit: number,
): { slug: string; name: string; acronym: string | null }[] {
  const prefixed = terms.map((term) => ({ ...term, prefix: true }));
  const expression = buildMatchExpression(prefixed);
  // A word that starts no indexed word: nothing to rank (FTS5 would still merge the other words' doclists).
  if (!expression || spelledOut(db, prefixed) === null) return [];
  const ids = nameSuggestionStatement(db)
    .pluck()
    .all({
      match: `{name acronym} : (${expression})`,
      acronymIds: acronymIds(db, [terms.map((term) => term.word).join(' ')]),
      limit,
    }) as number[];
  if (ids.length === 0) return [];
  const rows = nameRowsStatement(db).all(JSON.stringify(ids)) as {
    id: number;
    slug: string;
    name: string;
    acronym: string | null;
  }[];
  const byId = new Map(rows.map(({ id, ...row }) => [id, row]));
  return ids.map((id) => byId.get(id)).filter((row) => row !== undefined);
}
