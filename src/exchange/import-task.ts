import type { Db } from '../db/client.js';
import { commitImport, previewImport, readImportFile, type ImportPreview, type Progress } from './import-file.js';
import type { ImportPlan } from './plan.js';

/** What the admin routes ask of an import, in a form a worker thread can receive (decision 064). */
export type ImportTask =
  | { kind: 'preview'; bytes: Uint8Array; now: string; termThemes?: Record<string, string> }
  | {
      kind: 'commit';
      bytes: Uint8Array;
      now: string;
      userId: number;
      expectedFingerprint: string;
      termThemes?: Record<string, string>;
    };

/** The answer, cloneable back to the main thread: an applied commit only needs its counts. */
export type ImportTaskResult =
  | { kind: 'preview'; preview: ImportPreview }
  | { kind: 'commit'; status: 'applied'; counts: ImportPlan['counts'] }
  | { kind: 'commit'; status: 'invalid'; preview: ImportPreview }
  | { kind: 'commit'; status: 'changed'; preview: ImportPreview };

/** Reads the uploaded bytes, then previews or commits them (one transaction), on whatever connection it is given. */
export async function runImportTask(db: Db, task: ImportTask, onProgress?: Progress): Promise<ImportTaskResult> {
  const table = await readImportFile(db, task.bytes, undefined, task.termThemes);
  const now = new Date(task.now);
  if (task.kind === 'preview') return { kind: 'preview', preview: previewImport(db, table, { now, onProgress }) };
  const result = commitImport(db, task.userId, table, {
    now,
    onProgress,
    expectedFingerprint: task.expectedFingerprint,
  });
  if (result.status === 'applied') return { kind: 'commit', status: 'applied', counts: result.preview.plan.counts };
  return { kind: 'commit', status: result.status, preview: result.preview };
}
