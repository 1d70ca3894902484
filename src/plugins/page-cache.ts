import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { readyBytes, type ReadyBytes } from '../lib/ready-bytes.js';
import { dataVersion } from '../queries/search-cache.js';

// Search is left out: queries vary, and its ranked results have their own cache.
const CACHEABLE = /^\/(?:$|themes\/|organismes(?:$|[/?])|arbre(?:$|\?))/;
const MAX_ENTRIES = 300;
const MAX_BYTES = 16 * 1024 * 1024;

interface Entry extends ReadyBytes {
  version: string;
  type: string;
}

/** Anonymous visitors all see the same HTML for a URL, as long as the data has not changed. */
function isCacheable(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  // Signed-in people see per-person bits (the admin link), so they always get a fresh render.
  if (request.headers.cookie?.includes('sid=')) return false;
  return CACHEABLE.test(request.url);
}

/**
 * Caches rendered public pages per data version (any write to the database invalidates them all),
 * so a busy thème page is rendered once per change instead of once per visit.
 */
export const pageCachePlugin = fp(async function pageCache(app: FastifyInstance) {
  const entries = new Map<string, Entry>();
  // Pages say "à vérifier" relative to today: a new day is a new version too.
  const currentVersion = () => `${dataVersion(app.db)}@${app.db.clock().toISOString().slice(0, 10)}`;
  let bytes = 0;
  const forget = (key: string) => {
    const entry = entries.get(key);
    if (entry) bytes -= entry.body.length;
    entries.delete(key);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (!isCacheable(request)) return;
    const entry = entries.get(request.url);
    if (!entry) return;
    if (entry.version !== currentVersion()) {
      forget(request.url);
      return;
    }
    // Least recently used goes first: re-insert on every hit.
    entries.delete(request.url);
    entries.set(request.url, entry);
    // @fastify/etag keeps a given ETag and still answers 304 when it matches.
    return reply
      .code(200)
      .type(entry.type)
      .header('cache-control', 'no-cache')
      .header('etag', entry.etag)
      .header('x-page-cache', 'hit')
      .send(entry.body);
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string' || !isCacheable(request)) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('text/html') || entries.has(request.url)) return payload;
    reply.header('x-page-cache', 'miss');
    const ready = readyBytes(payload);
    entries.set(request.url, { version: currentVersion(), type, ...ready });
    bytes += ready.body.length;
    for (const key of entries.keys()) {
      if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
      forget(key);
    }
    return payload;
  });
});
