import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { closeDatabase, openDatabase } from '../db/client.js';
import { cacheStatements } from '../db/statement-cache.js';
import { runImportTask, type ImportTask } from './import-task.js';

/** Messages from the import worker to src/exchange/import-runner.ts. */
export type WorkerMessage =
  | { type: 'progress'; phase: 'validation' | 'writing'; done: number; total: number }
  | { type: 'result'; result: Awaited<ReturnType<typeof runImportTask>> };

// Its own connection to the same file: WAL lets the main thread keep reading while this one writes.
const { databasePath, task } = workerData as { databasePath: string; task: ImportTask };
// On Linux the nice value is per thread: when the cores are busy, the main thread (visitors) goes first.
try {
  os.setPriority(10);
} catch {
  // Not allowed here: the import simply competes at the same priority.
}
const db = openDatabase(databasePath);
cacheStatements(db);
const post = (message: WorkerMessage) => parentPort!.postMessage(message);
try {
  const result = await runImportTask(db, task, (phase, done, total) => {
    if (done === total || done % 100 === 0) post({ type: 'progress', phase, done, total });
  });
  post({ type: 'result', result });
} finally {
  closeDatabase(db);
}
