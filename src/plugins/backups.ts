import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { backupDay, pruneBackups } from '../lib/backups.js';

const HOUR = 60 * 60 * 1000;
// The first backup waits for the server to be serving; it then runs beside it (decision 098).
const FIRST_BACKUP_DELAY_MS = 10_000;

// Plain JavaScript so it runs the same from dist/ and under tsx; the driver is passed by path.
const CHECK_COPY = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const copy = new Database(workerData.file);
try {
  copy.pragma('journal_mode = DELETE');
  parentPort.postMessage(String(copy.pragma('integrity_check', { simple: true })));
} finally {
  copy.close();
}`;
const driver = createRequire(import.meta.url).resolve('better-sqlite3');

/**
 * integrity_check reads every page: seconds on a large directory. A worker thread keeps the server
 * answering meanwhile. Also turns the copy into a single self-contained file (no -wal/-shm beside it).
 */
function checkCopy(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CHECK_COPY, { eval: true, workerData: { file, driver } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`integrity check exited with ${code}`)));
  });
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
  const result = await checkCopy(partial);
  if (result !== 'ok') throw new Error(`backup failed integrity_check: ${result}`);
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
  let first: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    first = setTimeout(() => void tick(), FIRST_BACKUP_DELAY_MS);
    first.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    clearTimeout(first);
  });
});
