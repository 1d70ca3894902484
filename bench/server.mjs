// The compiled app (dist/, as `npm start` runs it) in production mode on an existing database, plus two
// bench-only routes: /__bench/ceiling (the thème page's bytes from memory, through the same server and
// hooks) and /__bench/stats. Plain JavaScript so it runs on plain node, without the tsx loader's memory.
import { Buffer } from 'node:buffer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import fastifyStatic from '@fastify/static';
import { buildApp } from '../dist/app.js';
import { testConfig } from '../dist/config.js';
import { hashPassword } from '../dist/lib/auth/passwords.js';
import { verifyOrganisation } from '../dist/queries/organisation-edits.js';
import { setRankingCache } from '../dist/queries/search.js';
import { insertUser } from '../dist/queries/users.js';

const [databasePath, themeSlug, cacheMode, importCsv] = process.argv.slice(2);
if (!databasePath || !themeSlug)
  throw new Error('usage: node bench/server.mjs <database> <theme-slug> [no-ranking-cache]');
// Every request then pays the full ranking: the cost of searches nobody made before.
if (cacheMode === 'no-ranking-cache') setRankingCache(false);

const startedAt = performance.now();
const app = await buildApp(testConfig({ env: 'production', databasePath, seed: 'none', logLevel: 'warn', port: 0 }));
// Static twins of the measured pages: same bytes, served by @fastify/static with precompressed .br/.gz
// files, so each page is compared with the best this process can do for a file of its size and encoding.
const staticDir = fs.mkdtempSync(path.join(os.tmpdir(), 'repertoire-bench-static-'));
await app.register(fastifyStatic, { root: staticDir, prefix: '/__bench/static/', preCompressed: true, etag: true });
app.post('/__bench/twin', async (request) => {
  const { name, url, cookie } = request.query;
  const page = await app.inject({ url, headers: cookie ? { cookie } : {} });
  const file = path.join(staticDir, `${name}.html`);
  fs.writeFileSync(file, page.rawPayload);
  // The bench process compresses the twin (brotli 11 of a 5 MB page takes ~100 MB: not the server's memory).
  return { bytes: page.rawPayload.length, file };
});
// An editor's save: « Marquer comme vérifié » through the app's own write (revision, triggers, version).
let editor;
let edits = 0;
app.post('/__bench/edit', async () => {
  editor ??= insertUser(app.db, {
    email: 'editeur-bench@example.org',
    name: 'Bench',
    role: 'editeur',
    passwordHash: 'x',
  });
  const ids = app.db.$client.prepare('SELECT id FROM organisations ORDER BY id LIMIT 50').pluck().all();
  verifyOrganisation(app.db, editor.id, ids[edits++ % ids.length]);
  return { edits };
});
app.post('/__bench/admin', async () => {
  const email = 'admin-bench@example.org';
  const password = 'une phrase de passe pour le banc';
  if (!app.db.$client.prepare('SELECT 1 FROM users WHERE email = ?').get(email))
    insertUser(app.db, { email, name: 'Admin', role: 'admin', passwordHash: await hashPassword(password) });
  return { email, password };
});
app.get('/__bench/slugs', async () => ({
  themes: app.db.$client.prepare('SELECT slug FROM themes').pluck().all(),
  organisations: app.db.$client
    .prepare("SELECT slug FROM organisations WHERE status = 'active' ORDER BY random() LIMIT 1500")
    .pluck()
    .all(),
}));
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
  cpu: process.cpuUsage(),
  startMs,
}));
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const startMs = performance.now() - startedAt;
const theme = await app.inject({ url: `/themes/${themeSlug}` });
if (theme.statusCode !== 200) throw new Error(`thème page answered ${theme.statusCode}`);
ceiling = { body: theme.rawPayload, type: String(theme.headers['content-type']), etag: String(theme.headers.etag) };
process.stdout.write(JSON.stringify({ address }) + '\n');

const stop = () => void app.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
