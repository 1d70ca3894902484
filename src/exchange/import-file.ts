import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import { findRedirectedSlug } from '../queries/organisation-edits.js';
import { listThemes } from '../queries/themes.js';
import { applyImport } from './apply.js';
import { readCsv } from './csv-read.js';
import { loadDirectory } from '../queries/exchange.js';
import { checkHeader } from './header-check.js';
import { instanceIds } from './hsds/ids.js';
import { readHsdsPackage } from './hsds/import.js';
import { planImport, type ImportPlan } from './plan.js';
import {
  emptyTable,
  fileProblem,
  type HsdsImportReport,
  type Problem,
  type SourceRow,
  type SourceTable,
} from './table.js';
import { ThemeLookup } from './themes-cell.js';
import { validateRow, type ImportEntry } from './validate-row.js';
import { readXlsx } from './xlsx-read.js';
import { listZipEntries } from './zip.js';
import { WEB_IMPORT_LIMITS, type ImportLimits } from './limits.js';

export type Progress = (phase: 'validation' | 'writing', done: number, total: number) => void;

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Reads any accepted file (CSV, XLSX, HSDS zip) into the layout's rows; the format comes from the content,
 * not the name. `limits` default to the web server's: only the command line lifts them.
 */
export async function readImportFile(
  db: Db,
  bytes: Uint8Array,
  limits: ImportLimits = WEB_IMPORT_LIMITS,
  /** HSDS packages: thèmes chosen in the preview for terms that match none (term id → thème slug). */
  termThemes: Readonly<Record<string, string>> = {},
): Promise<SourceTable> {
  if (!isZip(bytes)) return readCsv(bytes, 'csv', limits.maxRows);
  const names = listZipEntries(bytes);
  if (!names) return emptyTable('hsds', [fileProblem('L’archive ZIP est illisible ou endommagée.')]);
  if (names.includes('[Content_Types].xml') && names.some((n) => n.startsWith('xl/'))) return readXlsx(bytes, limits);
  if (names.some((n) => n.endsWith('organizations.csv') || n.endsWith('datapackage.json'))) {
    return readHsdsPackage(bytes, listThemes(db), limits, termThemes);
  }
  return emptyTable('hsds', [
    fileProblem(
      'Cette archive ZIP n’est ni un classeur XLSX ni un paquet HSDS (organizations.csv, datapackage.json…).',
    ),
  ]);
}

export interface ImportPreview {
  format: SourceTable['format'];
  rowCount: number;
  problems: Problem[];
  notices: string[];
  /** HSDS packages: what becomes of each file and field. */
  hsds: HsdsImportReport | null;
  /** Null when a problem stops the import: nothing may be written. */
  plan: ImportPlan | null;
}

/** A problem on a layout column of an HSDS row, told with the package's own file, line and field. */
function inSource(row: SourceRow | undefined, problem: Problem): Problem {
  const origin = row?.origins && problem.column ? row.origins[problem.column] : undefined;
  if (origin) return { ...problem, where: origin.where, column: origin.column };
  // A row-level problem with no value behind it (a missing name…): the row's own line, no internal column name.
  if (row?.origins && problem.column) return { ...problem, column: null };
  return problem;
}

export interface PreviewOptions {
  /** The clock verification dates are judged against (a file date after today is ignored). */
  /** Defaults to the database's clock. */
  now?: Date;
  onProgress?: Progress;
}

/** Validates every row and matches it to the directory, writing nothing. */
export function previewImport(
  db: Db,
  table: SourceTable,
  { now = db.clock(), onProgress }: PreviewOptions = {},
): ImportPreview {
  const base = { format: table.format, rowCount: table.rows.length, notices: table.notices, hsds: table.hsds ?? null };
  if (table.header.length === 0) return { ...base, problems: table.problems, plan: null };
  const header = checkHeader(table);
  const problems = [...table.problems, ...header.problems];
  if (header.problems.length) return { ...base, problems, plan: null };
  if (table.rows.length === 0 && problems.length === 0)
    problems.push(fileProblem('Le fichier ne contient aucune ligne de données après l’en-tête.'));
  const themes = listThemes(db);
  const lookup = new ThemeLookup(themes);
  const entries: ImportEntry[] = [];
  table.rows.forEach((row, index) => {
    const result = validateRow(row, header.shape, lookup);
    problems.push(...result.problems.map((p) => inSource(row, p)));
    if (result.entry) entries.push(result.entry);
    if (onProgress && (index % 200 === 0 || index === table.rows.length - 1))
      onProgress('validation', index + 1, table.rows.length);
  });
  const planned = planImport(
    entries,
    loadDirectory(db, { activeOnly: false }),
    new Map(themes.map((t) => [t.id, t.name])),
    (slug) => findRedirectedSlug(db, slug),
    instanceIds(db, { create: false }),
    now,
  );
  const rowAt = new Map(table.rows.map((row) => [row.where, row]));
  problems.push(...planned.problems.map((p) => inSource(rowAt.get(p.where ?? ''), p)));
  return { ...base, problems, plan: problems.length ? null : planned.plan };
}

export type CommitResult =
  | { status: 'applied'; preview: ImportPreview & { plan: ImportPlan } }
  | { status: 'invalid'; preview: ImportPreview }
  | { status: 'changed'; preview: ImportPreview };

/**
 * Re-validates and writes in one transaction; with `expectedFingerprint`, refuses when the plan differs from the
 * preview the person approved (the directory changed meanwhile).
 */
export function commitImport(
  db: Db,
  userId: number,
  table: SourceTable,
  options: PreviewOptions & { expectedFingerprint?: string } = {},
): CommitResult {
  return inTransaction(db, () => {
    const preview = previewImport(db, table, options);
    if (!preview.plan) return { status: 'invalid', preview };
    if (options.expectedFingerprint !== undefined && preview.plan.fingerprint !== options.expectedFingerprint)
      return { status: 'changed', preview };
    applyImport(db, userId, preview.plan, (done, total) => options.onProgress?.('writing', done, total));
    return { status: 'applied', preview: preview as ImportPreview & { plan: ImportPlan } };
  });
}
