import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { addSearchCounts, oneSearch, type SearchCount } from '../queries/search-log.js';

declare module 'fastify' {
  interface FastifyInstance {
    searchLog: SearchLog;
  }
}

export interface SearchLog {
  /** Counts one search; written with the others of the same second. */
  record(words: string, results: number): void;
  /** Writes what is pending now: before the log is read, and at close. */
  flush(): void;
}

/** How long searches wait in memory: one commit (and fsync) per second instead of one per search. */
export const SEARCH_LOG_FLUSH_MS = 1000;

/**
 * The anonymous search log (decision 078) written in batches (decision 106). A crash loses at most the
 * last second's counts; a failed write is logged without the words and never fails a search.
 */
export const searchLogPlugin = fp(async function searchLog(app: FastifyInstance) {
  let pending = new Map<string, SearchCount>();
  let timer: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (timer) return;
    timer = setTimeout(flush, SEARCH_LOG_FLUSH_MS);
    timer.unref();
  };

  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    // A test's database may close before this hook runs.
    if (pending.size === 0 || !app.db.$client.open) return;
    // An import's commit holds the write lock: writing now would freeze the thread in SQLite's busy wait.
    if (app.imports.committing) return schedule();
    const counts = pending.values();
    pending = new Map();
    try {
      addSearchCounts(app.db, counts);
    } catch (error) {
      app.log.warn({ err: (error as Error).message }, 'searches not logged');
    }
  };

  const record = (words: string, results: number) => {
    const search = oneSearch(app.db.clock(), words, results);
    const key = `${search.day} ${search.words}`;
    const counted = pending.get(key);
    if (counted) {
      counted.searches += 1;
      counted.emptySearches += search.emptySearches;
      counted.lastResults = results;
    } else pending.set(key, search);
    schedule();
  };

  app.decorate('searchLog', { record, flush });
  // Before the database closes (its hook was added first; onClose hooks run in reverse order), once any
  // running import has ended.
  app.addHook('onClose', async () => {
    await app.imports.idle();
    flush();
  });
});
