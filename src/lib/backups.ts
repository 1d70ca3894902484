import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../db/client.js';

const DAILY = /^repertoire-(\d{4}-\d{2}-\d{2})\.db$/;

/** "2026-11-22" in Quebec's time zone, so a backup made at 22 h is dated that day. */
export function backupDay(date: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Toronto', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

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

/** Keeps the `keep` most recent daily backups in `dir` and deletes the older ones. */
export function pruneBackups(dir: string, keep: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const daily = fs
    .readdirSync(dir)
    .filter((name) => DAILY.test(name))
    .sort()
    .reverse();
  const removed = daily.slice(keep);
  for (const name of removed) fs.rmSync(path.join(dir, name), { force: true });
  return removed;
}

/** Today's backup, unless it exists already; then pruning. Returns the file made, or null. */
export async function runDailyBackup(db: Db, dir: string, keep: number, now: Date = new Date()): Promise<string | null> {
  const file = path.join(dir, `repertoire-${backupDay(now)}.db`);
  if (fs.existsSync(file)) return null;
  await createBackup(db, file);
  pruneBackups(dir, keep);
  return file;
}
