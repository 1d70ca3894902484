import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePlainCsv } from '../../../src/exchange/csv-write.js';
import type { Db } from '../../../src/db/client.js';
import { commitImport, previewImport, readImportFile } from '../../../src/exchange/import-file.js';
import { textReport } from '../../../src/exchange/report.js';
import type { HsdsImportReport } from '../../../src/exchange/table.js';
import { loadDirectory } from '../../../src/queries/exchange.js';
import { seedDatabase } from '../../../src/queries/seed.js';
import { createUser } from '../../support/auth.js';
import { openTestDatabase } from '../../support/db.js';
import { expectEveryValueCounted, hsds11Files, officialExampleFiles, zipOf } from '../../support/hsds-packages.js';

const NOW = new Date('2026-11-25T15:00:00.000Z');
let db: Db;
beforeEach(() => {
  db = openTestDatabase(':memory:', { clock: () => NOW });
  seedDatabase(db, 'themes');
});
afterEach(() => db.$client.close());

const preview = async (files: Record<string, string>) => previewImport(db, await readImportFile(db, zipOf(files)));
async function commit(files: Record<string, string>) {
  const user = await createUser(db);
  return commitImport(db, user.id, await readImportFile(db, zipOf(files)), { now: NOW });
}
const line = (report: HsdsImportReport | null, file: string, field: string) =>
  report?.files.find((f) => f.file === file)?.lines.filter((l) => l.field === field) ?? [];

/** The CSV text with one cell changed (`row` 1 is the first data row). */
function replaceCell(text: string, row: number, column: string, value: string): string {
  const [header, ...rows] = parse(text) as string[][];
  rows[row - 1]![header!.indexOf(column)] = value;
  return writePlainCsv(header!, rows);
}

describe('the official HSDS 3.0 example', () => {
  it('imports with nothing dropped silently: every value is counted in the report', async () => {
    const files = officialExampleFiles();
    const result = await preview(files);
    expect(result.problems).toEqual([]);
    expect(result.plan?.counts).toEqual({ create: 1, update: 0, unchanged: 0 });
    const report = result.hsds!;
    expect(report.version).toBe('HSDS 3.0.0');
    expectEveryValueCounted(files, report);
  });

  it('lands the service name, address, accessibility, assured date, phone and contact somewhere visible', async () => {
    const result = await commit(officialExampleFiles());
    expect(result.status).toBe('applied');
    const [entry] = loadDirectory(db, { activeOnly: false });
    const o = entry!.organisation;
    expect(o.name).toBe('Example Organization Inc.');
    expect(o.description).toMatch(/^Community Counselling\n\nAussi appelé/);
    expect(o.address).toBe('1-30 Main Street, MyVillage, MyRegion MyState ABC 1234 US');
    expect(o.city).toBe('MyCity');
    expect(o.accessibility).toMatch(/^The building is equipped with induction loops/);
    expect(o.verifiedAt?.slice(0, 10)).toBe('2005-01-01');
    expect(o.description).toContain('Téléphone\u00a0: +44 1234 234567, poste 100 — Our main reception phone number.');
    expect(o.description).toContain('Territoire desservi\u00a0: The service is available to all residents');
    expect(o.hours).toMatch(/^The service is available from 10 am to 6pm weekdays/);
    expect(o.languages).toBe('Urdu (Translation services provided via bilingual staff when they are available)');
    expect(o.ageMin).toBe(12);
    expect(entry!.contacts.map((c) => [c.name, c.role, c.email])).toEqual([
      ['Ann Persona', 'Reception Manager, Reception', 'email@example.com'],
    ]);
  });

  it('a location description that only looks like our partial address stays the location’s description', async () => {
    // Our export writes « Adresse incomplète : … (manque : …) » only for a location without an address row.
    for (const text of [
      'Adresse incomplète\u00a0: 1, Main Street (manque\u00a0: ville)',
      'Adresse incomplète\u00a0: ask at the reception.',
    ]) {
      const files = officialExampleFiles();
      files['locations.csv'] = replaceCell(files['locations.csv']!, 1, 'description', text);
      const result = await preview(files);
      expectEveryValueCounted(files, result.hsds!);
      expect(line(result.hsds!, 'locations.csv', 'description')).toEqual([
        expect.objectContaining({ outcome: 'transformed', count: 1 }),
      ]);
      const fields = result.plan!.items[0]!.entry.fields;
      expect(fields.description).toContain(`Lieu\u00a0: ${text}`);
      expect(fields.address).toBe('1-30 Main Street, MyVillage, MyRegion MyState ABC 1234 US');
    }
  });

  it('flags the foreign phone and the foreign address, and says what is transformed or dropped, with counts', async () => {
    const result = await preview(officialExampleFiles());
    const report = result.hsds!;
    expect(report.flags).toContainEqual({
      where: 'phones.csv, ligne 2',
      column: 'number',
      message:
        'Numéro «\u00a0+44 1234 234567\u00a0» hors Amérique du Nord\u00a0: gardé tel quel dans «\u00a0Services offerts\u00a0», à vérifier.',
    });
    expect(report.flags.some((f) => f.where === 'addresses.csv, ligne 2' && f.column === 'postal_code')).toBe(true);
    expect(line(report, 'services.csv', 'assured_date')).toEqual([
      {
        field: 'assured_date',
        outcome: 'imported',
        count: 1,
        detail: 'date de vérification (si passée et plus récente)',
      },
    ]);
    expect(line(report, 'service_areas.csv', 'name')[0]).toMatchObject({ outcome: 'transformed', count: 1 });
    expect(line(report, 'service_areas.csv', 'name')[0]!.detail).toContain(
      'trop long pour «\u00a0Territoire desservi\u00a0»',
    );
    expect(line(report, 'organizations.csv', 'logo')).toEqual([
      { field: 'logo', outcome: 'dropped', count: 1, detail: 'pas d’équivalent dans le répertoire' },
    ]);
    expect(line(report, 'attributes.csv', 'value')[0]).toMatchObject({
      outcome: 'dropped',
      detail: 'ligne reliée à aucun organisme du paquet',
    });
    expect(report.unmappedTerms).toEqual([
      { id: '3f7b145d-84af-42d7-8fae-eaca714b02b2', term: 'name', taxonomy: 'taxonomy', count: 1 },
    ]);
    // Never the layout's French columns.
    const details = report.files.flatMap((f) => f.lines.map((l) => l.detail));
    expect(details.join(' ')).not.toMatch(/verifie_le|code_postal|site_web|personne\d|\bterritoire\b|\bstatut\b/);
  });
});

