import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';

// What every open, read-only JSON API of the site shares (today's /api/v1 and the HSDS 3.0 API, decision 041).

const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
const ALLOWED_HEADERS = 'Accept, Accept-Language, Cache-Control, If-Modified-Since, If-None-Match';
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** A query parameter that must be a positive whole number, given once. */
export const integerParameter = (message: string) =>
  z
    .string({ error: message })
    .regex(/^\d{1,9}$/, { error: message })
    .transform(Number)
    .refine((n) => n >= 1, { error: message });
/** A query parameter given once, as text. */
export const textParameter = (message: string) => z.string({ error: message });

export function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { status, message } });
}

/**
 * CORS open to every origin, public caching, no cookie, French JSON errors without stack traces, for the routes of
 * this (prefixed) plugin. Returns the function that answers a URL's preflight and refuses its writes.
 */
export function openApiBehaviour(app: FastifyInstance, documentation: string): (url: string) => void {
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('access-control-expose-headers', 'ETag');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    if (!reply.hasHeader('cache-control')) {
      reply.header('cache-control', reply.statusCode < 400 ? 'public, max-age=300' : 'no-cache');
    }
    // A publicly cacheable response must never carry someone's session cookie.
    reply.removeHeader('set-cookie');
    return payload;
  });

  app.setNotFoundHandler(async (_request, reply) =>
    sendError(reply, 404, `Adresse inconnue dans l’API. Les adresses permises sont décrites dans ${documentation}.`),
  );
  app.setErrorHandler(async (error: { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'API request failed');
    // Never a stack trace: the details stay in the log.
    return sendError(
      reply,
      status,
      status >= 500 ? 'Erreur interne du serveur. Réessayez plus tard.' : 'Requête invalide.',
    );
  });

  return (url: string) => {
    app.options(url, async function answerPreflight(_request, reply) {
      return reply
        .code(204)
        .header('allow', ALLOWED_METHODS)
        .header('access-control-allow-methods', ALLOWED_METHODS)
        .header('access-control-allow-headers', ALLOWED_HEADERS)
        .header('access-control-max-age', '86400')
        .send();
    });
    const refuseWrite = async (_request: FastifyRequest, reply: FastifyReply) =>
      sendError(
        reply.header('allow', ALLOWED_METHODS),
        405,
        `Méthode non permise : l’API est en lecture seule (${ALLOWED_METHODS}).`,
      );
    // Answered in onRequest, before any body is read or parsed.
    app.route({ method: WRITE_METHODS, url, onRequest: refuseWrite, handler: refuseWrite });
  };
}
