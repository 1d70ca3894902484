import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { EncodedBody, preferredEncoding } from '../lib/encoded-body.js';
import { dataVersion } from '../queries/search-cache.js';

// Search is left out: queries vary, and its ranked results have their own cache.
const CACHEABLE = /^\/(?:$|themes\/|organismes(?:$|[/?])|arbre(?:$|\?))/;
const MAX_ENTRIES = 300;
const MAX_BYTES = 16 * 1024 * 1024;

interface Entry {
  version: string;
  type: string;
  body: EncodedBody;
}

/** Anonymous visitors all see the same HTML for a URL, as long as the data has not changed. */
function isCacheable(request: FastifyRequest): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  // Signed-in people see per-person bits (the admin link), so they always get a fresh render.
  if (request.headers.cookie?.includes('sid=')) return false;
  return CACHEABLE.test(request.url);
}

/** The entry's bytes in the encoding the request accepts (compressed once per entry, decision 096). */
function encodedPayload(request: FastifyRequest, reply: FastifyReply, body: EncodedBody) {
  reply.header('vary', 'Accept-Encoding').header('etag', body.etag);
  // A revalidation that will end in 304 needs no compressed body.
  if (request.headers['if-none-match'] === body.etag) return body.body;
  const encoding = body.encodingFor(preferredEncoding(request.headers['accept-encoding']));
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return body.bytes(encoding);
}

/**
 * Caches rendered public pages per content version (decision 095), with their gzip and brotli forms,
 * so a busy thème page is rendered and compressed once per change instead of once per visit.
 */
export const pageCachePlugin = fp(async function pageCache(app: FastifyInstance) {
  const entries = new Map<string, Entry>();
  // Pages say "à vérifier" relative to today: a new day is a new version too.
  const currentVersion = () => `${dataVersion(app.db)}@${app.db.clock().toISOString().slice(0, 10)}`;

  app.addHook('onRequest', async (request, reply) => {
    if (!isCacheable(request)) return;
    const entry = entries.get(request.url);
    if (!entry) return;
    if (entry.version !== currentVersion()) {
      entries.delete(request.url);
      return;
    }
    // Least recently used goes first: re-insert on every hit.
    entries.delete(request.url);
    entries.set(request.url, entry);
    reply.code(200).type(entry.type).header('cache-control', 'no-cache').header('x-page-cache', 'hit');
    // @fastify/etag keeps a given ETag and still answers 304 when it matches; @fastify/compress leaves
    // a body that already has a Content-Encoding alone.
    return reply.send(await encodedPayload(request, reply, entry.body));
  });

  app.addHook('onSend', async (request, reply, payload) => {
    if (reply.statusCode !== 200 || typeof payload !== 'string' || !isCacheable(request)) return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('text/html') || entries.has(request.url)) return payload;
    const entry: Entry = { version: currentVersion(), type, body: new EncodedBody(payload) };
    entries.set(request.url, entry);
    let bytes = 0;
    for (const { body } of entries.values()) bytes += body.size;
    for (const [key, { body }] of entries) {
      if (entries.size <= MAX_ENTRIES && bytes <= MAX_BYTES) break;
      bytes -= body.size;
      entries.delete(key);
    }
    reply.header('x-page-cache', 'miss');
    return encodedPayload(request, reply, entry.body);
  });
});
