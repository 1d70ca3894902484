import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import type { User } from '../../src/db/schema.js';
import { layoutHeader } from '../../src/exchange/columns.js';
import { commitImport, readImportFile } from '../../src/exchange/import-file.js';
import { createUser } from '../support/auth.js';
import { openTestDatabase } from '../support/db.js';

// A fixed clock for the verification dates (decision 062).
const NOW = new Date('2026-11-25T15:00:00.000Z');
let db: Db;
let user: User;
beforeEach(async () => {
  db = openTestDatabase(':memory:', { clock: () => NOW });
  seedDatabase(db, 'demo');
  user = await createUser(db);
});
afterEach(() => db.$client.close());

const HEADER = layoutHeader(3);
const snapshot = () =>
  JSON.stringify(
    ['organisations', 'contacts', 'organisation_themes', 'revisions', 'site_meta'].map((t) =>
      db.$client.prepare(`select * from ${t} order by 1`).all(),
    ),
  );
const line = (cells: Record<string, string>, header = HEADER) => header.map((c) => cells[c] ?? '').join(';');
const utf8 = (text: string) => new TextEncoder().encode(text);

/** Imports the bytes and returns the French messages; asserts nothing at all was written. */
async function refused(bytes: Uint8Array): Promise<string[]> {
  const before = snapshot();
  const result = commitImport(db, user.id, await readImportFile(db, bytes), { now: NOW });
  expect(result.status).toBe('invalid');
  expect(snapshot()).toBe(before);
  return result.preview.problems.map((p) =>
    [p.where, p.column, p.message]
      .filter(Boolean)
      .join(' | ')
      .replace(/\u00a0/g, ' '),
  );
}

describe('hostile files are refused with a French report and write nothing', () => {
  it('Windows-1252 bytes', async () => {
    const text = `${HEADER.join(';')}\r\n${line({ nom: 'Centre d’entraide Côté', themes: '' })}\r\n`.replace('’', "'");
    const latin1 = Uint8Array.from(text, (ch) => ch.charCodeAt(0));
    const messages = await refused(latin1);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toContain('n’est pas encodé en UTF-8 (probablement en Windows-1252');
    expect(messages[0]).toContain('à partir de la ligne 2');
  });

  it('missing columns', async () => {
    const header = HEADER.filter((c) => c !== 'courriel' && c !== 'site_web');
    const messages = await refused(utf8(`${header.join(';')}\n${line({ nom: 'Nouvel organisme' }, header)}\n`));
    expect(messages.join('\n')).toContain('Il manque les colonnes « courriel », « site_web »');
  });

  it('extra and misspelled columns', async () => {
    const header = [...HEADER, 'fax', 'personne1_cellulaire'];
    const messages = await refused(utf8(`${header.join(';')}\n${line({ nom: 'Nouvel organisme' }, header)}\n`));
    expect(messages.join('\n')).toContain('Colonne inconnue « fax »');
    expect(messages.join('\n')).toContain('Colonne inconnue « personne1_cellulaire »');
  });

  it('rows with a missing or extra cell', async () => {
    const messages = await refused(utf8(`${HEADER.join(';')}\n${line({ nom: 'A' })};en trop\n`));
    expect(messages[0]).toContain(
      `ligne 2 | La ligne a ${HEADER.length + 1} cellules alors que l’en-tête compte ${HEADER.length} colonnes`,
    );
  });

  it('duplicate rows, also when only accents and case differ', async () => {
    const messages = await refused(
      utf8(`${HEADER.join(';')}\n${line({ nom: 'Centre Éveil' })}\n${line({ nom: 'CENTRE EVEIL' })}\n`),
    );
    expect(messages).toEqual(['ligne 3 | nom | Ligne en double : cet organisme figure déjà à la ligne 2.']);
  });

  it('binary garbage, and a broken zip', async () => {
    const garbage = Uint8Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256);
    expect((await refused(garbage))[0]).toContain('n’est pas un fichier texte');
    const brokenZip = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...garbage.subarray(0, 200)]);
    expect((await refused(brokenZip))[0]).toContain('illisible');
  });

  // Formula-like text is accepted as text on every entry path (054, tests/exchange/formula-text.test.ts);
  // a real formula, whose shown value may be stale, is not.
  it('formula cells in an XLSX workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Organismes');
    sheet.addRow(HEADER);
    sheet.addRow(HEADER.map((c) => (c === 'nom' ? 'Organisme' : '')));
    sheet.getCell('C2').value = { formula: 'B2&"x"', result: 'Organismex' } as ExcelJS.CellValue;
    const messages = await refused(new Uint8Array(await workbook.xlsx.writeBuffer()));
    expect(messages).toEqual([expect.stringContaining('La cellule C2 contient une formule')]);
  });

  it('an empty file and a header without rows', async () => {
    expect(await refused(new Uint8Array())).toEqual(['Le fichier est vide.']);
    expect(await refused(utf8(`${HEADER.join(';')}\n`))).toEqual([
      'Le fichier ne contient aucune ligne de données après l’en-tête.',
    ]);
  });
});

describe('files that are accepted', () => {
  it('an XLSX workbook with numbers in cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Organismes');
    sheet.addRow(HEADER);
    sheet.addRow(
      HEADER.map(
        (c) =>
          (
            ({
              nom: 'Nouvel organisme XLSX',
              telephone: 4185550142,
              age_min: 12,
              personne1_nom: 'Anne Roy',
              personne1_poste: 12,
            }) as Record<string, unknown>
          )[c] ?? null,
      ),
    );
    const result = commitImport(
      db,
      user.id,
      await readImportFile(db, new Uint8Array(await workbook.xlsx.writeBuffer())),
      { now: NOW },
    );
    expect(result.preview.problems).toEqual([]);
    expect(result.status).toBe('applied');
    expect(
      db.$client.prepare("select phone, age_min from organisations where name = 'Nouvel organisme XLSX'").get(),
    ).toEqual({ phone: '418 555-0142', age_min: 12 });
  });

  it('a comma-separated UTF-8 file without BOM, with headers typed loosely', async () => {
    const header = HEADER.map((c) => (c === 'code_postal' ? 'Code postal' : c === 'telephone' ? 'Téléphone' : c));
    const row = HEADER.map(
      (c) =>
        (
          ({ nom: 'Organisme à virgules', code_postal: 'g5l 1a1', telephone: '+1 418 555 0142' }) as Record<
            string,
            string
          >
        )[c] ?? '',
    );
    const result = commitImport(
      db,
      user.id,
      await readImportFile(db, utf8(`${header.join(',')}\n${row.join(',')}\n`)),
      { now: NOW },
    );
    expect(result.preview.problems).toEqual([]);
    expect(
      db.$client.prepare("select postal_code, phone from organisations where name = 'Organisme à virgules'").get(),
    ).toEqual({ postal_code: 'G5L 1A1', phone: '418 555-0142' });
  });
});
