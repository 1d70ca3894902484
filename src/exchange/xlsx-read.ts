import { tooManyRowsMessage, type ImportLimits } from './limits.js';
import { buildRow, headerKey, isBlank } from './rows.js';
import { emptyTable, fileProblem, type Problem, type SourceTable } from './table.js';
import {
  dateStyles,
  decodeAddress,
  encodeColumn,
  firstSheet,
  parseXml,
  serialToIsoDate,
  sharedStrings,
} from './xlsx-parts.js';
import { readZip } from './zip.js';

const UNREADABLE =
  'Le classeur XLSX est illisible ou endommagé\u00a0: ouvrez-le dans Excel ou LibreOffice et enregistrez-le de nouveau, ou exportez-le en CSV UTF-8.';
const NO_HEADER = 'La première ligne doit contenir les noms des colonnes (voir le modèle).';
const PARTS = /^xl\/(workbook\.xml|_rels\/workbook\.xml\.rels|sharedStrings\.xml|styles\.xml|worksheets\/[^/]+\.xml)$/i;

interface Cell {
  address: string;
  column: number;
  type: string;
  style: number;
  raw: string;
  inline: string;
  formula: boolean;
}
interface Workbook {
  strings: string[];
  dates: boolean[];
  date1904: boolean;
}

/** The text a person sees in a cell; formulas (and their errors) are reported, never evaluated or stored. */
function cellText(cell: Cell, book: Workbook): { text: string; formula: boolean } {
  if (cell.formula || cell.type === 'e') return { text: '', formula: true };
  switch (cell.type) {
    case 's':
      return { text: book.strings[Number(cell.raw)] ?? '', formula: false };
    case 'inlineStr':
      return { text: cell.inline, formula: false };
    case 'str':
      return { text: cell.raw, formula: false };
    case 'b':
      return { text: cell.raw.trim() === '1' ? 'true' : 'false', formula: false };
    case 'd':
      return { text: cell.raw.slice(0, 10), formula: false };
  }
  const number = Number(cell.raw);
  if (cell.raw.trim() === '' || !Number.isFinite(number)) return { text: cell.raw, formula: false };
  if (book.dates[cell.style]) return { text: serialToIsoDate(number, book.date1904) ?? cell.raw, formula: false };
  return { text: String(number), formula: false };
}

/**
 * Reads the first sheet of an XLSX workbook into the layout's rows, row by row from its XML: loading the
 * workbook whole with exceljs cost about 20 kB of heap per row, and exceljs's streaming reader fails
 * intermittently (decision 051).
 */
export function readXlsx(bytes: Uint8Array, limits: ImportLimits): SourceTable {
  const zip = readZip(bytes, (name) => PARTS.test(name), limits.maxInflatedBytes);
  if (!zip.ok) return emptyTable('xlsx', [fileProblem(zip.tooLarge ? zip.message : UNREADABLE)]);
  try {
    return readFirstSheet(new Map(Object.entries(zip.files).map(([name, data]) => [name.toLowerCase(), data])), limits);
  } catch {
    return emptyTable('xlsx', [fileProblem(UNREADABLE)]);
  }
}

function readFirstSheet(parts: Map<string, Uint8Array>, limits: ImportLimits): SourceTable {
  const workbook = parts.get('xl/workbook.xml');
  if (!workbook) return emptyTable('xlsx', [fileProblem(UNREADABLE)]);
  const { path, sheets, date1904 } = firstSheet(workbook, parts.get('xl/_rels/workbook.xml.rels'));
  const sheet = path === null ? undefined : parts.get(path.toLowerCase());
  if (!sheet) return emptyTable('xlsx', [fileProblem('Le classeur ne contient aucune feuille.')]);
  const book: Workbook = {
    strings: sharedStrings(parts.get('xl/sharedstrings.xml')),
    dates: dateStyles(parts.get('xl/styles.xml')),
    date1904,
  };

  const problems: Problem[] = [];
  const rows: SourceTable['rows'] = [];
  let header: string[] | null = null;
  let tooMany = false;
  let rowNumber = 0;
  let values: string[] = [];
  let cell: Cell | null = null;
  let lastColumn = 0;
  let inValue = false;
  let inInlineText = false;
  let phonetic = 0;

  const endRow = () => {
    const line = Array.from(values, (v) => v ?? '');
    if (header === null) {
      if (!isBlank(line)) header = line.map(headerKey);
      return;
    }
    if (isBlank(line)) return;
    if (rows.length === limits.maxRows) {
      tooMany = true;
      return;
    }
    const where = `ligne ${rowNumber}`;
    if (line.length > header.length && !isBlank(line.slice(header.length))) {
      problems.push({
        where,
        column: null,
        message: 'La ligne a des cellules remplies au-delà de la dernière colonne de l’en-tête.',
      });
      return;
    }
    rows.push(buildRow(header, line, where));
  };

  parseXml(
    sheet,
    {
      open: (tag) => {
        const a = tag.attributes;
        if (tag.name === 'row') {
          rowNumber = Number(a.r) || rowNumber + 1;
          values = [];
          lastColumn = 0;
        } else if (tag.name === 'c') {
          const column = decodeAddress(a.r ?? '')?.column ?? lastColumn + 1;
          cell = {
            address: a.r ?? `${encodeColumn(column)}${rowNumber}`,
            column,
            type: a.t ?? 'n',
            style: Number(a.s ?? 0),
            raw: '',
            inline: '',
            formula: false,
          };
        } else if (cell && tag.name === 'f') cell.formula = true;
        else if (cell && tag.name === 'v') inValue = true;
        else if (tag.name === 'rPh') phonetic += 1;
        else if (cell && tag.name === 't' && phonetic === 0) inInlineText = true;
      },
      text: (text) => {
        if (!cell) return;
        if (inValue) cell.raw += text;
        else if (inInlineText) cell.inline += text;
      },
      close: (name) => {
        if (name === 'v') inValue = false;
        else if (name === 't') inInlineText = false;
        else if (name === 'rPh') phonetic -= 1;
        else if (name === 'c' && cell) {
          const { text, formula } = cellText(cell, book);
          if (formula)
            problems.push({
              where: `ligne ${rowNumber}`,
              column: cell.address,
              message: `La cellule ${cell.address} contient une formule\u00a0: remplacez-la par sa valeur (Copier, puis Collage spécial › Valeurs).`,
            });
          values[cell.column - 1] = text;
          lastColumn = cell.column;
          cell = null;
        } else if (name === 'row') endRow();
      },
    },
    () => !tooMany,
  );
  if (tooMany)
    return emptyTable('xlsx', [fileProblem(tooManyRowsMessage(limits.maxRows, 'La première feuille du classeur'))]);
  if (header === null) return emptyTable('xlsx', [fileProblem(NO_HEADER)]);
  return {
    format: 'xlsx',
    header,
    rows,
    problems,
    notices: sheets > 1 ? ['Seule la première feuille du classeur a été lue.'] : [],
  };
}
