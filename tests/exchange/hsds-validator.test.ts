import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { publicHsdsZip } from '../../src/exchange/open-data.js';
import { partialAddressFromHsds, partialAddressText, summaryFromHsds } from '../../src/exchange/hsds/export-entries.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { openTestDatabase } from '../support/db.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { editFirstOrganisation, frictionlessErrors, jsonSchemaErrors, unzipHsds } from '../support/hsds-validation.js';

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
});
afterEach(() => db.$client.close());

const zip = () =>
  publicHsdsZip(db, {
    siteName: 'COSMOSS Rimouski-Neigette',
    homepage: null,
    modified: new Date('2026-11-22T12:00:00Z'),
  });

describe('the HSDS package passes validators this project did not write', () => {
  it('demo data: datapackage-js (Frictionless) finds no error, every row matches its official JSON schema', async () => {
    seedDatabase(db, 'demo');
    // An edit of a thème list and of a phone: metadata rows with JSON values and hidden values.
    await editFirstOrganisation(db, { phone: '418 555-0199', languages: 'Français, anglais et espagnol' }, (themes) =>
      themes.slice(1),
    );
    const bytes = zip();
    expect(await frictionlessErrors(unzipHsds(bytes).files)).toEqual([]);
    expect(jsonSchemaErrors(bytes)).toEqual([]);
    const { tables } = unzipHsds(bytes);
    expect(tables.get('organization')!.length).toBeGreaterThan(40);
    expect(tables.get('metadata')!.length).toBeGreaterThan(0);
  });

  it('sparse data: no address, phone, contact nor description is still a valid package', async () => {
    const theme = createTheme(db);
    const bare = createOrganisation(db, {
      name: 'Organisme sans rien',
      summary: '',
      description: '',
      phone: null,
      territory: null,
      verifiedAt: null,
    });
    linkTheme(db, bare, theme);
    createOrganisation(db, { name: 'Ville seulement', city: 'Rimouski', summary: '', address: null, postalCode: null });
    createOrganisation(db, { name: 'Sans code postal', address: '12, rue Principale', city: 'Rimouski' });
    const withPeople = createOrganisation(db, { name: 'Avec personnes', languages: 'Français et innu' });
    createContact(db, withPeople, { phone: null, email: null, role: '' });
    createContact(db, withPeople, { openDataConsentAt: null });
    const bytes = zip();
    expect(await frictionlessErrors(unzipHsds(bytes).files)).toEqual([]);
    expect(jsonSchemaErrors(bytes)).toEqual([]);
  });

  it('the validator is not a rubber stamp: it refuses a dangling foreign key and an empty required value', async () => {
    const organisation = createOrganisation(db, { name: 'Témoin' });
    createContact(db, organisation);
    const { files } = unzipHsds(zip());
    const broken = (name: string, edit: (csv: string) => string) => ({
      ...files,
      [name]: new TextEncoder().encode(edit(new TextDecoder().decode(files[name]))),
    });
    const dangling = broken('phones.csv', (csv) =>
      csv.replace(/(\r\n[0-9a-f-]{36},(?:[^,]*,){3})[0-9a-f-]{36}/, '$100000000-0000-5000-8000-000000000000'),
    );
    expect((await frictionlessErrors(dangling)).join('\n')).toMatch(/phone/);
    const empty = broken('organizations.csv', (csv) => csv.replace(/Témoin/, ''));
    expect((await frictionlessErrors(empty)).join('\n')).toMatch(/required/);
  });
});

