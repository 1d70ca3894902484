import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import type { User } from '../../src/db/schema.js';
import { exportDirectoryCsv } from '../../src/exchange/csv-export.js';
import { loadDirectory } from '../../src/queries/exchange.js';
import { commitImport, previewImport, readImportFile } from '../../src/exchange/import-file.js';
import { countRevisions } from '../../src/queries/revisions.js';
import { listThemes } from '../../src/queries/themes.js';
import { createUser } from '../support/auth.js';
import { openTestDatabase } from '../support/db.js';

// A fixed clock for the verification dates (decision 062).
const NOW = new Date('2026-11-25T15:00:00.000Z');
let db: Db;
let user: User;
beforeEach(async () => {
  db = openTestDatabase(':memory:', { clock: () => NOW });
  seedDatabase(db, 'demo');
  user = await createUser(db, { role: 'admin' });
});
afterEach(() => db.$client.close());

const exportAll = () =>
  new TextEncoder().encode(exportDirectoryCsv(loadDirectory(db, { activeOnly: false }), listThemes(db)));

describe('CSV export then import', () => {
  it('changes nothing: zero created, zero updated, no revision', async () => {
    const revisionsBefore = countRevisions(db);
    const table = await readImportFile(db, exportAll());
    const preview = previewImport(db, table, { now: NOW });
    expect(preview.problems).toEqual([]);
    expect(preview.plan?.counts).toEqual({ create: 0, update: 0, unchanged: 49 });
    const result = commitImport(db, user.id, table, { now: NOW });
    expect(result.status).toBe('applied');
    expect(countRevisions(db)).toBe(revisionsBefore);
  });

  it('the public export (active only) also reads back unchanged', async () => {
    const bytes = new TextEncoder().encode(exportDirectoryCsv(loadDirectory(db, { activeOnly: true }), listThemes(db)));
    const preview = previewImport(db, await readImportFile(db, bytes), { now: NOW });
    expect(preview.problems).toEqual([]);
    expect(preview.plan?.counts).toEqual({ create: 0, update: 0, unchanged: 46 });
  });
});
