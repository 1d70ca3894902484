import type { FastifyInstance } from 'fastify';
import { databaseAnswers } from '../queries/health.js';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    databaseAnswers(app.db);
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
}
