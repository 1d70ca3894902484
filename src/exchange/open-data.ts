import type { Db } from '../db/client.js';
import { listThemes } from '../queries/themes.js';
import { exportDirectoryCsv } from './csv-export.js';
import { listRevisionsOf, loadDirectory } from '../queries/exchange.js';
import { instanceIds } from './hsds/ids.js';
import { buildHsdsTables, buildHsdsZip } from './hsds/export-package.js';

/** The public directory as CSV: active organisations only. */
export function publicDirectoryCsv(db: Db): string {
  return exportDirectoryCsv(loadDirectory(db, { activeOnly: true }), listThemes(db));
}

/** The public HSDS 3.0 package: active organisations, their people, thèmes and history. */
export function publicHsdsZip(db: Db, info: { siteName: string; homepage: string | null; modified: Date }): Uint8Array {
  const entries = loadDirectory(db, { activeOnly: true });
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
