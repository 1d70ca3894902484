import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { neutraliseCell, unneutraliseCell } from '../../src/exchange/cells.js';
import { writePlainCsv, writeSpreadsheetCsv } from '../../src/exchange/csv-write.js';
import { readIndependently } from '../support/independent-csv.js';

// Texts built from the characters that break CSV files or spreadsheets, plus ordinary ones.
const hazardous = fc.string({
  unit: fc.constantFrom('a', 'é', ' ', ';', ',', '"', "'", '\n', '\r', '\t', '=', '+', '-', '@'),
  maxLength: 12,
});

describe('CSV writers (decision 054)', () => {
  it('neutralise every formula-like cell, and the import gets the exact text back', () => {
    fc.assert(
      fc.property(hazardous, (text) => {
        expect(neutraliseCell(text)).not.toMatch(/^[=+\-@\t\r]/);
        expect(unneutraliseCell(neutraliseCell(text))).toBe(text);
      }),
    );
  });

  it('write files an independent reader splits into exactly the records written', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(hazardous, hazardous), { minLength: 1, maxLength: 5 }), (rows) => {
        // A record of empty cells only is a blank line for any reader: keep one letter in the first cell.
        const written = rows.map(([first, second]) => [`x${first}`, second] as const);
        const want = [['a', 'b'], ...written.map((row) => row.map(neutraliseCell))];
        expect(readIndependently(writeSpreadsheetCsv(['a', 'b'], written), ';')).toEqual(want);
        expect(readIndependently(writePlainCsv(['a', 'b'], written), ',')).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });
});
