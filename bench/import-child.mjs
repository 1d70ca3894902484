// One web import, as the admin routes run it (read and preview; then read again and commit when the preview
// is clean), in a process started with the server's Node flags; prints one JSON line. Plain JavaScript on
// dist/, like bench/server.mjs.
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import v8 from 'node:v8';
import { openDatabase } from '../dist/db/client.js';
import { cacheStatements } from '../dist/db/statement-cache.js';
import { commitImport, previewImport, readImportFile } from '../dist/exchange/import-file.js';

const [file, databasePath] = process.argv.slice(2);
const db = openDatabase(databasePath);
// As the import worker does (decision 064).
cacheStatements(db);
const now = new Date();
const bytes = new Uint8Array(fs.readFileSync(file));
const started = performance.now();
const table = await readImportFile(db, bytes);
const preview = previewImport(db, table, { now });
const previewed = performance.now();
let committed = null;
if (preview.problems.length === 0) {
  const user = db.$client
    .prepare(
      "insert into users (email, name, role, password_hash) values ('bench@example.org', 'Bench', 'admin', 'x') returning id",
    )
    .get();
  const result = commitImport(db, user.id, await readImportFile(db, bytes), { now });
  if (result.status !== 'applied') throw new Error(`commit ${result.status}`);
  committed = (performance.now() - previewed) / 1000;
}
const mb = (bytes) => Math.round(bytes / 1048576);
process.stdout.write(
  JSON.stringify({
    seconds: (previewed - started) / 1000,
    commitSeconds: committed,
    rows: table.rows.length,
    problems: preview.problems.length,
    firstProblem: preview.problems[0]?.message ?? '',
    heapLimitMb: mb(v8.getHeapStatistics().heap_size_limit),
    heapTotalMb: mb(process.memoryUsage().heapTotal),
    maxRssMb: mb(process.resourceUsage().maxRSS * 1024),
  }) + '\n',
);
