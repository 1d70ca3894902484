// The compiled app (dist/, as `npm start` runs it) in production mode on an existing database, plus two
// bench-only routes: /__bench/ceiling (the thème page's bytes from memory, through the same server and
// hooks) and /__bench/stats. Plain JavaScript so it runs on plain node, without the tsx loader's memory.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildApp } from '../dist/app.js';
import { testConfig } from '../dist/config.js';
import { setRankingCache } from '../dist/queries/search.js';

const [databasePath, themeSlug, cacheMode, importCsv] = process.argv.slice(2);
if (!databasePath || !themeSlug)
  throw new Error('usage: node bench/server.mjs <database> <theme-slug> [no-ranking-cache]');
// Every request then pays the full ranking: the cost of searches nobody made before.
if (cacheMode === 'no-ranking-cache') setRankingCache(false);

const app = await buildApp(testConfig({ env: 'production', databasePath, seed: 'none', logLevel: 'warn', port: 0 }));
let ceiling = { body: Buffer.alloc(0), type: 'text/html; charset=utf-8', etag: '' };
// Bytes ready to send with their validator, as the page cache keeps a page: nothing is encoded or hashed per request.
app.get('/__bench/ceiling', async (_request, reply) => {
  reply.type(ceiling.type).header('cache-control', 'no-cache').header('etag', ceiling.etag);
  return ceiling.body;
});
// The admin import's own path (preview, then commit, each in a worker thread), without the upload form and session.
const importBytes = () => new Uint8Array(fs.readFileSync(importCsv));
app.post('/__bench/import/preview', async () => {
  const started = performance.now();
  const preview = await app.imports.preview(importBytes(), new Date());
  return {
    ms: performance.now() - started,
    rows: preview.rowCount,
    fingerprint: preview.plan?.fingerprint ?? null,
    problems: preview.problems.slice(0, 3),
  };
});
app.post('/__bench/import/commit', async (request) => {
  const user = app.db.$client
    .prepare("insert into users (email, name, role, password_hash) values (?, 'Bench', 'admin', 'x') returning id")
    .get(`bench-${Date.now()}@example.org`);
  const started = performance.now();
  const job = app.imports.start(
    'bench',
    { bytes: importBytes(), userId: user.id, expectedFingerprint: String(request.query.empreinte) },
    new Date(),
  );
  await job.done;
  return { ms: performance.now() - started, status: job.outcome.status, counts: job.outcome.counts ?? null };
});
app.get('/__bench/stats', async () => ({
  maxRssBytes: process.resourceUsage().maxRSS * 1024,
  memory: process.memoryUsage(),
}));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const theme = await app.inject({ url: `/themes/${themeSlug}` });
if (theme.statusCode !== 200) throw new Error(`thème page answered ${theme.statusCode}`);
ceiling = { body: theme.rawPayload, type: String(theme.headers['content-type']), etag: String(theme.headers.etag) };
process.stdout.write(JSON.stringify({ address }) + '\n');

const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
