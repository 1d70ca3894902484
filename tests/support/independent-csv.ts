import Papa from 'papaparse';
import { expect } from 'vitest';

/**
 * Reads a CSV with papaparse, a parser the project neither wrote nor imports with, the way a spreadsheet
 * does: an unquoted line feed ends a record. Read once with the file's CRLF and once with LF alone, it must
 * give the same records (a bare line feed left unquoted would split a record in the second reading).
 */
export function readIndependently(text: string, delimiter: string): string[][] {
  const body = text.replace(/^\uFEFF/, '');
  const byCrlf = Papa.parse<string[]>(body, { delimiter, newline: '\r\n', skipEmptyLines: 'greedy' });
  const byLf = Papa.parse<string[]>(body, { delimiter, newline: '\n', skipEmptyLines: 'greedy' });
  expect(byCrlf.errors).toEqual([]);
  expect(byLf.errors).toEqual([]);
  // Reading by LF leaves the CR of each record's CRLF on its last cell when that cell is unquoted.
  const lf = byLf.data.map((record, r) =>
    record.map((cell, i) => {
      const other = byCrlf.data[r]?.[i];
      return i === record.length - 1 && cell === `${other}\r` ? other : cell;
    }),
  );
  expect(lf).toEqual(byCrlf.data);
  return byCrlf.data;
}

/** The records as objects keyed by the header row. */
export function recordsByHeader(records: string[][]): Record<string, string>[] {
  const [header = [], ...rows] = records;
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}
