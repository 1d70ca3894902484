import type Database from 'better-sqlite3';
import type { Db } from './client.js';

/**
 * Makes the connection reuse prepared statements by SQL text (least recently used dropped past `max`).
 * Drizzle prepares every query it runs, and preparing a write on a table with search-index triggers
 * compiles those triggers each time: a third of a bulk import's time. Only for connections whose code
 * never iterates one statement inside another (the import worker, the CLI import).
 */
export function cacheStatements(db: Db, max = 500): void {
  const client = db.$client;
  const prepare = client.prepare.bind(client);
  const cache = new Map<string, Database.Statement>();
  client.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement) {
      cache.delete(source);
      // Drizzle switches readers to raw (array) rows when it maps fields itself; start each use in the default mode.
      if (statement.reader) statement.raw(false);
    } else {
      statement = prepare(source);
    }
    cache.set(source, statement);
    if (cache.size > max) cache.delete(cache.keys().next().value!);
    return statement;
  }) as typeof client.prepare;
}
