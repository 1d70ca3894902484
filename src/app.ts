import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import compress from '@fastify/compress';
import etag from '@fastify/etag';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { AppConfig } from './config.js';
import { closeDatabase, openDatabase, type Clock, type Db, type OpenOptions } from './db/client.js';
import { isEmpty, seedDatabase, seedSearchConfigurationOnce } from './queries/seed.js';
import { assetVersion } from './lib/assets.js';
import { serializeRequest } from './lib/log-redaction.js';
import { assetsDir, viewsDir } from './lib/paths.js';
import { pageLocals } from './plugins/page-locals.js';
import { viewHelpers } from './lib/view-helpers.js';
import { authPlugin } from './plugins/auth.js';
import { backupPlugin } from './plugins/backups.js';
import { mailerPlugin } from './plugins/mailer.js';
import { importsPlugin } from './plugins/imports.js';
import { pageCachePlugin } from './plugins/page-cache.js';
import { assetsPlugin } from './plugins/assets.js';
import { bookPdfPlugin } from './plugins/book-pdf.js';
import { searchLogPlugin } from './plugins/search-log.js';
import { adminRoutes } from './routes/admin/index.js';
import { apiRoutes } from './routes/api.js';
import { hsdsApiRoutes } from './routes/hsds-api.js';
import { authRoutes } from './routes/auth.js';
import { openDataRoutes } from './routes/open-data.js';
import { bookRoutes } from './routes/book.js';
import { vcardRoutes } from './routes/vcard.js';
import { registerErrorPages } from './routes/errors.js';
import { healthRoutes } from './routes/health.js';
import { publicRoutes } from './routes/public.js';
import { correctionRoutes } from './routes/corrections.js';
import { selectionRoutes } from './routes/selection.js';
import { verificationRoutes } from './routes/verification.js';

declare module 'fastify' {
  interface FastifyInstance {
    db: Db;
    config: AppConfig;
  }
  interface FastifyReply {
    /** Merged by @fastify/view into every template's data. */
    locals: Record<string, unknown> | null;
  }
}

export interface BuildOptions {
  /** Use this database instead of opening config.databasePath (tests share one with factories). */
  db?: Db;
  onQuery?: OpenOptions['onQuery'];
  /** The clock of the database this app opens (a given `db` brings its own). */
  clock?: Clock;
  /** The page cache's byte bound (tests use a small one). */
  pageCacheMaxBytes?: number;
}

/** Builds the whole application without listening: server.ts listens, tests inject. */
export async function buildApp(config: AppConfig, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({
    logger: { level: config.logLevel, serializers: { req: serializeRequest } },
    // Only the entries our own proxies appended (hop 0 is the socket): the client writes the rest itself.
    // (Fastify's numeric trustProxy now trusts nothing, hence the function.)
    trustProxy: config.trustProxyHops > 0 ? (_address: string, hop: number) => hop < config.trustProxyHops : false,
    routerOptions: { ignoreTrailingSlash: true },
    // A malformed URL (bad percent-encoding) is refused before any route: answer in French, as HTML.
    frameworkErrors: (error, request, reply) => {
      request.log.info({ err: error }, 'malformed request');
      const page = app.view('errors/400', { title: 'Requête invalide' }) as Promise<string>;
      void page.then((html) => (reply as FastifyReply).code(400).type('text/html; charset=utf-8').send(html));
    },
  });

  const db = options.db ?? openDatabase(config.databasePath, { onQuery: options.onQuery, clock: options.clock });
  if (!options.db && isEmpty(db) && config.seed !== 'none') {
    seedDatabase(db, config.seed);
    app.log.info({ seed: config.seed }, 'empty database seeded');
  } else if (!options.db && seedSearchConfigurationOnce(db)) {
    app.log.info('search synonyms and territories seeded into an existing database');
  }
  app.decorate('db', db);
  app.decorate('config', config);
  if (!options.db) app.addHook('onClose', async () => closeDatabase(db));

  const https = config.publicUrl?.startsWith('https:') ?? false;
  await app.register(helmet, {
    // Over plain HTTP (development, a LAN address) HSTS would make browsers refuse the site.
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        upgradeInsecureRequests: https ? [] : null,
      },
    },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    frameguard: { action: 'deny' },
    crossOriginEmbedderPolicy: false,
  });
  // Before etag and compress, so it stores the rendered HTML, not the gzipped stream.
  await app.register(pageCachePlugin, { maxBytes: options.pageCacheMaxBytes });
  // ETag is computed on the uncompressed body, so it must be weak: gzip and identity share it.
  await app.register(etag, { weak: true });
  // Only uncached responses are compressed per request; cached pages and assets bring their own bytes.
  await app.register(compress, { global: true, threshold: 1024 });
  await app.register(formbody);
  // Every write here is an HTML form: a JSON or text body would reach form code in shapes it never
  // expects (objects, numbers), so it is refused with 415 before any handler runs.
  app.removeContentTypeParser(['application/json', 'text/plain']);

  const version = assetVersion();
  await app.register(assetsPlugin, { root: assetsDir, prefix: `/assets/${version}/` });

  const eta = new Eta({ views: viewsDir, cache: config.env !== 'development', autoEscape: true });
  await app.register(view, {
    engine: { eta },
    root: viewsDir,
    layout: 'layouts/main.eta',
    viewExt: 'eta',
    production: config.env !== 'development',
    defaultContext: {
      h: viewHelpers,
      siteName: config.siteName,
      assetBase: `/assets/${version}`,
      coordinationEmail: config.coordinationEmail,
    },
  });

  // Before auth: a request held during an import commit must not have read (or be about to save) its session.
  await app.register(importsPlugin);
  await app.register(searchLogPlugin);
  await app.register(authPlugin);
  await app.register(backupPlugin);
  await app.register(mailerPlugin);
  await app.register(bookPdfPlugin);

  // Data every page needs, set once here rather than in each handler.
  app.addHook('preHandler', async (request, reply) => {
    reply.locals = pageLocals(db, request, request.user);
  });

  registerErrorPages(app);
  await app.register(healthRoutes);
  await app.register(publicRoutes);
  await app.register(authRoutes);
  await app.register(correctionRoutes);
  await app.register(selectionRoutes);
  await app.register(verificationRoutes);
  await app.register(openDataRoutes);
  await app.register(bookRoutes);
  await app.register(vcardRoutes);
  await app.register(apiRoutes, { prefix: '/api/v1' });
  await app.register(hsdsApiRoutes, { prefix: '/api/hsds' });
  await app.register(adminRoutes, { prefix: '/admin' });
  return app;
}
