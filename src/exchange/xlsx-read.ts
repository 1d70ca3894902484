import type ExcelJS from 'exceljs';
import { buildRow, headerKey, isBlank } from './rows.js';
import { emptyTable, fileProblem, type Problem, type SourceTable } from './table.js';

type CellValue = ExcelJS.CellValue;

/** The text a person sees in a cell; formulas are reported, never evaluated or stored. */
function cellText(value: CellValue): { text: string; formula: boolean } {
  if (value === null || value === undefined) return { text: '', formula: false };
  if (typeof value === 'string') return { text: value, formula: false };
  if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value), formula: false };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10), formula: false };
  if ('formula' in value || 'sharedFormula' in value) return { text: '', formula: true };
  if ('richText' in value) return { text: value.richText.map((part) => part.text).join(''), formula: false };
  if ('hyperlink' in value) return { text: String(value.text ?? value.hyperlink), formula: false };
  if ('error' in value) return { text: '', formula: true };
  return { text: '', formula: false };
}

/** Reads the first worksheet of an XLSX workbook into the layout's rows. */
export async function readXlsx(bytes: Uint8Array): Promise<SourceTable> {
  // Loaded on first use: exceljs is large, and only an XLSX import needs it.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  } catch {
    return emptyTable('xlsx', [fileProblem('Le classeur XLSX est illisible ou endommagé\u00a0: ouvrez-le dans Excel ou LibreOffice et enregistrez-le de nouveau, ou exportez-le en CSV UTF-8.')]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return emptyTable('xlsx', [fileProblem('Le classeur ne contient aucune feuille.')]);
  const problems: Problem[] = [];
  const lines: { number: number; values: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      const { text, formula } = cellText(cell.value);
      if (formula) problems.push({ where: `ligne ${number}`, column: cell.address, message: `La cellule ${cell.address} contient une formule\u00a0: remplacez-la par sa valeur (Copier, puis Collage spécial › Valeurs).` });
      values[column - 1] = text;
    });
    lines.push({ number, values: Array.from(values, (v) => v ?? '') });
  });
  const [first, ...rest] = lines;
  if (!first || isBlank(first.values)) return emptyTable('xlsx', [fileProblem('La première ligne doit contenir les noms des colonnes (voir le modèle).')]);
  const header = first.values.map(headerKey);
  const rows: SourceTable['rows'] = [];
  for (const line of rest) {
    if (isBlank(line.values)) continue;
    const where = `ligne ${line.number}`;
    if (line.values.length > header.length && !isBlank(line.values.slice(header.length))) {
      problems.push({ where, column: null, message: 'La ligne a des cellules remplies au-delà de la dernière colonne de l’en-tête.' });
      continue;
    }
    const built = buildRow(header, line.values, where);
    rows.push(built.row);
    problems.push(...built.problems);
  }
  return { format: 'xlsx', header, rows, problems, notices: sheet === workbook.worksheets.at(-1) ? [] : ['Seule la première feuille du classeur a été lue.'] };
}
