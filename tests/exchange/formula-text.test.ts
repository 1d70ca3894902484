import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/schema.js';
import { layoutHeader } from '../../src/exchange/columns.js';
import { commitImport, previewImport, readImportFile } from '../../src/exchange/import-file.js';
import { saveOrganisation, snapshotOrganisation } from '../../src/queries/organisation-edits.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { Client, createUser, loginAs } from '../support/auth.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { readIndependently } from '../support/independent-csv.js';

let ctx: TestContext;
let user: User;
beforeEach(async () => {
  ctx = await buildTestApp();
  user = await createUser(ctx.db);
});
afterEach(async () => {
  await ctx.app.close();
});

/** What a spreadsheet would run as a formula (OWASP's list): decision 054. */
const FORMULA_START = /^[=+\-@\t\r]/;
const utf8 = (text: string) => new TextEncoder().encode(text);

async function download(url: string): Promise<Uint8Array> {
  const response = await ctx.app.inject({ url });
  expect(response.statusCode).toBe(200);
  return new Uint8Array(response.rawPayload);
}

/** Every cell of every CSV in both public exports, as an independent reader sees them, by file. */
async function exportedCells(): Promise<Map<string, string[]>> {
  const cells = new Map<string, string[]>();
  cells.set(
    'repertoire.csv',
    readIndependently(new TextDecoder().decode(await download('/donnees/repertoire.csv')), ';').flat(),
  );
  for (const [name, bytes] of Object.entries(unzipSync(await download('/donnees/hsds.zip')))) {
    if (name.endsWith('.csv')) cells.set(name, readIndependently(new TextDecoder().decode(bytes), ',').flat());
  }
  return cells;
}

function seedFormulaLikeEntry() {
  const theme = createTheme(ctx.db, { name: 'Santé mentale', description: '=cmd|" /C calc"!A0' });
  const org = createOrganisation(ctx.db, {
    name: 'Centre Le Phare',
    acronym: '@phare',
    summary: '=HYPERLINK("http://x")',
    description: '@SUM(1)',
    hours: '-2+3+cmd',
    referral: "'=déjà protégé par quelqu’un",
  });
  const person = createContact(ctx.db, org, { name: 'Éric Gosselin', role: '+Coordonnateur', isPrimary: true });
  linkTheme(ctx.db, org, theme, { note: '=1+1', contact: person });
  // A revision, so that metadata.csv carries formula-like values too.
  const snapshot = snapshotOrganisation(ctx.db, org);
  expect(
    saveOrganisation(ctx.db, user.id, org.id, org.version, { ...snapshot, cost: '=2*3' }, snapshot.themes).status,
  ).toBe('saved');
}

describe('formula-like texts (decision 054)', () => {
  it('are neutralised in every CSV of every export', async () => {
    seedFormulaLikeEntry();
    const cells = await exportedCells();
    expect([...cells.keys()]).toEqual(
      expect.arrayContaining([
        'repertoire.csv',
        'services.csv',
        'organizations.csv',
        'metadata.csv',
        'attributes.csv',
        'taxonomy_terms.csv',
      ]),
    );
    for (const [file, values] of cells) {
      expect(
        values.filter((value) => FORMULA_START.test(value)),
        file,
      ).toEqual([]);
    }
    expect(cells.get('services.csv')).toEqual(
      expect.arrayContaining(["'@SUM(1)", "''=déjà protégé par quelqu’un", "'=2*3"]),
    );
    expect(cells.get('schedules.csv')).toContain("'-2+3+cmd");
    expect(cells.get('attributes.csv')).toContain("'=1+1");
    expect(cells.get('taxonomy_terms.csv')).toContain('\'=cmd|" /C calc"!A0');
    expect(cells.get('contacts.csv')).toContain("'+Coordonnateur");
    expect(cells.get('organizations.csv')).toEqual(expect.arrayContaining(['\'=HYPERLINK("http://x")', "'@phare"]));
    expect(cells.get('metadata.csv')).toContain("'=2*3");
  });

  it('read back unchanged from either export', async () => {
    seedFormulaLikeEntry();
    for (const url of ['/donnees/repertoire.csv', '/donnees/hsds.zip']) {
      const preview = previewImport(ctx.db, await readImportFile(ctx.db, await download(url)));
      expect(preview.problems, url).toEqual([]);
      expect(preview.plan?.counts, url).toEqual({ create: 0, update: 0, unchanged: 1 });
    }
  });

  it('are accepted alike, and stored as typed, by the admin form and by CSV, XLSX and HSDS imports', async () => {
    const client: Client = await loginAs(ctx.app, user);
    const stored = (name: string) =>
      ctx.db.$client.prepare('select summary, description from organisations where name = ?').get(name);
    const texts = { summary: '=HYPERLINK("http://x")', description: '@SUM(A1)' };

    expect(
      (await client.post('/admin/organismes', { name: 'Par le formulaire', ...texts, version: '0' })).statusCode,
    ).toBe(303);
    expect(stored('Par le formulaire')).toEqual(texts);

    const header = layoutHeader(1);
    const row = (name: string) =>
      header.map(
        (c) =>
          (({ nom: name, resume: texts.summary, description: texts.description }) as Record<string, string>)[c] ?? '',
      );
    const csv = `${header.join(';')}\n${row('Par un CSV')
      .map((cell) => `"${cell.replace(/"/g, '""')}"`)
      .join(';')}\n`;
    const fromCsv = commitImport(ctx.db, user.id, await readImportFile(ctx.db, utf8(csv)));
    expect(fromCsv.preview.problems).toEqual([]);
    expect(stored('Par un CSV')).toEqual(texts);

    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Organismes');
    sheet.addRow(header);
    sheet.addRow(row('Par un classeur'));
    const fromXlsx = commitImport(
      ctx.db,
      user.id,
      await readImportFile(ctx.db, new Uint8Array(await workbook.xlsx.writeBuffer())),
    );
    expect(fromXlsx.preview.problems).toEqual([]);
    expect(stored('Par un classeur')).toEqual(texts);

    // A partner's HSDS package, written without neutralising anything.
    const organizations = `id,name,description\r\nb3a0c6f4-1d2e-5f60-8a7b-0c1d2e3f4a5b,Par un paquet HSDS,"${texts.summary.replace(/"/g, '""')}"\r\n`;
    const services = `id,organization_id,name,description,status\r\n0c1d2e3f-4a5b-5c6d-8e7f-a0b1c2d3e4f5,b3a0c6f4-1d2e-5f60-8a7b-0c1d2e3f4a5b,Par un paquet HSDS,${texts.description},active\r\n`;
    const hsds = zipSync({ 'organizations.csv': utf8(organizations), 'services.csv': utf8(services) });
    const fromHsds = commitImport(ctx.db, user.id, await readImportFile(ctx.db, hsds));
    expect(fromHsds.preview.problems).toEqual([]);
    expect(stored('Par un paquet HSDS')).toEqual(texts);
  });
});