describe('an HSDS 1.1 package', () => {
  it('is recognised and mapped: addresses, languages, contacts; HTML becomes text; long text goes to the long field', async () => {
    const result = await preview(hsds11Files());
    expect(result.problems).toEqual([]);
    expect(result.notices.join(' ')).toContain('Paquet HSDS 1.x');
    expect(result.hsds?.version).toBe('HSDS 1.x');
    expectEveryValueCounted(hsds11Files(), result.hsds!);
    expect(line(result.hsds, 'physical_addresses.csv', 'address_1')[0]).toMatchObject({ outcome: 'imported' });
    expect(line(result.hsds, 'organizations.csv', 'url')[0]).toMatchObject({ outcome: 'imported', count: 2 });
    const user = await createUser(db);
    commitImport(db, user.id, await readImportFile(db, zipOf(hsds11Files())), { now: NOW });
    const [centre, popote] = loadDirectory(db, { activeOnly: false });
    expect(centre!.organisation).toMatchObject({
      summary: 'Un organisme qui offre écoute et accompagnement.',
      address: '12, rue de l’Évêché Ouest',
      city: 'Rimouski',
      postalCode: 'G5L 4H4',
      phone: '418 555-0101',
      languages: 'Français, Anglais',
    });
    expect(centre!.organisation.description).toContain('Ligne d’écoute.\n\n- Jour\n- Soir');
    expect(centre!.organisation.description.startsWith('Un organisme qui offre écoute et accompagnement. Un')).toBe(
      true,
    );
    expect(centre!.contacts.map((c) => [c.name, c.phone, c.phoneExtension])).toEqual([
      ['Julie Gagnon', '418 555-0102', '12'],
    ]);
    expect(popote!.organisation).toMatchObject({ summary: 'Repas livrés à domicile.', status: 'archived' });
  });
});

