import { parse } from 'csv-parse/sync';
import { decodeText } from './decode.js';
import { tooManyRowsMessage } from './limits.js';
import { buildRow, headerKey, isBlank } from './rows.js';
import { emptyTable, fileProblem, type Problem, type SourceTable } from './table.js';

/** Excel fr-CA writes ";", most tools ",": the header line tells which one the file uses. */
export function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [';', ',', '\t'].map((d) => ({ d, n: firstLine.split(d).length - 1 }));
  counts.sort((a, b) => b.n - a.n);
  return counts[0]!.n > 0 ? counts[0]!.d : ',';
}

type Record = { record: string[]; info: { lines: number } };
class TooManyRows extends Error {}

/** Reads CSV bytes into the layout's rows; every reading problem is located by line. Stops past `maxRows` data rows. */
export function readCsv(
  bytes: Uint8Array,
  format: SourceTable['format'] = 'csv',
  maxRows = Number.POSITIVE_INFINITY,
): SourceTable {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return emptyTable(format, [fileProblem(decoded.message)]);
  let records: Record[];
  let filled = 0;
  try {
    records = parse(decoded.text, {
      delimiter: detectDelimiter(decoded.text),
      relax_column_count: true,
      skip_empty_lines: false,
      info: true,
      // Counted while parsing, so that a file of a million tiny lines is refused before it is held in memory.
      // (With `info`, csv-parse hands on_record the { record, info } pair its types do not describe.)
      on_record: ((entry: Record) => {
        if (!isBlank(entry.record) && ++filled > maxRows + 1) throw new TooManyRows();
        return entry;
      }) as unknown as (record: string[]) => string[],
    }) as unknown as Record[];
  } catch (error) {
    if (error instanceof TooManyRows) return emptyTable(format, [fileProblem(tooManyRowsMessage(maxRows))]);
    const line = (error as { lines?: number }).lines;
    return emptyTable(format, [
      {
        where: line ? `ligne ${line}` : null,
        column: null,
        message:
          'Le fichier CSV est mal formé (guillemet non fermé ou caractère inattendu)\u00a0: vérifiez qu’il a été enregistré au format CSV.',
      },
    ]);
  }
  const [first, ...rest] = records;
  if (!first || isBlank(first.record))
    return emptyTable(format, [fileProblem('La première ligne doit contenir les noms des colonnes (voir le modèle).')]);
  const header = first.record.map(headerKey);
  const problems: Problem[] = [];
  const rows: SourceTable['rows'] = [];
  let previousEnd = first.info.lines;
  for (const { record, info } of rest) {
    const where = `ligne ${previousEnd + 1}`;
    previousEnd = info.lines;
    if (isBlank(record)) continue;
    if (record.length !== header.length) {
      problems.push({
        where,
        column: null,
        message: `La ligne a ${record.length} cellules alors que l’en-tête compte ${header.length} colonnes\u00a0: un séparateur ou un guillemet est probablement en trop ou manquant.`,
      });
      continue;
    }
    rows.push(buildRow(header, record, where));
  }
  return { format, header, rows, problems, notices: [] };
}
