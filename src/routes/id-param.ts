import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parseIdParam } from '../forms/id-param.js';

/** Every :id route of `app` answers 404 when the id is not digits, before its handler runs (one way for all). */
export function notFoundUnlessIdParam(app: FastifyInstance): void {
  app.addHook('preHandler', async (request, reply) => {
    if (reply.sent) return reply;
    const raw = (request.params as { id?: unknown } | undefined)?.id;
    if (raw !== undefined && parseIdParam(raw) === null) return reply.callNotFound();
  });
}

/** The checked :id of a request (notFoundUnlessIdParam has refused anything else). */
export function idOf(request: FastifyRequest): number {
  return parseIdParam((request.params as { id?: unknown }).id) ?? Number.NaN;
}
