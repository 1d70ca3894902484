import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { canonicalPageUrl } from '../lib/canonical-url.js';
import { EncodedBody, preferredEncoding } from '../lib/encoded-body.js';
import { organisationPageVersion, themePageVersion } from '../queries/page-versions.js';
import { dataVersion } from '../queries/search-cache.js';

// Room for every thème, the A–Z list, the Arbre and ~2,000 fiches of a 5,000-entry directory: with 300
// entries, visitors going through many fiches missed the cache nearly every time (bench, issue 17).
const MAX_ENTRIES = 2500;
const MAX_BYTES = 48 * 1024 * 1024;
// Beyond this many query variants of one page, a new one renders at most once per interval (decision 097).
export const MAX_VARIANTS_PER_PAGE = 16;
const VARIANT_RENDER_INTERVAL_MS = 2000;
// A visitor waits this long at most for another request's render of the same page, then renders it too.
const RENDER_WAIT_MS = 30_000;

interface Entry {
  version: string;
  type: string;
  body: EncodedBody;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The cache key of a public page (its canonical URL), or null when the response is not cached. */
    pageCacheKey: string | null;
    /** True for the one request rendering a page that others may be waiting for. */
    pageCacheRenderer: boolean;
  }
}

const decoded = (url: string) => {
  try {
    return decodeURIComponent(url.replace(/\+/g, ' '));
  } catch {
    return url;
  }
};

/**
 * The canonical URL of a public page (search is left out: its rankings have their own cache), or null.
 * The route, not the raw URL, decides: a trailing slash or an encoded letter is the same page.
 */
function canonicalUrl(request: FastifyRequest): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  return canonicalPageUrl(
    request.routeOptions.url,
    request.params as Record<string, string>,
    request.query as Record<string, unknown>,
  );
}

const pathOf = (key: string) => key.split('?')[0]!;

