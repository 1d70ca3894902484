import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { EncodedBody, preferredEncoding } from '../lib/encoded-body.js';

const TYPES: Record<string, { type: string; compressible: boolean }> = {
  '.css': { type: 'text/css; charset=utf-8', compressible: true },
  '.js': { type: 'text/javascript; charset=utf-8', compressible: true },
  '.svg': { type: 'image/svg+xml', compressible: true },
  '.txt': { type: 'text/plain; charset=utf-8', compressible: true },
  '.woff2': { type: 'font/woff2', compressible: false },
  '.png': { type: 'image/png', compressible: false },
};

interface Asset {
  type: string;
  compressible: boolean;
  body: EncodedBody;
}

function readAssets(root: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else {
        const kind = TYPES[path.extname(entry.name)] ?? { type: 'application/octet-stream', compressible: false };
        const name = path.relative(root, full).split(path.sep).join('/');
        assets.set(name, { ...kind, body: new EncodedBody(fs.readFileSync(full)) });
      }
    }
  };
  walk(root);
  return assets;
}

/**
 * The static assets (a few dozen kB), read once at start and kept in memory with their gzip and brotli
 * forms made once each (decision 096): a hit compresses nothing, and only listed files can be served.
 */
export const assetsPlugin = fp(async function assets(app: FastifyInstance, options: { root: string; prefix: string }) {
  const files = readAssets(options.root);
  app.get(`${options.prefix}*`, async function serveAsset(request, reply) {
    const asset = files.get((request.params as { '*': string })['*']);
    if (!asset) return reply.callNotFound();
    reply.type(asset.type).header('cache-control', 'public, max-age=31536000, immutable');
    if (!asset.compressible) return reply.send(await asset.body.bytes('identity'));
    const encoding = asset.body.encodingFor(preferredEncoding(request.headers['accept-encoding']));
    reply.header('vary', 'Accept-Encoding');
    if (encoding !== 'identity') reply.header('content-encoding', encoding);
    return reply.send(await asset.body.bytes(encoding));
  });
});
