/** A problem found in a file, located for the person who must fix it. */
export interface Problem {
  /** "ligne 4", "organizations.csv, ligne 3", or null for the whole file. */
  where: string | null;
  /** The column header, or null. */
  column: string | null;
  message: string;
}

/** One data row of an import, whatever the file format, keyed by the CSV layout's headers. */
export interface SourceRow {
  /** Where the row comes from, for messages ("ligne 4"). */
  where: string;
  cells: Record<string, string>;
  /** HSDS organization id, which identifies an entry this directory exported. */
  externalId?: string;
  /** HSDS import: where each layout column's value came from, so that problems cite the package's file and field. */
  origins?: Record<string, { where: string; column: string }>;
  /** HSDS import: the source's service and location ids, and each personne group's contact id (decision 074). */
  sourceIds?: { service: string | null; location: string | null; contacts: Record<number, string> };
}

/** A file read into the CSV layout: its header and rows, or the problems that stopped reading it. */
export interface SourceTable {
  format: 'csv' | 'xlsx' | 'hsds';
  header: string[];
  rows: SourceRow[];
  /** Problems found while reading: any of them means nothing is written. */
  problems: Problem[];
  /** Informative notes (columns or files left aside). */
  notices: string[];
  /** HSDS packages: what happens to each file and field. */
  hsds?: HsdsImportReport;
}

export type FieldOutcome = 'imported' | 'transformed' | 'dropped';

/** One line of the HSDS preview: a field of a package file, what happens to its values, how many. */
export interface HsdsFieldLine {
  field: string;
  outcome: FieldOutcome;
  count: number;
  detail: string;
}

/** What an HSDS import does with the package, per file and field, for the preview (never a reason to refuse). */
export interface HsdsImportReport {
  version: string;
  files: { file: string; rows: number; lines: HsdsFieldLine[] }[];
  /** Values kept but worth a look (a phone outside North America, a shortened text…), located in the package. */
  flags: Problem[];
  /** Classification terms that match no thème, with how many links use them. */
  unmappedTerms: { id: string; term: string; taxonomy: string; count: number }[];
}

export const fileProblem = (message: string): Problem => ({ where: null, column: null, message });

export function emptyTable(format: SourceTable['format'], problems: Problem[]): SourceTable {
  return { format, header: [], rows: [], problems, notices: [] };
}
