import fs from 'node:fs';
import path from 'node:path';

/** Naming and pruning of the daily copies; making a copy needs the database (plugins/backups.ts). */
const DAILY = /^repertoire-(\d{4}-\d{2}-\d{2})\.db$/;

/** "2026-11-22" in Quebec's time zone, so a backup made at 22 h is dated that day. */
export function backupDay(date: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/Toronto',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
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
