import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { Db } from '../db/client.js';
import type { User } from '../db/schema.js';
import { cacheStatements } from '../db/statement-cache.js';
import { commitImport, previewImport, readImportFile } from '../exchange/import-file.js';
import { CLI_IMPORT_LIMITS } from '../exchange/limits.js';
import { progressReporter } from '../exchange/progress.js';
import { textReport } from '../exchange/report.js';
import { findUserByEmail, listUsers } from '../queries/users.js';

/** A refused import: the message is the French report, nothing was written. */
export class ImportCommandError extends Error {
  override name = 'ImportCommandError';
}

const usage =
  'Usage : npm run cli -- import FICHIER [--dry-run] [--user COURRIEL]\n  FICHIER : CSV, XLSX ou paquet HSDS 3.0 (.zip)\n  --dry-run : aperçu seulement, rien n’est écrit\n  --user : le compte auteur des modifications (par défaut, le seul administrateur actif)';

/** The account the revisions are credited to: the one named, or the only active administrator. */
function author(db: Db, email: string | undefined): User {
  if (email) {
    const user = findUserByEmail(db, email);
    if (!user || user.disabledAt) throw new ImportCommandError(`Aucun compte actif pour ${email} (--user).`);
    return user;
  }
  const admins = listUsers(db).filter((u) => u.role === 'admin' && !u.disabledAt);
  if (admins.length !== 1)
    throw new ImportCommandError('Indiquez le compte auteur des modifications avec --user COURRIEL.');
  return admins[0]!;
}

/** `npm run cli -- import FILE [--dry-run] [--user EMAIL]`: the admin import, for files too big for the Web. */
export async function runImportCommand(
  db: Db,
  args: string[],
  stderr: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, user: { type: 'string' } },
  });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new ImportCommandError(usage);
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    throw new ImportCommandError(`Impossible de lire le fichier ${file}.`);
  }
  const dryRun = values['dry-run'] === true;
  const user = dryRun ? null : author(db, values.user);
  // A process of its own, running only the import: prepared statements can be reused (decision 064).
  cacheStatements(db);
  const onProgress = progressReporter(stderr);
  const now = db.clock();
  const table = await readImportFile(db, bytes, CLI_IMPORT_LIMITS);
  if (dryRun) {
    const preview = previewImport(db, table, { now, onProgress });
    if (!preview.plan) throw new ImportCommandError(textReport(preview, false, now));
    return textReport(preview, false, now);
  }
  const result = commitImport(db, user!.id, table, { now, onProgress });
  if (result.status !== 'applied') throw new ImportCommandError(textReport(result.preview, false, now));
  return textReport(result.preview, true, now);
}
