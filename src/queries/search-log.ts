import type { Db } from '../db/client.js';
import { daysAgoIso, isoDate } from '../lib/dates.js';
import { preparedPerConnection } from './search-cache.js';

/** Days a row of the search log is kept (decision 078): the dashboard's longest period. */
export const SEARCH_LOG_RETENTION_DAYS = 90;
/** A query searched fewer times than this in the period is not shown: a one-off text may name a client. */
export const SEARCH_LOG_MIN_SHOWN = 2;

const upsert = preparedPerConnection(
  `INSERT INTO search_log (day, words, searches, empty_searches, last_results) VALUES (?, ?, 1, ?, ?)
   ON CONFLICT (day, words) DO UPDATE SET searches = searches + 1,
     empty_searches = empty_searches + excluded.empty_searches, last_results = excluded.last_results`,
);
const prune = preparedPerConnection('DELETE FROM search_log WHERE day < ?');

// The day each connection last pruned: the retention moves by days, so once a day is enough.
const prunedOn = new WeakMap<object, string>();

/** Counts one search of these (already normalised) words and drops the days past the retention period. */
export function recordSearch(db: Db, words: string, results: number): void {
  const now = db.clock();
  const day = isoDate(now);
  upsert(db).run(day, words, results === 0 ? 1 : 0, results);
  if (prunedOn.get(db.$client) !== day) {
    prune(db).run(firstKeptDay(now));
    prunedOn.set(db.$client, day);
  }
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
