import type { FastifyRequest } from 'fastify';

/** A verification link's token is a credential: logs keep the path, never the token (decision 093). */
export function redactUrl(url: string): string {
  return url.replace(/^\/verification\/[^/?#]+/, '/verification/[jeton]');
}

/** Fastify's request log fields, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
