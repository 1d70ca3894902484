import { Worker } from 'node:worker_threads';
import type { Db } from '../db/client.js';
import type { ImportPreview } from './import-file.js';
import { runImportTask, type ImportTask, type ImportTaskResult } from './import-task.js';
import type { WorkerMessage } from './import-worker.js';

type CommitResult = Extract<ImportTaskResult, { kind: 'commit' }> | { kind: 'commit'; status: 'busy' };
export interface ImportProgress { phase: 'validation' | 'writing'; done: number; total: number }

const WORKER = new URL(`./import-worker.${import.meta.url.endsWith('.ts') ? 'ts' : 'js'}`, import.meta.url);

function startWorker(workerData: { databasePath: string; task: ImportTask }): Worker {
  // A bound heap: a worker that runs out of memory fails alone, the server keeps its own budget (decision 050).
  const options = { workerData, resourceLimits: { maxOldGenerationSizeMb: 512 } };
  if (WORKER.pathname.endsWith('.js')) return new Worker(WORKER, options);
  // Tests and `npm run dev` run the TypeScript sources: the worker needs tsx's loader as well.
  const bootstrap = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(WORKER.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Runs import previews and commits off the main thread (decision 064): better-sqlite3 is synchronous, and a
 * 5,000-row commit in the request handler froze every other request for its whole length. An in-memory
 * database cannot be opened by a worker, so it is used here, synchronously (tests).
 */
export class ImportRunner {
  private commitDone: Promise<void> | null = null;
  /** Where the running commit is, for the page that asks a person to wait. */
  progress: ImportProgress | null = null;
  /** How long a request that may write waits for a running commit before it is answered 503. */
  writeWaitMs = 20_000;

  constructor(private readonly db: Db) {}

  get committing(): boolean {
    return this.commitDone !== null;
  }

  /** Resolves once no commit is running. */
  idle(): Promise<void> {
    return this.commitDone ?? Promise.resolve();
  }

  async preview(bytes: Uint8Array, now: Date): Promise<ImportPreview> {
    const result = await this.run({ kind: 'preview', bytes, now: now.toISOString() });
    if (result.kind !== 'preview') throw new Error('unexpected import result');
    return result.preview;
  }

  /** One commit at a time: a second one is answered 'busy' rather than queued behind the write lock. */
  async commit(task: Omit<Extract<ImportTask, { kind: 'commit' }>, 'kind' | 'now'> & { now: Date }): Promise<CommitResult> {
    if (this.commitDone) return { kind: 'commit', status: 'busy' };
    let finish = () => {};
    this.commitDone = new Promise((resolve) => (finish = resolve));
    try {
      const result = await this.run({ ...task, kind: 'commit', now: task.now.toISOString() });
      if (result.kind !== 'commit') throw new Error('unexpected import result');
      return result;
    } finally {
      this.commitDone = null;
      this.progress = null;
      finish();
    }
  }

  private run(task: ImportTask): Promise<ImportTaskResult> {
    if (this.db.$client.memory) return runImportTask(this.db, task);
    return new Promise((resolve, reject) => {
      const worker = startWorker({ databasePath: this.db.$client.name, task });
      let settled = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress' && task.kind === 'commit') this.progress = { phase: message.phase, done: message.done, total: message.total };
        if (message.type === 'result') {
          settled = true;
          resolve(message.result);
        }
      });
      worker.on('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`import worker exited with code ${code}`));
      });
    });
  }
}
