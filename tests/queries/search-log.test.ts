import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import {
  addSearchCounts,
  mostFrequentEmptySearches,
  mostFrequentSearches,
  oneSearch,
  SEARCH_LOG_RETENTION_DAYS,
  searchTotals,
} from '../../src/queries/search-log.js';
import { DAY_MS, testClock, type TestClock } from '../support/clock.js';
import { openTestDatabase } from '../support/db.js';

let db: Db;
let clock: TestClock;

beforeEach(() => {
  clock = testClock();
  db = openTestDatabase(':memory:', { clock });
});
afterEach(() => db.$client.close());

// One search written at once (the server batches them: plugins/search-log).
const recordSearch = (database: Db, words: string, results: number) =>
  addSearchCounts(database, [oneSearch(database.clock(), words, results)]);
const rows = () => db.$client.prepare('SELECT * FROM search_log ORDER BY day, words').all();

describe('search log', () => {
  it('keeps one row per day and query, with counts only', () => {
    recordSearch(db, 'dormir', 0);
    recordSearch(db, 'dormir', 0);
    recordSearch(db, 'hebergement', 12);
    clock.advance(DAY_MS);
    recordSearch(db, 'dormir', 3);
    expect(rows()).toEqual([
      { day: '2026-11-22', words: 'dormir', searches: 2, empty_searches: 2, last_results: 0 },
      { day: '2026-11-22', words: 'hebergement', searches: 1, empty_searches: 0, last_results: 12 },
      { day: '2026-11-23', words: 'dormir', searches: 1, empty_searches: 0, last_results: 3 },
    ]);
    const columns = db.$client.prepare("SELECT name FROM pragma_table_info('search_log')").pluck().all();
    expect(columns).toEqual(['day', 'words', 'searches', 'empty_searches', 'last_results']);
  });

  it('ranks the frequent and the empty searches of the period, hiding one-off queries', () => {
    for (let i = 0; i < 5; i++) recordSearch(db, 'hebergement', 12);
    for (let i = 0; i < 3; i++) recordSearch(db, 'dormir', 0);
    recordSearch(db, 'anxieux', 0);
    recordSearch(db, 'anxieux', 0);
    recordSearch(db, 'jean tremblay', 0);
    expect(mostFrequentSearches(db, 30, 10).map((row) => [row.words, row.searches])).toEqual([
      ['hebergement', 5],
      ['dormir', 3],
      ['anxieux', 2],
    ]);
    expect(mostFrequentEmptySearches(db, 30, 10)).toEqual([
      { words: 'dormir', searches: 3, emptySearches: 3, lastResults: 0 },
      { words: 'anxieux', searches: 2, emptySearches: 2, lastResults: 0 },
    ]);
    expect(searchTotals(db, 30)).toEqual({ searches: 11, emptySearches: 6 });
  });

  it('counts a period back from the clock and reports the latest result count', () => {
    recordSearch(db, 'dormir', 0);
    recordSearch(db, 'dormir', 0);
    clock.advance(40 * DAY_MS);
    recordSearch(db, 'dormir', 4);
    recordSearch(db, 'dormir', 4);
    expect(mostFrequentEmptySearches(db, 30, 10)).toEqual([]);
    expect(mostFrequentEmptySearches(db, 90, 10)).toEqual([
      { words: 'dormir', searches: 4, emptySearches: 2, lastResults: 4 },
    ]);
  });

  it(`forgets the days older than ${SEARCH_LOG_RETENTION_DAYS}`, () => {
    recordSearch(db, 'dormir', 0);
    clock.advance((SEARCH_LOG_RETENTION_DAYS - 1) * DAY_MS);
    recordSearch(db, 'vih', 0);
    expect(rows()).toHaveLength(2);
    clock.advance(DAY_MS);
    recordSearch(db, 'vih', 0);
    expect(rows().map((row) => (row as { words: string }).words)).toEqual(['vih', 'vih']);
  });
});
