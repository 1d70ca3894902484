import type { Db } from '../db/client.js';
import { dataVersion, preparedPerConnection } from './search-cache.js';

const organisationStatement = preparedPerConnection(`
  SELECT (SELECT version FROM page_versions WHERE scope = 'org:' || o.id) AS own,
         (SELECT version FROM page_versions WHERE scope = 'shared') AS shared
  FROM organisations o WHERE o.slug = ?`);

/**
 * The version of one organisation's page (decision 104): it moves when that organisation, its people or its
 * thème links change, or the thèmes and site settings do — not when another entry is saved. Falls back to
 * the content version for an unknown slug (a redirect or a 404, never cached) and inside a transaction.
 */
export function organisationPageVersion(db: Db, slug: string): string {
  if (db.$client.inTransaction) return dataVersion(db);
  const row = organisationStatement(db).get(slug) as { own: number | null; shared: number | null } | undefined;
  return row ? `org${row.own ?? 0}.${row.shared ?? 0}` : dataVersion(db);
}

const themeStatement = preparedPerConnection(`
  SELECT (SELECT version FROM page_versions WHERE scope = 'theme:' || t.id) AS own,
         (SELECT version FROM page_versions WHERE scope = 'shared') AS shared
  FROM themes t WHERE t.slug = ?`);

/**
 * The version of one thème's page (decision 104): it moves with its links and with the organisations and people
 * it lists, or when the thèmes and site settings change. Same fallbacks as organisationPageVersion.
 */
export function themePageVersion(db: Db, slug: string): string {
  if (db.$client.inTransaction) return dataVersion(db);
  const row = themeStatement(db).get(slug) as { own: number | null; shared: number | null } | undefined;
  return row ? `theme${row.own ?? 0}.${row.shared ?? 0}` : dataVersion(db);
}
