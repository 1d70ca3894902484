import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CLI_IMPORT_LIMITS } from '../../src/exchange/limits.js';
import { decodeAddress, encodeColumn, isDateFormat, serialToIsoDate } from '../../src/exchange/xlsx-parts.js';
import { readXlsx } from '../../src/exchange/xlsx-read.js';

describe('SpreadsheetML details', () => {
  it('tells date formats from number formats', () => {
    for (const code of ['yyyy-mm-dd', 'd mmmm yyyy', '[$-fr-CA]d mmm yy', 'hh:mm', 'dd/mm/yyyy;@'])
      expect(isDateFormat(code), code).toBe(true);
    for (const code of ['General', '0.00', '#,##0 $', '"Tél. "000', '[Red]0.0', '@', '0\\d'])
      expect(isDateFormat(code), code).toBe(false);
  });

  it('converts serial days in both date systems, and addresses both ways', () => {
    expect(serialToIsoDate(46037, false)).toBe('2026-01-15');
    expect(serialToIsoDate(46037.75, false)).toBe('2026-01-15');
    expect(serialToIsoDate(44575, true)).toBe('2026-01-15');
    expect(serialToIsoDate(1e20, false)).toBeNull();
    expect(decodeAddress('AB12')).toEqual({ column: 28, row: 12 });
    expect(decodeAddress('12')).toBeNull();
    expect([1, 26, 27, 28, 702, 703].map(encodeColumn)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});

/** A workbook as other tools write it: no shared strings for some cells, absolute targets, 1904 dates, phonetic runs. */
function handMade(
  sheetXml: string,
  options: { strings?: string; styles?: string; date1904?: boolean } = {},
): Uint8Array {
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${options.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets><sheet name="Données" sheetId="7" r:id="rId9"/><sheet name="Notes" sheetId="2" r:id="rId2"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Target="worksheets/sheet1.xml"/><Relationship Id="rId9" Target="/xl/worksheets/donnees.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml':
      '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Pas celle-ci</t></is></c></row></sheetData></worksheet>',
    'xl/worksheets/donnees.xml': `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetXml}</sheetData></worksheet>`,
  };
  if (options.strings)
    parts['xl/sharedStrings.xml'] =
      `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${options.strings}</sst>`;
  if (options.styles)
    parts['xl/styles.xml'] =
      `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${options.styles}</styleSheet>`;
  return zipSync(Object.fromEntries(Object.entries(parts).map(([name, xml]) => [name, strToU8(xml)])));
}

describe('reading sheets written by other tools', () => {
  it('follows the workbook to its first sheet and reads every kind of cell', () => {
    const bytes = handMade(
      '<row r="1"><c t="inlineStr"><is><t>Nom</t></is></c><c t="s"><v>0</v></c><c t="inlineStr"><is><t>Mis à jour</t></is></c><c t="inlineStr"><is><t>Actif</t></is></c><c t="inlineStr"><is><t>Age min</t></is></c></row>' +
        '<row r="3"><c r="A3" t="inlineStr"><is><r><t>Maison </t></r><r><rPr><b/></rPr><t>Bleue</t></r></is></c><c r="B3" t="s"><v>1</v></c><c r="C3" s="1"><v>44575</v></c><c r="D3" t="b"><v>1</v></c><c r="E3"><v>12</v></c></row>' +
        '<row r="4"><c r="A4" t="inlineStr"><is><t>Centre &amp; Cie</t></is></c><c r="B4" t="str"><v>texte</v></c><c r="C4" t="d"><v>2026-02-01T00:00:00</v></c><c r="E4" s="2"><v>0.5</v></c></row>',
      {
        strings:
          '<si><t>Résumé</t></si><si><r><t>Écoute </t></r><r><t>jeunesse</t></r><rPh sb="0" eb="1"><t>エ</t></rPh></si>',
        styles:
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="10"/></cellXfs>',
        date1904: true,
      },
    );
    const table = readXlsx(bytes, CLI_IMPORT_LIMITS);
    expect(table.problems).toEqual([]);
    expect(table.header).toEqual(['nom', 'resume', 'mis_a_jour', 'actif', 'age_min']);
    expect(table.rows).toEqual([
      {
        where: 'ligne 3',
        cells: {
          nom: 'Maison Bleue',
          resume: 'Écoute jeunesse',
          mis_a_jour: '2026-01-15',
          actif: 'true',
          age_min: '12',
        },
      },
      {
        where: 'ligne 4',
        cells: { nom: 'Centre & Cie', resume: 'texte', mis_a_jour: '2026-02-01', actif: '', age_min: '0.5' },
      },
    ]);
    expect(table.notices).toEqual(['Seule la première feuille du classeur a été lue.']);
  });

  it('reports formula and error cells by address, and malformed XML as a damaged workbook', () => {
    const formulas = readXlsx(
      handMade(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>nom</t></is></c></row><row r="2"><c r="A2" t="str"><f>B2&amp;"x"</f><v>x</v></c><c r="B2" t="e"><v>#REF!</v></c></row>',
      ),
      CLI_IMPORT_LIMITS,
    );
    expect(formulas.problems.map((p) => [p.where, p.column])).toEqual([
      ['ligne 2', 'A2'],
      ['ligne 2', 'B2'],
    ]);
    expect(readXlsx(handMade('<row r="1"><c r="A1"><v>1</v></c>'), CLI_IMPORT_LIMITS).problems[0]?.message).toContain(
      'illisible ou endommagé',
    );
  });
});
