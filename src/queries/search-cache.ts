import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';

let uncommitted = 0;

/**
 * The content version (decision 095): a counter that triggers on the directory's tables bump, in any
 * process (CLI, import worker), so sessions, sign-ins and other bookkeeping leave caches alone. Inside a
 * transaction, a value that never matches again: a rollback would otherwise reuse a counter value.
 */
export function dataVersion(db: Db): string {
  if (db.$client.inTransaction) return `tx${++uncommitted}`;
  return String(versionStatement(db).pluck().get());
}

const versionStatement = preparedPerConnection('SELECT version FROM content_version WHERE id = 1');

/** One cached value per database connection, recomputed when the data changes. */
export function cachedPerVersion<T>(compute: (db: Db) => T): (db: Db) => T {
  const cache = new WeakMap<object, { version: string; value: T }>();
  return (db) => {
    const version = dataVersion(db);
    const hit = cache.get(db.$client);
    if (hit && hit.version === version) return hit.value;
    const value = compute(db);
    cache.set(db.$client, { version, value });
    return value;
  };
}

/**
 * Answers remembered per connection until the data changes; past `limit` keys they are all forgotten at
 * once (a bound, not an LRU: the same few answers come back at once).
 */
export function rememberedPerVersion<K, V>(limit: number): (db: Db, key: K, compute: () => V) => V {
  const answers = cachedPerVersion(() => new Map<K, V>());
  return (db, key, compute) => {
    const known = answers(db);
    if (known.has(key)) return known.get(key)!;
    const value = compute();
    if (known.size >= limit) known.clear();
    known.set(key, value);
    return value;
  };
}

/** Prepared statements kept per connection: preparing FTS queries costs more than running them. */
export function preparedPerConnection(sql: string): (db: Db) => Database.Statement {
  const cache = new WeakMap<object, Database.Statement>();
  return (db) => {
    let statement = cache.get(db.$client);
    if (!statement) {
      statement = db.$client.prepare(sql);
      cache.set(db.$client, statement);
    }
    return statement;
  };
}
