import type { Db } from '../db/client.js';
import { dataVersion, preparedPerConnection } from './search-cache.js';

// One statement per page kind: the page's own version (`org:<id>` or `theme:<id>`) and the shared one.
const versionStatement = (table: 'organisations' | 'themes', scope: 'org' | 'theme') =>
  preparedPerConnection(`
    SELECT (SELECT version FROM page_versions WHERE scope = '${scope}:' || t.id) AS own,
           (SELECT version FROM page_versions WHERE scope = 'shared') AS shared
    FROM ${table} t WHERE t.slug = ?`);

const organisationStatement = versionStatement('organisations', 'org');
const themeStatement = versionStatement('themes', 'theme');

function pageVersion(db: Db, statement: typeof organisationStatement, prefix: string, slug: string): string {
  if (db.$client.inTransaction) return dataVersion(db);
  const row = statement(db).get(slug) as { own: number | null; shared: number | null } | undefined;
  return row ? `${prefix}${row.own ?? 0}.${row.shared ?? 0}` : dataVersion(db);
}

/**
 * The version of one organisation's page (decision 104): it moves when that organisation, its people or its
 * thème links change, or the thèmes and site settings do — not when another entry is saved. Falls back to
 * the content version for an unknown slug (a redirect or a 404, never cached) and inside a transaction.
 */
export function organisationPageVersion(db: Db, slug: string): string {
  return pageVersion(db, organisationStatement, 'org', slug);
}

/**
 * The version of one thème's page (decision 104): it moves with its links and with the organisations and people
 * it lists, or when the thèmes and site settings change. Same fallbacks as organisationPageVersion.
 */
export function themePageVersion(db: Db, slug: string): string {
  return pageVersion(db, themeStatement, 'theme', slug);
}
