import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { contacts, organisations, siteMeta, themes } from '../db/schema.js';
import { preparedPerConnection } from './search-cache.js';

// Read on every page (the demo notice): one statement prepared per connection, not a query built per request.
const metaStatement = preparedPerConnection('SELECT value FROM site_meta WHERE key = ?');

export function getMeta(db: Db, key: string): string | null {
  return (metaStatement(db).get(key) as { value: string } | undefined)?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.insert(siteMeta).values({ key, value }).onConflictDoUpdate({ target: siteMeta.key, set: { value } }).run();
}

/** Which seed filled this database ("demo" shows the demonstration notice on every page). */
export function getDataset(db: Db): string | null {
  return getMeta(db, 'dataset');
}

/** The latest change to any entry: the "mis à jour le" date of the directory. */
export function findLastUpdate(db: Db): string | null {
  const row = db
    .select({
      latest: sql<string | null>`max(
        coalesce((select max(${organisations.updatedAt}) from ${organisations}), ''),
        coalesce((select max(${contacts.updatedAt}) from ${contacts}), ''),
        coalesce((select max(${themes.updatedAt}) from ${themes}), ''))`,
    })
    .from(sql`(select 1)`)
    .get();
  return row?.latest || null;
}