describe('what the package says, honestly', () => {
  it('addresses only where the schema can be satisfied, languages as ISO 639-1 codes', () => {
    createOrganisation(db, { name: 'Complète', address: '1, rue A', city: 'Rimouski', postalCode: 'G5L 1A1' });
    createOrganisation(db, { name: 'Sans code', address: '2, rue B', city: 'Rimouski', postalCode: null });
    createOrganisation(db, { name: 'Langues', languages: 'Français, anglais, espagnol et innu' });
    const { tables } = unzipHsds(zip());
    expect(tables.get('address')!.map((a) => [a.address_1, a.postal_code])).toEqual([['1, rue A', 'G5L 1A1']]);
    // The location without a complete address is still published, with what is known in its description.
    expect(tables.get('location')!.map((l) => l.name)).toEqual(expect.arrayContaining(['Complète', 'Sans code']));
    const languages = tables.get('language')!.map((l) => [l.name, l.code, l.note]);
    expect(languages).toEqual([
      ['Français', 'fr', ''],
      ['Anglais', 'en', ''],
      ['Espagnol', 'es', ''],
      ['innu', '', expect.stringContaining('code')],
    ]);
  });

  it('an organisation without summary is described honestly', () => {
    createOrganisation(db, { name: 'Sans résumé', summary: '', description: 'Aide aux devoirs.' });
    createOrganisation(db, { name: 'Sans rien', summary: '', description: '' });
    const { tables } = unzipHsds(zip());
    const byName = new Map(tables.get('organization')!.map((o) => [o.name, o.description]));
    expect(byName.get('Sans résumé')).toBe('Aide aux devoirs.');
    expect(byName.get('Sans rien')).toMatch(/Sans rien/);
    // An import of the package can tell the fallback from a real summary.
    for (const [name, description] of byName)
      expect(summaryFromHsds({ name, description }, name === 'Sans résumé' ? 'Aide aux devoirs.' : '')).toBe('');
    expect(summaryFromHsds({ name: 'X', description: 'Un vrai résumé.' }, 'Autre chose.')).toBe('Un vrai résumé.');
  });

  it('a partial address says which parts are missing, and an import reads it back exactly', () => {
    createOrganisation(db, { name: 'Sans code', address: '2, rue B', city: 'Rimouski', postalCode: null });
    const { tables } = unzipHsds(zip());
    expect(tables.get('location')!.find((l) => l.name === 'Sans code')!.description).toBe(
      'Adresse incomplète\u00a0: 2, rue B, Rimouski (manque\u00a0: code postal)',
    );
    // Every shape of partial address, streets with their own commas included.
    const N = null;
    const shapes: [string | null, string | null, string | null][] = [
      ['12, rue Principale', N, N],
      [N, 'Rimouski', N],
      [N, N, 'G5L 1A1'],
      ['12, rue Principale, app. 3', 'Rimouski', N],
      ['12, rue Principale', N, 'G5L 1A1'],
      [N, 'Saint-Anaclet-de-Lessard', 'G0K 1H0'],
    ];
    for (const [address, city, postalCode] of shapes) {
      const text = partialAddressText({ address, city, postalCode });
      const parts = Object.fromEntries(Object.entries({ address, city, postalCode }).filter(([, v]) => v !== null));
      expect({ text, parts: partialAddressFromHsds(text) }).toEqual({ text, parts });
    }
    expect(partialAddressText({ address: '1, rue A', city: 'Rimouski', postalCode: 'G5L 1A1' })).toBe('');
    expect(partialAddressText({ address: null, city: null, postalCode: null })).toBe('');
    // Another directory's words are never read as an address: only the exact sentence the export writes.
    for (const text of [
      'MyCity Civic Center is located on Main Street.',
      'Adresse incomplète\u00a0: demandez à la réception.',
      'Adresse incomplète\u00a0: 12, rue A (manque\u00a0: téléphone)',
      'Adresse incomplète\u00a0: 12, rue A (manque\u00a0: code postal, ville)',
      'Adresse incomplète\u00a0: Rimouski, G5L 1A1 (manque\u00a0: numéro et rue, ville, code postal)',
      'Adresse incomplète\u00a0: Rimouski, G5L 1A1 (manque\u00a0: numéro et rue, code postal)',
      'Voir aussi : Adresse incomplète\u00a0: 12, rue A (manque\u00a0: ville, code postal)',
    ])
      expect({ text, parts: partialAddressFromHsds(text) }).toEqual({ text, parts: null });
  });

  it('metadata never holds internal JSON', async () => {
    const theme = createTheme(db);
    const organisation = createOrganisation(db, { name: 'Avec thème' });
    linkTheme(db, organisation, theme);
    await editFirstOrganisation(db, { summary: 'Nouveau' }, () => []);
    const metadata = unzipHsds(zip()).tables.get('metadata')!;
    expect(metadata.length).toBeGreaterThan(0);
    for (const row of metadata) {
      expect(row.previous_value).not.toMatch(/themeId|^\s*[[{]/);
      expect(row.replacement_value).not.toMatch(/themeId|^\s*[[{]/);
    }
    expect(metadata.some((m) => m.field_name === 'themes' && m.previous_value!.includes(theme.name))).toBe(true);
  });
});
