import type { Db } from './client.js';

/**
 * Runs `work` in one SQLite transaction (nested calls become savepoints); a throw rolls it all back.
 * better-sqlite3 is synchronous, so queries made through `db` inside `work` join the transaction.
 */
export function inTransaction<T>(db: Db, work: () => T): T {
  return db.$client.transaction(work).immediate();
}
