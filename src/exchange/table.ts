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
}

export const fileProblem = (message: string): Problem => ({ where: null, column: null, message });

export function emptyTable(format: SourceTable['format'], problems: Problem[]): SourceTable {
  return { format, header: [], rows: [], problems, notices: [] };
}
