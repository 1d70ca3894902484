import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { layoutHeader } from '../../src/exchange/columns.js';
import { publicHsdsZip } from '../../src/exchange/open-data.js';
import { readImportFile } from '../../src/exchange/import-file.js';
import { CLI_IMPORT_LIMITS, WEB_IMPORT_LIMITS, type ImportLimits } from '../../src/exchange/limits.js';
import { openTestDatabase } from '../support/db.js';

let db: Db;
beforeEach(() => {
  db = openTestDatabase();
  seedDatabase(db, 'demo');
});
afterEach(() => db.$client.close());

const HEADER = layoutHeader(3);
const csvOf = (names: string[], blankLines = false) =>
  new TextEncoder().encode(
    [
      HEADER.join(';'),
      ...names.map((name) => HEADER.map((c) => (c === 'nom' ? name : '')).join(';') + (blankLines ? '\n' : '')),
    ].join('\n') + '\n',
  );
const names = (n: number) => Array.from({ length: n }, (_, i) => `Organisme ${i + 1}`);
const messages = (table: { problems: { message: string }[] }) =>
  table.problems.map((p) => p.message.replace(/\u00a0/g, ' '));

async function workbook(rows: number, extraSheet = false): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Organismes');
  sheet.addRow(HEADER);
  for (const name of names(rows)) sheet.addRow(HEADER.map((c) => (c === 'nom' ? name : null)));
  if (extraSheet) book.addWorksheet('Notes').addRow(['à ignorer']);
  return new Uint8Array(await book.xlsx.writeBuffer());
}

describe('row limits', () => {
  const small: ImportLimits = { maxRows: 3, maxInflatedBytes: WEB_IMPORT_LIMITS.maxInflatedBytes };

  it('a CSV with exactly the limit passes, blank lines not counted; one more row is refused with the command-line hint', async () => {
    expect((await readImportFile(db, csvOf(names(3), true), small)).rows).toHaveLength(3);
    const refused = await readImportFile(db, csvOf(names(4)), small);
    expect(refused.rows).toEqual([]);
    expect(messages(refused)).toEqual([
      'Le fichier compte plus de 3 lignes de données, la limite d’une importation par le Web : rien n’a été importé. Pour un plus gros fichier, utilisez la commande « npm run cli -- import FICHIER » sur le serveur.',
    ]);
  });

  it('an XLSX workbook is refused past the limit too, its rows read as a stream', async () => {
    expect((await readImportFile(db, await workbook(3), small)).rows).toHaveLength(3);
    const refused = await readImportFile(db, await workbook(4), small);
    expect(refused.rows).toEqual([]);
    expect(messages(refused)[0]).toMatch(/^La première feuille du classeur compte plus de 3 lignes de données/);
  });

  it('an HSDS package counts its organisations', async () => {
    const zip = publicHsdsZip(db, { siteName: 'Répertoire', homepage: null, modified: new Date('2026-01-01') });
    const all = await readImportFile(db, zip, CLI_IMPORT_LIMITS);
    expect(all.problems).toEqual([]);
    const refused = await readImportFile(db, zip, { ...small, maxRows: all.rows.length - 1 });
    expect(refused.problems).toEqual([
      expect.objectContaining({
        where: 'organizations.csv, fichier entier',
        message: expect.stringContaining(`plus de ${all.rows.length - 1}\u00a0lignes`),
      }),
    ]);
  });

  it('the web limit is the default: 5 000 organisations pass, 5 001 do not; the command line has none', async () => {
    const big = csvOf(names(WEB_IMPORT_LIMITS.maxRows + 1));
    expect(messages(await readImportFile(db, big))[0]).toContain('plus de 5 000 lignes');
    expect((await readImportFile(db, big, CLI_IMPORT_LIMITS)).rows).toHaveLength(5_001);
    expect((await readImportFile(db, csvOf(names(WEB_IMPORT_LIMITS.maxRows)))).rows).toHaveLength(5_000);
  });
});

describe('inflated size of archives', () => {
  it('refuses an XLSX workbook or an HSDS package that would expand beyond the limit, before reading it', async () => {
    const tiny: ImportLimits = { maxRows: 100, maxInflatedBytes: 2048 };
    expect(messages(await readImportFile(db, await workbook(2), tiny))).toEqual([
      'L’archive dépasse 2 ko une fois décompressée : elle est refusée. Pour un plus gros fichier, utilisez la commande « npm run cli -- import FICHIER » sur le serveur.',
    ]);
    const zip = publicHsdsZip(db, { siteName: 'Répertoire', homepage: null, modified: new Date('2026-01-01') });
    expect(messages(await readImportFile(db, zip, tiny))[0]).toContain('une fois décompressée');
  });

  it('a zip bomb within the upload size is refused by the web limits', async () => {
    // 150 MB of one repeated line deflates to about 150 kB.
    const { zipSync } = await import('fflate');
    const line = new TextEncoder().encode('id,name\n' + 'x,y\n'.repeat(150 * 1024 * 256));
    const bomb = zipSync({ 'organizations.csv': [line, { level: 9 }] });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect(messages(await readImportFile(db, bomb))[0]).toContain('L’archive dépasse 100 Mo une fois décompressée');
  });
});
