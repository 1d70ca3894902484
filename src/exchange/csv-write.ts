import { stringify } from 'csv-stringify/sync';
import { neutraliseCell } from './cells.js';

/** Excel fr-CA expects ";" between cells (its decimal mark is the comma) and a BOM to read UTF-8. */
export const CSV_DELIMITER = ';';
const BOM = '\uFEFF';

// csv-stringify quotes a cell holding the record delimiter (CRLF) but not a bare LF or CR, which
// spreadsheets and most readers take as the end of the record: quote any cell holding either.
const LINE_BREAK = /[\r\n]/;

/** A spreadsheet-safe CSV: BOM, ";", CRLF, every formula-like cell neutralised (054). */
export function writeSpreadsheetCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const records = [header, ...rows].map((row) => row.map(neutraliseCell));
  return BOM + stringify(records, { delimiter: CSV_DELIMITER, record_delimiter: '\r\n', quoted_match: LINE_BREAK });
}

/** An RFC 4180 CSV (the HSDS package): comma, CRLF, no BOM; formula-like cells neutralised too, since people open it in spreadsheets (054). */
export function writePlainCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const records = [header, ...rows].map((row) => row.map(neutraliseCell));
  return stringify(records, { record_delimiter: '\r\n', quoted_match: LINE_BREAK });
}
