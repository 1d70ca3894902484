import { Worker } from 'node:worker_threads';
import type { Db } from '../db/client.js';
import type { ImportPreview } from './import-file.js';
import { runImportTask, type ImportTask, type ImportTaskResult } from './import-task.js';
import type { WorkerMessage } from './import-worker.js';

export type CommitTask = Omit<Extract<ImportTask, { kind: 'commit' }>, 'kind' | 'now'>;
export type CommitOutcome = Extract<ImportTaskResult, { kind: 'commit' }> | { kind: 'commit'; status: 'failed' };
export interface ImportProgress {
  phase: 'validation' | 'writing';
  done: number;
  total: number;
}

/** A commit, running or finished, kept under its staged file's id until its result is read. */
export interface ImportJob {
  id: string;
  userId: number;
  now: Date;
  startedAt: number;
  progress: ImportProgress | null;
  outcome: CommitOutcome | null;
  done: Promise<void>;
}

const KEEP_RESULTS_MS = 60 * 60 * 1000;
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
 * database cannot be opened by a worker, so it is used here, in-process (tests).
 */
export class ImportRunner {
  /** The commit holding (or about to hold) the write lock; one at a time. */
  running: ImportJob | null = null;
  private readonly finished = new Map<string, ImportJob>();
  /** How long a request that may write waits for a running commit before it is answered 503. */
  writeWaitMs = 20_000;

  constructor(
    private readonly db: Db,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get committing(): boolean {
    return this.running !== null;
  }

  /** Resolves once no commit is running. */
  idle(): Promise<void> {
    return this.running?.done ?? Promise.resolve();
  }

  async preview(bytes: Uint8Array, now: Date, termThemes: Record<string, string> = {}): Promise<ImportPreview> {
    const result = await this.run({ kind: 'preview', bytes, now: now.toISOString(), termThemes });
    if (result.kind !== 'preview') throw new Error('unexpected import result');
    return result.preview;
  }

  /**
   * Registers a commit and runs it in the background once `after` settles (the route passes its response's end,
   * so that its own session is saved before the worker takes the write lock); null while another one runs.
   */
  start(id: string, task: CommitTask, now: Date, after: Promise<unknown> = Promise.resolve()): ImportJob | null {
    if (this.running) return null;
    for (const [key, job] of this.finished) if (Date.now() - job.startedAt > KEEP_RESULTS_MS) this.finished.delete(key);
    const job: ImportJob = {
      id,
      userId: task.userId,
      now,
      startedAt: Date.now(),
      progress: null,
      outcome: null,
      done: Promise.resolve(),
    };
    job.done = after
      .then(() => this.run({ ...task, kind: 'commit', now: now.toISOString() }, job))
      .then((result) => (result.kind === 'commit' ? result : Promise.reject(new Error('unexpected import result'))))
      .catch((error: unknown): CommitOutcome => {
        this.onError(error);
        return { kind: 'commit', status: 'failed' };
      })
      .then((outcome) => {
        job.outcome = outcome;
        this.finished.set(id, job);
        this.running = null;
      });
    this.running = job;
    return job;
  }

  /** The finished commit of this staged file for this account, handed over once. */
  takeFinished(id: string, userId: number): ImportJob | null {
    const job = this.finished.get(id);
    if (!job || job.userId !== userId) return null;
    this.finished.delete(id);
    return job;
  }

  private run(task: ImportTask, job?: ImportJob): Promise<ImportTaskResult> {
    if (this.db.$client.memory) return runImportTask(this.db, task);
    return new Promise((resolve, reject) => {
      const worker = startWorker({ databasePath: this.db.$client.name, task });
      let settled = false;
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'progress' && job)
          job.progress = { phase: message.phase, done: message.done, total: message.total };
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
