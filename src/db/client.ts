import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { migrationsDir } from '../lib/paths.js';
import { foldText } from '../lib/slug.js';
import * as schema from './schema.js';

/** Where "now" comes from: the system clock in production, a fixed or moving time in tests. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export type Db = BetterSQLite3Database<typeof schema> & {
  $client: Database.Database;
  /** The time every write stamps and every "older than 12 months" compares with. */
  clock: Clock;
};

export interface OpenOptions {
  /** Called with every SQL statement run: lets tests count queries. */
  onQuery?: (sql: string) => void;
  clock?: Clock;
}

/** Opens (creating its folder if needed), tunes and migrates the database. */
export function openDatabase(databasePath: string, options: OpenOptions = {}): Db {
  if (databasePath !== ':memory:') {
    fs.mkdirSync(path.dirname(path.resolve(databasePath)), { recursive: true });
  }
  const sqlite = new Database(databasePath, {
    verbose: options.onQuery ? (message) => options.onQuery?.(String(message)) : undefined,
  });
  // Pragmas belong to the connection, never to a migration (they do not stick there).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // 8 MB of page cache (default 2 MB): large directories keep their FTS and join pages in memory.
  sqlite.pragma('cache_size = -8000');
  // Accent- and case-insensitive matching for admin lists (queries only, never in schema objects).
  sqlite.function('fold', { deterministic: true }, (value: unknown) =>
    typeof value === 'string' ? foldText(value).toLowerCase() : value,
  );
  const db = Object.assign(drizzle(sqlite, { schema }), { clock: options.clock ?? systemClock }) as Db;
  migrate(db, { migrationsFolder: migrationsDir });
  return db;
}

export function closeDatabase(db: Db): void {
  if (!db.$client.open) return;
  try {
    db.$client.pragma('optimize');
  } finally {
    db.$client.close();
  }
}

/** The database clock's time as stored in timestamp columns (ISO 8601 UTC). */
export function nowIso(db: Pick<Db, 'clock'>): string {
  return db.clock().toISOString();
}
