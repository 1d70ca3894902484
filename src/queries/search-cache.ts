import type Database from 'better-sqlite3';
import type { Db } from '../db/client.js';

/**
 * Changes whenever the database does: writes through this connection bump total_changes(), commits from
 * other connections (CLI, another process) bump data_version. Lets derived data be cached safely.
 */
export function dataVersion(db: Db): string {
  const row = versionStatement(db).get() as { changes: number; external: number };
  return `${row.changes}:${row.external}`;
}

const versionStatement = preparedPerConnection(
  'SELECT total_changes() AS changes, (SELECT data_version FROM pragma_data_version) AS external',
);

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