describe('which files make the package', () => {
  it('refuses an archive with two datapackage.json, naming both', async () => {
    const files = { ...officialExampleFiles('a/'), ...officialExampleFiles('b/') };
    const result = await preview(files);
    expect(result.plan).toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]!.message).toContain('«\u00a0a/datapackage.json\u00a0», «\u00a0b/datapackage.json\u00a0»');
  });

  it('refuses duplicate file names without a datapackage.json, naming the paths', async () => {
    const { 'datapackage.json': _descriptor, ...csv } = officialExampleFiles('paquet/');
    const files = { ...csv, 'docs/services.csv': 'id,name\n1,Autre\n' };
    delete (files as Record<string, string>)['paquet/datapackage.json'];
    const result = await preview(files);
    expect(result.plan).toBeNull();
    expect(result.problems[0]!.message).toContain('«\u00a0paquet/services.csv\u00a0», «\u00a0docs/services.csv\u00a0»');
  });

  it('reads only the files datapackage.json lists, and says which it left aside', async () => {
    const files = {
      ...officialExampleFiles('paquet/'),
      'docs/services.csv': 'id,organization_id,name\nx,d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610,Mauvais\n',
    };
    const result = await preview(files);
    expect(result.problems).toEqual([]);
    expect(result.notices.join(' ')).toContain('«\u00a0docs/services.csv\u00a0»');
    expect(result.plan!.items[0]!.entry.fields.description).toMatch(/^Community Counselling/);
  });
});

describe('problems and flags cite the HSDS file, line and field', () => {
  it('a missing organisation name is a problem on organizations.csv, name', async () => {
    const files = officialExampleFiles();
    files['organizations.csv'] = replaceCell(files['organizations.csv']!, 1, 'name', '');
    const result = await preview(files);
    expect(result.problems).toEqual([
      { where: 'organizations.csv, ligne 2', column: 'name', message: 'Le nom de l’organisme est obligatoire.' },
    ]);
    // The command line says it the same way.
    expect(textReport(result, false, NOW)).toContain(
      '  organizations.csv, ligne 2, champ name : Le nom de l’organisme est obligatoire.',
    );
    expect(textReport(result, false, NOW)).toContain('  À vérifier : phones.csv, ligne 2, champ number : Numéro');
  });

  it('an unreadable assured_date or a bad e-mail is flagged, not a reason to refuse the file', async () => {
    const files = officialExampleFiles();
    files['services.csv'] = replaceCell(files['services.csv']!, 1, 'assured_date', 'hier');
    files['organizations.csv'] = replaceCell(files['organizations.csv']!, 1, 'email', 'pas-un-courriel');
    const result = await preview(files);
    expect(result.problems).toEqual([]);
    expect(result.hsds!.flags).toContainEqual(
      expect.objectContaining({ where: 'services.csv, ligne 2', column: 'assured_date' }),
    );
    expect(result.hsds!.flags).toContainEqual(
      expect.objectContaining({ where: 'organizations.csv, ligne 2', column: 'email' }),
    );
    expect(result.plan!.items[0]!.verification.reason).toBe('none');
  });
});

describe('re-importing a package', () => {
  it('matches on HSDS ids: a renamed organisation and a renamed person are updated, never duplicated', async () => {
    expect((await commit(officialExampleFiles())).status).toBe('applied');
    const files = officialExampleFiles();
    files['organizations.csv'] = replaceCell(files['organizations.csv']!, 1, 'name', 'Example Organisation renommée');
    files['contacts.csv'] = replaceCell(files['contacts.csv']!, 1, 'name', 'Ann Persona-Smith');
    const again = await preview(files);
    expect(again.plan?.counts).toEqual({ create: 0, update: 1, unchanged: 0 });
    expect((await commit(files)).status).toBe('applied');
    const directory = loadDirectory(db, { activeOnly: false });
    expect(directory.map((e) => e.organisation.name)).toEqual(['Example Organisation renommée']);
    expect(directory[0]!.contacts.map((c) => c.name)).toEqual(['Ann Persona-Smith']);
    // And the same package once more changes nothing.
    expect((await preview(files)).plan?.counts).toEqual({ create: 0, update: 0, unchanged: 1 });
  });
});
