import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { readImportFile } from '../../src/exchange/import-file.js';
import { CLI_IMPORT_LIMITS } from '../../src/exchange/limits.js';
import { openTestDatabase } from '../support/db.js';

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
  seedDatabase(db, 'demo');
});
afterEach(() => db.$client.close());

const read = (bytes: Uint8Array) => readImportFile(db, bytes, CLI_IMPORT_LIMITS);

describe('reading an XLSX workbook', () => {
  it('gives the text a person sees: dates, rich text, links, numbers', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Organismes');
    sheet.addRow(['Nom', 'Résumé', 'Site Web', 'Age min', 'Heures']);
    sheet.addRow([
      { richText: [{ text: 'Maison ' }, { font: { bold: true }, text: 'Bleue' }] },
      new Date(Date.UTC(2026, 0, 15)),
      { text: 'maisonbleue.org', hyperlink: 'https://maisonbleue.org' },
      12,
      'lundi au vendredi',
    ]);
    const table = await read(new Uint8Array(await book.xlsx.writeBuffer()));
    expect(table.format).toBe('xlsx');
    expect(table.header).toEqual(['nom', 'resume', 'site_web', 'age_min', 'heures']);
    expect(table.rows.map((r) => [r.where, r.cells])).toEqual([
      [
        'ligne 2',
        {
          nom: 'Maison Bleue',
          resume: '2026-01-15',
          site_web: 'maisonbleue.org',
          age_min: '12',
          heures: 'lundi au vendredi',
        },
      ],
    ]);
    expect(table.notices).toEqual([]);
  });

  it('keeps line numbers across empty rows and reads only the first sheet, saying so', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Organismes');
    sheet.addRow(['nom']);
    sheet.getCell('A5').value = 'Centre Éveil';
    book.addWorksheet('Notes').addRow(['Ne pas importer']);
    const table = await read(new Uint8Array(await book.xlsx.writeBuffer()));
    expect(table.rows.map((r) => [r.where, r.cells.nom])).toEqual([['ligne 5', 'Centre Éveil']]);
    expect(table.notices).toEqual(['Seule la première feuille du classeur a été lue.']);
  });

  it('reads inline strings, as workbooks written without a shared-strings table have', async () => {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk));
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
    const sheet = book.addWorksheet('Organismes');
    sheet.addRow(['nom', 'ville']).commit();
    sheet.addRow(['L’Escale', 'Rimouski']).commit();
    sheet.commit();
    await book.commit();
    const table = await read(new Uint8Array(Buffer.concat(chunks)));
    expect(table.rows.map((r) => r.cells)).toEqual([{ nom: 'L’Escale', ville: 'Rimouski' }]);
  });

  it('reads a workbook whose sheet comes before its shared strings in the archive', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Organismes').addRows([['nom'], ['Centre Éveil']]);
    const files = unzipSync(new Uint8Array(await book.xlsx.writeBuffer()));
    const sheetFirst = Object.fromEntries(
      Object.entries(files).sort(([a], [b]) => Number(b.includes('worksheets/')) - Number(a.includes('worksheets/'))),
    );
    const table = await read(zipSync(sheetFirst));
    expect(table.problems).toEqual([]);
    expect(table.rows.map((r) => r.cells.nom)).toEqual(['Centre Éveil']);
  });

  it('refuses a damaged workbook or one without a header, in French, without hanging', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Organismes').addRows([['nom'], ...Array.from({ length: 200 }, (_, i) => [`Centre ${i}`])]);
    const bytes = new Uint8Array(await book.xlsx.writeBuffer());
    // Overwriting these stretches once made exceljs's streaming unzip wait forever.
    for (const at of [0.1, 0.2, 0.3, 0.7]) {
      const damaged = bytes.slice();
      damaged.fill(0xff, Math.floor(bytes.length * at), Math.floor(bytes.length * at) + 64);
      expect((await read(damaged)).problems.map((p) => p.message)).toEqual([
        expect.stringContaining('Le classeur XLSX est illisible ou endommagé'),
      ]);
    }
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('Vide');
    expect((await read(new Uint8Array(await empty.xlsx.writeBuffer()))).problems.map((p) => p.message)).toEqual([
      'La première ligne doit contenir les noms des colonnes (voir le modèle).',
    ]);
  });
});
