import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { loadDirectory, type DirectoryEntry } from '../../src/queries/exchange.js';
import { commitImport, previewImport, readImportFile } from '../../src/exchange/import-file.js';
import { publicHsdsZip } from '../../src/exchange/open-data.js';
import { EDITABLE_FIELDS } from '../../src/queries/organisation-edits.js';
import { listThemes } from '../../src/queries/themes.js';
import { createUser } from '../support/auth.js';
import { openTestDatabase } from '../support/db.js';

// A fixed clock for the verification dates (decision 062).
const NOW = new Date('2026-11-25T15:00:00.000Z');
let source: Db;
let target: Db;
beforeEach(() => {
  source = openTestDatabase(':memory:', { clock: () => NOW });
  seedDatabase(source, 'demo');
  // The round trip is about the HSDS mapping: everyone published (consent has its own tests, decision 073).
  source.$client.prepare('update contacts set open_data_consent_at = ?').run(NOW.toISOString());
  // Languages as the export names them: one HSDS row per language with its ISO name (decision 076) comes back as
  // « Français, Anglais », the same languages in other words than « Français et anglais ». Partial addresses, which
  // the export writes in the location's description, come back as they were.
  source.$client.prepare("update organisations set languages = replace(languages, ' et anglais', ', Anglais')").run();
  target = openTestDatabase(':memory:', { clock: () => NOW });
  seedDatabase(target, 'themes');
});
afterEach(() => {
  source.$client.close();
  target.$client.close();
});

const zip = (db: Db) => publicHsdsZip(db, { siteName: 'COSMOSS', homepage: null, modified: NOW });

/** What both sides hold for an entry, without database ids. */
function comparable(db: Db, entry: DirectoryEntry) {
  const slugs = new Map(listThemes(db).map((t) => [t.id, t.slug]));
  const names = new Map(entry.contacts.map((c) => [c.id, c.name]));
  return {
    fields: Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, entry.organisation[f]])),
    status: entry.organisation.status,
    contacts: entry.contacts.map((c) => ({
      name: c.name,
      role: c.role,
      phone: c.phone,
      ext: c.phoneExtension,
      email: c.email,
      primary: c.isPrimary,
    })),
    themes: entry.links
      .map((l) => ({ theme: slugs.get(l.themeId), note: l.note, person: l.contactId ? names.get(l.contactId) : null }))
      .sort((a, b) => String(a.theme).localeCompare(String(b.theme))),
  };
}

describe('HSDS export then import', () => {
  it('into the same directory changes nothing', async () => {
    const preview = previewImport(source, await readImportFile(source, zip(source)), { now: NOW });
    expect(preview.problems).toEqual([]);
    expect(preview.plan?.counts).toEqual({ create: 0, update: 0, unchanged: 46 });
  });

  it('into an empty directory recreates every field both sides have', async () => {
    const user = await createUser(target);
    const result = commitImport(target, user.id, await readImportFile(target, zip(source)), { now: NOW });
    expect(result.preview.problems).toEqual([]);
    expect(result.status).toBe('applied');
    const before = loadDirectory(source, { activeOnly: true }).map((e) => comparable(source, e));
    const after = loadDirectory(target, { activeOnly: false }).map((e) => comparable(target, e));
    expect(after).toEqual(before);
    // And a second import of the same package is recognised entry by entry (by name: ids differ between instances).
    const again = previewImport(target, await readImportFile(target, zip(source)), { now: NOW });
    expect(again.plan?.counts).toEqual({ create: 0, update: 0, unchanged: 46 });
  });
});
