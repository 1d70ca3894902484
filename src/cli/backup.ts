import path from 'node:path';
import { loadConfig } from '../config.js';
import type { Db } from '../db/client.js';
import { createBackup } from '../plugins/backups.js';

/** `npm run cli -- backup [FILE]`: a consistent copy, safe while the server runs. */
export async function runBackupCommand(db: Db, args: string[]): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const file = args[0] ?? path.join(loadConfig().backupDir, `repertoire-manuel-${stamp}.db`);
  const { file: written, bytes } = await createBackup(db, file);
  return `Copie de sauvegarde écrite : ${written} (${(bytes / 1024).toFixed(0)} Kio, intégrité vérifiée).`;
}
