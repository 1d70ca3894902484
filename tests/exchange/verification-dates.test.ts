import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import type { Organisation, User } from '../../src/db/schema.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { layoutHeader } from '../../src/exchange/columns.js';
import { writeSpreadsheetCsv } from '../../src/exchange/csv-write.js';
import { commitImport, previewImport, readImportFile } from '../../src/exchange/import-file.js';
import { publicDirectoryCsv, publicHsdsZip } from '../../src/exchange/open-data.js';
import { createUser } from '../support/auth.js';
import { openTestDatabase } from '../support/db.js';
import { createContact, createOrganisation } from '../support/factories.js';

// A fixed clock: these tests must pass on any day.
const NOW = new Date('2026-11-25T15:00:00.000Z');

let db: Db;
let user: User;
beforeEach(async () => {
  db = openTestDatabase(':memory:', { clock: () => NOW });
  user = await createUser(db);
});
afterEach(() => db.$client.close());

const HEADER = layoutHeader(3);
const csv = (rows: Record<string, string>[]) =>
  new TextEncoder().encode(
    writeSpreadsheetCsv(
      HEADER,
      rows.map((row) => HEADER.map((c) => row[c] ?? '')),
    ),
  );
const orgDate = (name: string) =>
  (
    db.$client.prepare('select verified_at from organisations where name = ?').get(name) as
      { verified_at: string | null } | undefined
  )?.verified_at;
const contactDates = (name: string) =>
  (
    db.$client
      .prepare(
        'select c.name, c.verified_at from contacts c join organisations o on o.id = c.organisation_id where o.name = ? order by c.name',
      )
      .all(name) as { name: string; verified_at: string | null }[]
  ).map((c) => [c.name, c.verified_at]);

async function commit(bytes: Uint8Array) {
  const result = commitImport(db, user.id, await readImportFile(db, bytes), { now: NOW });
  expect(result.preview.problems).toEqual([]);
  expect(result.status).toBe('applied');
  return result;
}

