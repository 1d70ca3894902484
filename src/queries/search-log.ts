import type { Db } from '../db/client.js';
import { daysAgoIso, isoDate } from '../lib/dates.js';
import { inTransaction } from '../db/transaction.js';
import { preparedPerConnection } from './search-cache.js';

/** Days a row of the search log is kept (decision 078): the dashboard's longest period. */
export const SEARCH_LOG_RETENTION_DAYS = 90;
/** A query searched fewer times than this in the period is not shown: a one-off text may name a client. */
export const SEARCH_LOG_MIN_SHOWN = 2;

const upsert = preparedPerConnection(
  `INSERT INTO search_log (day, words, searches, empty_searches, last_results) VALUES (?, ?, ?, ?, ?)
   ON CONFLICT (day, words) DO UPDATE SET searches = searches + excluded.searches,
     empty_searches = empty_searches + excluded.empty_searches, last_results = excluded.last_results`,
);
const prune = preparedPerConnection('DELETE FROM search_log WHERE day < ?');

// The day each connection last pruned: the retention moves by days, so once a day is enough.
const prunedOn = new WeakMap<object, string>();

/** Searches of the same (already normalised) words on one day, counted together. */
export interface SearchCount {
  day: string;
  words: string;
  searches: number;
  emptySearches: number;
  /** The result count of the latest of them. */
  lastResults: number;
}

/** One search of these words, now. */
export function oneSearch(now: Date, words: string, results: number): SearchCount {
  return { day: isoDate(now), words, searches: 1, emptySearches: results === 0 ? 1 : 0, lastResults: results };
}

/**
 * Adds the counts in one transaction (one commit for many searches, decision 106) and drops the days
 * past the retention period.
 */
export function addSearchCounts(db: Db, counts: Iterable<SearchCount>): void {
  const now = db.clock();
  const today = isoDate(now);
  inTransaction(db, () => {
    for (const count of counts)
      upsert(db).run(count.day, count.words, count.searches, count.emptySearches, count.lastResults);
    if (prunedOn.get(db.$client) !== today) prune(db).run(firstKeptDay(now));
  });
  prunedOn.set(db.$client, today);
}

export function firstKeptDay(now: Date): string {
  return isoDate(daysAgoIso(SEARCH_LOG_RETENTION_DAYS - 1, now));
}

export interface LoggedSearch {
  words: string;
  searches: number;
  emptySearches: number;
  /** The result count of the latest search of these words in the period. */
  lastResults: number;
}

const TOTALS = `SELECT words, SUM(searches) AS searches, SUM(empty_searches) AS emptySearches,
  (SELECT last_results FROM search_log l2 WHERE l2.words = l.words ORDER BY day DESC LIMIT 1) AS lastResults
  FROM search_log l WHERE day >= ? GROUP BY words HAVING SUM(searches) >= ?`;

const frequent = preparedPerConnection(`${TOTALS} ORDER BY searches DESC, words LIMIT ?`);
const frequentEmpty = preparedPerConnection(
  `${TOTALS} AND SUM(empty_searches) > 0 ORDER BY emptySearches DESC, searches DESC, words LIMIT ?`,
);

/** The most frequent searches of the last `days` days (today included). */
export function mostFrequentSearches(db: Db, days: number, limit: number): LoggedSearch[] {
  return frequent(db).all(periodStart(db, days), SEARCH_LOG_MIN_SHOWN, limit) as LoggedSearch[];
}

/** The searches that most often found nothing in the last `days` days. */
export function mostFrequentEmptySearches(db: Db, days: number, limit: number): LoggedSearch[] {
  return frequentEmpty(db).all(periodStart(db, days), SEARCH_LOG_MIN_SHOWN, limit) as LoggedSearch[];
}

const totals = preparedPerConnection(
  'SELECT COALESCE(SUM(searches), 0) AS searches, COALESCE(SUM(empty_searches), 0) AS emptySearches FROM search_log WHERE day >= ?',
);

/** All searches of the period, shown or not. */
export function searchTotals(db: Db, days: number): { searches: number; emptySearches: number } {
  return totals(db).get(periodStart(db, days)) as { searches: number; emptySearches: number };
}

function periodStart(db: Db, days: number): string {
  return isoDate(daysAgoIso(days - 1, db.clock()));
}
