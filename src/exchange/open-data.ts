import type { Db } from '../db/client.js';
import { listThemes } from '../queries/themes.js';
import { withConsentingPeople } from '../lib/open-data/consent.js';
import { exportDirectoryCsv } from './csv-export.js';
import { listRevisionsOf, loadDirectory, type DirectoryEntry } from '../queries/exchange.js';
import { instanceIds } from './hsds/ids.js';
import { buildHsdsTables, buildHsdsZip } from './hsds/export-package.js';

/**
 * What open data may hold (decision 073): active organisations, and only the people who consented to be
 * published; a thème designating someone else keeps the thème and loses the person.
 */
export function openDataEntries(entries: DirectoryEntry[]): DirectoryEntry[] {
  return entries.map((entry) => ({ ...entry, ...withConsentingPeople(entry.contacts, entry.links) }));
}

/** The public directory as CSV: active organisations only, people with consent only. */
export function publicDirectoryCsv(db: Db): string {
  return exportDirectoryCsv(openDataEntries(loadDirectory(db, { activeOnly: true })), listThemes(db));
}

/** The public HSDS 3.0 package: active organisations, their consenting people, thèmes and history. */
export function publicHsdsZip(db: Db, info: { siteName: string; homepage: string | null; modified: Date }): Uint8Array {
  const entries = openDataEntries(loadDirectory(db, { activeOnly: true }));
  const tables = buildHsdsTables(
    entries,
    listThemes(db),
    listRevisionsOf(
      db,
      entries.map((e) => e.organisation.id),
    ),
    instanceIds(db),
  );
  return buildHsdsZip(tables, info);
}