describe('verification dates on import', () => {
  it('the directory’s own export, imported into an empty one, keeps stale and never-verified entries as they were', async () => {
    const source = openTestDatabase(':memory:', { clock: () => NOW });
    seedDatabase(source, 'demo');
    const dates = (from: Db) =>
      Object.fromEntries(
        (
          from.$client
            .prepare("select name, verified_at from organisations where status = 'active' order by name")
            .all() as { name: string; verified_at: string | null }[]
        ).map((o) => [o.name, o.verified_at?.slice(0, 10) ?? null]),
      );
    const expected = dates(source);
    const stale = (all: Record<string, string | null>) =>
      Object.values(all).filter((d) => d !== null && d < '2025-11-25').length;
    expect([stale(expected), Object.values(expected).filter((d) => d === null).length]).toEqual([7, 2]);
    for (const file of [
      new TextEncoder().encode(publicDirectoryCsv(source)),
      publicHsdsZip(source, { siteName: 'Source', homepage: null, modified: NOW }),
    ]) {
      db.$client.close();
      db = openTestDatabase(':memory:', { clock: () => NOW });
      seedDatabase(db, 'themes');
      user = await createUser(db);
      await commit(file);
      expect(dates(db)).toEqual(expected);
      // People come with their organisation's date: none for an entry nobody verified.
      const people = db.$client
        .prepare(
          'select count(*) as n from contacts c join organisations o on o.id = c.organisation_id where c.verified_at is not o.verified_at',
        )
        .get();
      expect(people).toEqual({ n: 0 });
    }
    source.$client.close();
  });

  it('a re-import without dates leaves existing entries (and their people) with the dates they had', async () => {
    const entries: Organisation[] = [];
    for (let i = 0; i < 9; i++) {
      const verifiedAt = i < 7 ? `2024-0${1 + (i % 9)}-15T12:00:00.000Z` : null;
      const org = createOrganisation(db, { name: `Organisme ${i}`, verifiedAt });
      createContact(db, org, { name: `Personne ${i}`, verifiedAt });
      entries.push(org);
    }
    const before = entries.map((o) => [orgDate(o.name), contactDates(o.name)]);
    // Every row changes the phone and the person's role, and adds someone: real updates, yet nobody verified anything.
    await commit(
      csv(
        entries.map((o, i) => ({
          nom: o.name,
          resume: o.summary,
          description: o.description,
          territoire: o.territory ?? '',
          telephone: '418 555-0199',
          personne1_nom: `Personne ${i}`,
          personne1_fonction: 'Directrice',
          personne2_nom: `Nouvelle ${i}`,
        })),
      ),
    );
    expect(db.$client.prepare("select count(*) as n from organisations where phone = '418 555-0199'").get()).toEqual({
      n: 9,
    });
    expect(
      entries.map((o) => [
        orgDate(o.name),
        contactDates(o.name).filter(([name]) => !String(name).startsWith('Nouvelle')),
      ]),
    ).toEqual(before);
    expect(
      db.$client
        .prepare("select count(*) as n from contacts where name like 'Nouvelle%' and verified_at is null")
        .get(),
    ).toEqual({ n: 9 });
  });

  it('a new organisation takes a plausible date from the file, otherwise it stays unverified; its people follow it', async () => {
    const result = await commit(
      csv([
        { nom: 'Daté du fichier', verifie_le: '2026-10-01', personne1_nom: 'Anne Roy' },
        { nom: 'Sans date', personne1_nom: 'Berthe Roy' },
        { nom: 'Date future', verifie_le: '2027-01-15', personne1_nom: 'Carole Roy' },
        { nom: 'Date trop ancienne', verifie_le: '1999-12-31' },
        { nom: 'Vérifié aujourd’hui', verifie_le: '2026-11-25' },
        { nom: 'Date et heure', verifie_le: '2026-09-30T22:10:00Z' },
      ]),
    );
    expect(orgDate('Daté du fichier')).toBe('2026-10-01T12:00:00.000Z');
    expect(contactDates('Daté du fichier')).toEqual([['Anne Roy', '2026-10-01T12:00:00.000Z']]);
    expect(orgDate('Sans date')).toBeNull();
    expect(contactDates('Sans date')).toEqual([['Berthe Roy', null]]);
    expect(orgDate('Date future')).toBeNull();
    expect(contactDates('Date future')).toEqual([['Carole Roy', null]]);
    expect(orgDate('Date trop ancienne')).toBeNull();
    // Never later than the clock, even for today's date.
    expect(orgDate('Vérifié aujourd’hui')).toBe('2026-11-25T12:00:00.000Z');
    expect(orgDate('Date et heure')).toBe('2026-09-30T12:00:00.000Z');
    const reasons = Object.fromEntries(
      result.preview.plan!.items.map((i) => [i.entry.fields.name, i.verification.reason]),
    );
    expect(reasons).toEqual({
      'Daté du fichier': 'file',
      'Sans date': 'none',
      'Date future': 'future',
      'Date trop ancienne': 'too-old',
      'Vérifié aujourd’hui': 'file',
      'Date et heure': 'file',
    });
  });

  it('an existing organisation takes a later date from the file and keeps its own otherwise, with a revision', async () => {
    const base = { resume: '', description: '' };
    const older = createOrganisation(db, {
      name: 'Plus ancien',
      summary: '',
      description: '',
      verifiedAt: '2025-03-01T12:00:00.000Z',
    });
    createOrganisation(db, {
      name: 'Plus récent',
      summary: '',
      description: '',
      verifiedAt: '2026-11-01T12:00:00.000Z',
    });
    createOrganisation(db, { name: 'Jamais vérifié', summary: '', description: '', verifiedAt: null });
    createOrganisation(db, { name: 'Futur', summary: '', description: '', verifiedAt: '2025-05-05T12:00:00.000Z' });
    const rows = [
      {
        ...base,
        nom: 'Plus ancien',
        verifie_le: '2026-06-30',
        territoire: older.territory ?? '',
        telephone: older.phone ?? '',
      },
      { ...base, nom: 'Plus récent', verifie_le: '2026-02-01' },
      { ...base, nom: 'Jamais vérifié', verifie_le: '2026-01-10' },
      { ...base, nom: 'Futur', verifie_le: '2030-01-01' },
    ];
    const preview = previewImport(db, await readImportFile(db, csv(rows)), { now: NOW });
    const items = new Map(preview.plan!.items.map((i) => [i.entry.fields.name, i]));
    // A newer date is a change the preview lists, even when nothing else differs.
    expect(items.get('Plus ancien')!.action).toBe('update');
    expect(items.get('Plus ancien')!.changes).toContainEqual({
      label: 'Vérifié le',
      before: '2025-03-01',
      after: '2026-06-30',
    });
    expect(items.get('Plus ancien')!.verification.reason).toBe('file');
    expect(items.get('Plus récent')!.verification.reason).toBe('kept');
    expect(items.get('Jamais vérifié')!.verification.reason).toBe('file');
    expect(items.get('Futur')!.verification.reason).toBe('future');

    await commit(csv(rows));
    expect(orgDate('Plus ancien')).toBe('2026-06-30T12:00:00.000Z');
    expect(orgDate('Plus récent')).toBe('2026-11-01T12:00:00.000Z');
    expect(orgDate('Jamais vérifié')).toBe('2026-01-10T12:00:00.000Z');
    expect(orgDate('Futur')).toBe('2025-05-05T12:00:00.000Z');
    const revision = db.$client
      .prepare("select action, user_id, before, after from revisions where entity_id = ? and action = 'verify'")
      .get(older.id) as { action: string; user_id: number; before: string; after: string };
    expect(revision.user_id).toBe(user.id);
    expect(JSON.parse(revision.after)).toEqual({ verifiedAt: '2026-06-30T12:00:00.000Z' });
  });

  it('refuses a date it cannot read, in French, and writes nothing', async () => {
    const result = commitImport(
      db,
      user.id,
      await readImportFile(
        db,
        csv([
          { nom: 'Date ambiguë', verifie_le: '11/10/2026' },
          { nom: 'Pas une date', verifie_le: '2026-02-30' },
        ]),
      ),
      { now: NOW },
    );
    expect(result.status).toBe('invalid');
    expect(result.preview.problems.map((p) => [p.where, p.column, p.message.replace(/\u00a0/g, ' ')])).toEqual([
      [
        'ligne 2',
        'verifie_le',
        'Date de vérification illisible « 11/10/2026 » : écrivez-la AAAA-MM-JJ (par exemple 2026-11-22), ou laissez la cellule vide.',
      ],
      [
        'ligne 3',
        'verifie_le',
        'Date de vérification illisible « 2026-02-30 » : écrivez-la AAAA-MM-JJ (par exemple 2026-11-22), ou laissez la cellule vide.',
      ],
    ]);
    expect(db.$client.prepare('select count(*) as n from organisations').get()).toEqual({ n: 0 });
  });

  it('an HSDS package gives its dates through the service’s assured_date', async () => {
    const source = openTestDatabase(':memory:', { clock: () => NOW });
    createOrganisation(source, { name: 'Partenaire daté', verifiedAt: '2026-08-20T09:00:00.000Z' });
    createOrganisation(source, { name: 'Partenaire sans date', verifiedAt: null });
    const zip = publicHsdsZip(source, { siteName: 'Partenaire', homepage: null, modified: NOW });
    source.$client.close();
    await commit(zip);
    expect(orgDate('Partenaire daté')).toBe('2026-08-20T12:00:00.000Z');
    expect(orgDate('Partenaire sans date')).toBeNull();
  });
});
