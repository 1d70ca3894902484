import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { backupDay, pruneBackups } from '../lib/backups.js';

const HOUR = 60 * 60 * 1000;

/**
 * A consistent copy made with SQLite's online backup while the server keeps serving, written to a
 * temporary name, checked with integrity_check, then renamed: a half-written file never looks complete.
 */
export async function createBackup(db: Db, file: string): Promise<{ file: string; bytes: number }> {
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partiel`;
  fs.rmSync(partial, { force: true });
  await db.$client.backup(partial);
  const copy = new Database(partial);
  try {
    // A single self-contained file (no -wal/-shm beside it) is what one copies back to restore.
    copy.pragma('journal_mode = DELETE');
    const result = copy.pragma('integrity_check', { simple: true });
    if (result !== 'ok') throw new Error(`backup failed integrity_check: ${String(result)}`);
  } finally {
    copy.close();
  }
  fs.renameSync(partial, target);
  return { file: target, bytes: fs.statSync(target).size };
}

/** Today's backup, unless it exists already; then pruning. Returns the file made, or null. */
export async function runDailyBackup(
  db: Db,
  dir: string,
  keep: number,
  now: Date = new Date(),
): Promise<string | null> {
  const file = path.join(dir, `repertoire-${backupDay(now)}.db`);
  if (fs.existsSync(file)) return null;
  await createBackup(db, file);
  pruneBackups(dir, keep);
  return file;
}

/** Keeps one backup a day (checked at start and every hour) with the configured retention. */
export const backupPlugin = fp(async function backups(app: FastifyInstance) {
  const { backupDir, backupRetention } = app.config;
  if (backupRetention === 0 || app.config.databasePath === ':memory:') return;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const file = await runDailyBackup(app.db, backupDir, backupRetention, app.db.clock());
      if (file) app.log.info({ file }, 'daily backup written');
    } catch (error) {
      app.log.error({ err: error }, 'daily backup failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), HOUR);
  timer.unref();
  app.addHook('onReady', async () => void tick());
  app.addHook('onClose', async () => clearInterval(timer));
});
