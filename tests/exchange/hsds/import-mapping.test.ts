import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/db/client.js';
import { previewImport, readImportFile } from '../../../src/exchange/import-file.js';
import { seedDatabase } from '../../../src/queries/seed.js';
import { openTestDatabase } from '../../support/db.js';
import { expectEveryValueCounted, zipOf } from '../../support/hsds-packages.js';

const NOW = new Date('2026-11-25T15:00:00.000Z');
let db: Db;
beforeEach(() => {
  db = openTestDatabase(':memory:', { clock: () => NOW });
  seedDatabase(db, 'themes');
});
afterEach(() => db.$client.close());

const ORG = '11111111-1111-4111-8111-111111111111';
const SERVICE = '22222222-2222-4222-8222-222222222222';
const OTHER_SERVICE = '33333333-3333-4333-8333-333333333333';
const CONTACT = '44444444-4444-4444-8444-444444444444';

/** A small 3.0 package written by hand, without datapackage.json (files recognised by their names). */
function files(): Record<string, string> {
  return {
    'organizations.csv': `id,name,description,email,website\n${ORG},Maison Soleil,Accueil.,,\n`,
    'services.csv': `id,organization_id,name,description,status,minimum_age,maximum_age,assured_date\n${SERVICE},${ORG},Maison Soleil,<p>Écoute &amp; soutien.</p>,active,12.5,abc,2030-01-01\n${OTHER_SERVICE},${ORG},Halte-garderie,Garde des 0-5 ans.,active,,,\n`,
    'schedules.csv': `id,service_id,byday,opens_at,closes_at,description\ns1,${SERVICE},"MO,TU",09:00,16:30,\n`,
    'phones.csv': `id,organization_id,contact_id,number,extension,type,description\np1,${ORG},,1 800 555-0199,,voice,\np2,${ORG},,418 555-0123,4,voice,\np3,${ORG},,418 555-0124,,fax,\np4,,${CONTACT},+33 1 23 45 67 89,,voice,\n`,
    'contacts.csv': `id,organization_id,name,title,email\n${CONTACT},${ORG},Léa Roy,Intervenante,lea@example.org\n`,
    'taxonomy_terms.csv': `id,code,name,taxonomy\nt1,sante-mentale,Mental health,Thèmes\nt2,X1,Itinérance,Autre\nt3,ABC,Employment,Autre\nt4,DI,Disability,Autre\n`,
    'attributes.csv': `id,link_id,taxonomy_term_id,link_type,link_entity,value\na1,${SERVICE},t1,theme,service,\na2,${SERVICE},t2,theme,service,\na3,${SERVICE},t3,theme,service,\na4,${SERVICE},t3,theme,service,\na5,${SERVICE},t4,theme,service,\n`,
  };
}

describe('mapping a hand-made HSDS 3.0 package', () => {
  it('links thèmes by code, name or keyword, lists the other terms with counts', async () => {
    const preview = previewImport(db, await readImportFile(db, zipOf(files())));
    expect(preview.problems).toEqual([]);
    expectEveryValueCounted(files(), preview.hsds!);
    const entry = preview.plan!.items[0]!.entry;
    const slugs = new Map(
      db.$client
        .prepare('select id, slug from themes')
        .all()
        .map((t) => [(t as { id: number }).id, (t as { slug: string }).slug]),
    );
    expect(entry.themes.map((t) => slugs.get(t.themeId)).sort()).toEqual(['hebergement', 'sante-mentale']);
    expect(preview.hsds!.unmappedTerms).toEqual([
      { id: 't3', term: 'Employment', taxonomy: 'Autre', count: 2 },
      { id: 't4', term: 'Disability', taxonomy: 'Autre', count: 1 },
    ]);
  });

  it('writes hours from days and times, picks main and toll-free phones, keeps the rest in the long field', async () => {
    const preview = previewImport(db, await readImportFile(db, zipOf(files())));
    const { fields, contacts, verifiedDay } = preview.plan!.items[0]!.entry;
    expect(fields.hours).toBe('lundi, mardi, 9\u00a0h à 16\u00a0h 30');
    expect(fields.phone).toBe('418 555-0123');
    expect(fields.phoneExtension).toBe('4');
    expect(fields.tollFreePhone).toBe('1 800 555-0199');
    expect(fields.description).toBe(
      [
        'Écoute & soutien.',
        'Autre service «\u00a0Halte-garderie\u00a0»\u00a0: Garde des 0-5 ans.',
        'Télécopieur\u00a0: 418 555-0124',
      ].join('\n\n'),
    );
    // A non-integer age is rounded down, an unreadable one left out and flagged; a future date is ignored.
    expect(fields.ageMin).toBe(12);
    expect(fields.ageMax).toBeNull();
    expect(verifiedDay).toBe('2030-01-01');
    expect(preview.plan!.items[0]!.verification.reason).toBe('future');
    // The person's only number is French: kept as entered in their fonction, and flagged.
    expect(contacts.map((c) => [c.fields.name, c.fields.role, c.fields.phone])).toEqual([
      ['Léa Roy', 'Intervenante (tél. +33 1 23 45 67 89)', null],
    ]);
    const flags = preview.hsds!.flags.map((f) => `${f.where}, champ ${f.column}`);
    expect(flags).toEqual(['services.csv, ligne 2, champ maximum_age', 'phones.csv, ligne 5, champ number']);
    expect(preview.notices).toContain(
      'L’archive n’a pas de datapackage.json\u00a0: les fichiers sont reconnus par leur nom.',
    );
    expect(
      preview.hsds!.files.find((f) => f.file === 'services.csv')!.lines.find((l) => l.field === 'description'),
    ).toMatchObject({ outcome: 'transformed', count: 1, detail: 'Services offerts (HTML converti en texte)' });
  });
});

describe('phone numbers', () => {
  it('a number with another country code is foreign even with ten digits; it never becomes the main line', async () => {
    const package_ = {
      'organizations.csv': `id,name\n${ORG},Maison Soleil\n`,
      'phones.csv': `id,organization_id,number,extension,type\np1,${ORG},+44 1234 5678,,voice\np2,${ORG},418 555-0123,poste 7,voice\n`,
    };
    const preview = previewImport(db, await readImportFile(db, zipOf(package_)));
    expect(preview.problems).toEqual([]);
    const { fields } = preview.plan!.items[0]!.entry;
    expect([fields.phone, fields.phoneExtension]).toEqual(['418 555-0123', '7']);
    expect(fields.description).toBe('Téléphone\u00a0: +44 1234 5678');
    expect(preview.hsds!.flags).toEqual([
      {
        where: 'phones.csv, ligne 2',
        column: 'number',
        message:
          'Numéro «\u00a0+44 1234 5678\u00a0» hors Amérique du Nord\u00a0: gardé tel quel dans «\u00a0Services offerts\u00a0», à vérifier.',
      },
    ]);
  });
});