function waitAtMost(promise: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
const EMPTY = Buffer.alloc(0);

/** The entry's bytes in the encoding the request accepts (compressed once per entry, decision 096). */
function encodedPayload(request: FastifyRequest, reply: FastifyReply, body: EncodedBody) {
  reply.header('vary', 'Accept-Encoding').header('etag', body.etag);
  // A revalidation that will end in 304 (@fastify/etag) needs no body.
  if (request.headers['if-none-match'] === body.etag) return EMPTY;
  const encoding = body.encodingFor(preferredEncoding(request.headers['accept-encoding']));
  if (encoding !== 'identity') reply.header('content-encoding', encoding);
  return body.bytes(encoding);
}

/**
 * Caches rendered public pages per content version (decision 095), with their gzip and brotli forms,
 * so a busy thème page is rendered and compressed once per change instead of once per visit.
 */
export const pageCachePlugin = fp(async function pageCache(app: FastifyInstance, options: { maxBytes?: number }) {
  const maxBytes = options.maxBytes ?? MAX_BYTES;
  const entries = new Map<string, Entry>();
  // Organisation and thème pages have their own versions (decision 104): saving one entry leaves the others cached.
  // Pages say "à vérifier" relative to today: a new day is a new version too.
  const currentVersion = (request: FastifyRequest) => {
    const { slug } = request.params as { slug?: string };
    const route = request.routeOptions.url;
    const version =
      route === '/organismes/:slug' && slug !== undefined
        ? organisationPageVersion(app.db, slug)
        : (route === '/themes/:slug' || route === '/themes/:slug/:page') && slug !== undefined
          ? themePageVersion(app.db, slug)
          : dataVersion(app.db);
    return `${version}@${app.db.clock().toISOString().slice(0, 10)}`;
  };

  const lastVariantRender = new Map<string, number>();
  app.decorateRequest('pageCacheKey', null);
  app.decorateRequest('pageCacheRenderer', false);

  // One render per page and version at a time: visitors asking for a page being rendered wait for it
  // instead of rendering it too (ten /arbre requests right after a save cost ten renders, 11 s of CPU).
  const rendering = new Map<string, { version: string; done: Promise<void>; finish: () => void }>();
  const finishRender = (request: FastifyRequest) => {
    const key = request.pageCacheKey;
    const render = key === null ? undefined : rendering.get(key);
    if (render && request.pageCacheRenderer) {
      rendering.delete(key!);
      render.finish();
    }
  };

  app.addHook('onRequest', async (request, reply) => {
    const key = canonicalUrl(request);
    if (key === null) return;
    // Unknown or empty parameters, another order, a trailing slash: one redirect to the one URL.
    if (decoded(key) !== decoded(request.url)) return reply.redirect(key, 301);
    // Signed-in people see per-person bits (the admin link), so they always get a fresh render.
    if (request.headers.cookie?.includes('sid=')) return;
    request.pageCacheKey = key;
    const version = currentVersion(request);
    let entry = entries.get(key);
    const pending = rendering.get(key);
    if ((!entry || entry.version !== version) && pending?.version === version) {
      await waitAtMost(pending.done, RENDER_WAIT_MS);
      entry = entries.get(key);
    }
    if (!entry || entry.version !== version) {
      if (entry) entries.delete(key);
      const refused = refuseTooManyVariants(key, version, reply);
      if (refused) return refused;
      if (!rendering.has(key)) {
        let finish = () => {};
        const done = new Promise<void>((resolve) => (finish = resolve));
        rendering.set(key, { version, done, finish });
        request.pageCacheRenderer = true;
      }
      return;
    }
    // Least recently used goes first: re-insert on every hit.
    entries.delete(key);
    entries.set(key, entry);
    reply.code(200).type(entry.type).header('cache-control', 'no-cache').header('x-page-cache', 'hit');
    // @fastify/etag keeps a given ETag and still answers 304 when it matches; @fastify/compress leaves
    // a body that already has a Content-Encoding alone.
    return reply.send(await encodedPayload(request, reply, entry.body));
  });

  // The renderer's response is sent (or failed, or was abandoned): whoever waits may look again.
  app.addHook('onResponse', async (request) => finishRender(request));
  app.addHook('onRequestAbort', async (request) => finishRender(request));

  /** Past the bound, a new variant of a page is rendered at most once per interval: others wait. */
  function refuseTooManyVariants(key: string, version: string, reply: FastifyReply) {
    if (!key.includes('?')) return;
    const path = pathOf(key);
    const variants = [...entries].filter(([other, entry]) => pathOf(other) === path && entry.version === version);
    if (variants.length < MAX_VARIANTS_PER_PAGE) return;
    const now = performance.now();
    if (now - (lastVariantRender.get(path) ?? -Infinity) < VARIANT_RENDER_INTERVAL_MS) {
      return reply
        .code(503)
        .header('retry-after', String(Math.ceil(VARIANT_RENDER_INTERVAL_MS / 1000)))
        .header('cache-control', 'no-store')
        .type('text/plain; charset=utf-8')
        .send('Trop de variantes de cette page demandées en même temps\u00a0: réessayez dans quelques secondes.');
    }
    lastVariantRender.set(path, now);
    entries.delete(variants[0]![0]);
  }

  app.addHook('onSend', async (request, reply, payload) => {
    const key = request.pageCacheKey;
    if (key === null || reply.statusCode !== 200 || typeof payload !== 'string') return payload;
    const type = String(reply.getHeader('content-type') ?? '');
    if (!type.startsWith('text/html') || entries.has(key)) return payload;
    const entry: Entry = { version: currentVersion(request), type, body: new EncodedBody(payload, { compact: true }) };
    entries.set(key, entry);
    // Compressed first: a large page then counts for its compressed bytes only (EncodedBody's `compact`).
    const sent = await encodedPayload(request, reply, entry.body);
    let bytes = 0;
    for (const { body } of entries.values()) bytes += body.size;
    for (const [other, { body }] of entries) {
      if (entries.size <= MAX_ENTRIES && bytes <= maxBytes) break;
      // The page just rendered stays, even alone over the bound: evicting it would render (and compress) it
      // again for every request — what ran the server out of memory on a 50,000-entry A–Z list.
      if (other === key) continue;
      bytes -= body.size;
      entries.delete(other);
    }
    reply.header('x-page-cache', 'miss');
    return sent;
  });
});
