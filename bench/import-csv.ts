import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { closeDatabase, openDatabase } from '../src/db/client.js';
import { writeSpreadsheetCsv } from '../src/exchange/csv-write.js';
import { publicDirectoryCsv } from '../src/exchange/open-data.js';

/**
 * Writes an import file of `rows` new organisations in the export layout, made from the synthetic directory:
 * its entries under new names and without identifiant, so that every row is a creation.
 */
export function writeImportCsv(databaseFile: string, target: string, rows: number): void {
  const copy = `${target}.db`;
  fs.copyFileSync(databaseFile, copy);
  const db = openDatabase(copy);
  // No person twice in one organisation: the import would rightly refuse it.
  db.$client.exec('delete from contacts where id not in (select min(id) from contacts group by organisation_id, name)');
  const [header, ...records] = parse(publicDirectoryCsv(db).replace(/^\uFEFF/, ''), {
    delimiter: ';',
    relax_column_count: true,
  }) as string[][];
  closeDatabase(db);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
  const name = header!.indexOf('nom');
  const identifier = header!.indexOf('identifiant');
  const lines = Array.from({ length: rows }, (_, i) => {
    const line = [...records[i % records.length]!];
    line[name] = `${line[name]} — importé ${i + 1}`;
    line[identifier] = '';
    return line;
  });
  fs.writeFileSync(target, '\uFEFF' + writeSpreadsheetCsv(header!, lines));
}
