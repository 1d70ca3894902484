import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { ImportRunner, type ImportJob } from '../exchange/import-runner.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Import previews and commits, run in a worker thread (decision 064). */
    imports: ImportRunner;
  }
}

/**
 * Requests that may write: forms, anything signed in (the session row is rewritten on each request), and the
 * login page (it creates a session). Anonymous reads, the public site, never wait.
 */
function mayWrite(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return true;
  return Boolean(request.headers.cookie?.includes('sid=')) || request.url.startsWith('/connexion');
}

const waited = (ms: number) => new Promise<false>((resolve) => setTimeout(resolve, ms, false).unref());

export const progressPath = (id: string) => `/admin/import/${id}/progression`;

/** The page a request that may write gets when a commit is still running after `writeWaitMs`. */
export function renderImportBusy(reply: FastifyReply, runner: ImportRunner) {
  const progress = runner.running?.progress?.phase === 'writing' ? runner.running.progress : null;
  reply.code(503).header('retry-after', '30').header('cache-control', 'no-store');
  return reply.view('errors/503', { title: 'Importation en cours', progress });
}

/** The running commit's page, refreshed every 2 s without JavaScript; its id (144 random bits) is the key. */
function renderImportProgress(reply: FastifyReply, job: ImportJob) {
  reply.header('cache-control', 'no-store');
  return reply.view('admin/imports/progress', {
    title: 'Importation en cours',
    refresh: 2,
    id: job.id,
    progress: job.progress,
  });
}

/**
 * While a commit holds SQLite's write lock, a write from the main thread would wait in better-sqlite3's
 * synchronous busy handler and freeze every request (up to busy_timeout, 5 s). So requests that may write
 * wait here, asynchronously, for the commit to end; past `writeWaitMs` they get a French 503, before the
 * session is even read (registered before the auth plugin). The commit's progress page is answered here
 * too, without a session, so that it can refresh while the commit runs.
 */
export const importsPlugin = fp(async function imports(app: FastifyInstance) {
  const runner = new ImportRunner(app.db, (error) => app.log.error({ err: error }, 'import failed'));
  app.decorate('imports', runner);
  app.addHook('onRequest', async (request, reply) => {
    const job = runner.running;
    if (!job) return;
    if (request.method === 'GET' && request.url === progressPath(job.id)) return renderImportProgress(reply, job);
    if (!mayWrite(request)) return;
    const ended = await Promise.race([runner.idle().then(() => true), waited(runner.writeWaitMs)]);
    if (!ended) return renderImportBusy(reply, runner);
  });
  // A shutdown lets a running commit finish rather than killing it halfway (it would roll back anyway).
  app.addHook('onClose', async () => runner.idle());
});
