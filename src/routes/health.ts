import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';

export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/healthz', async (_request, reply) => {
    // A real read, so a locked or corrupt database shows here.
    app.db.get(sql`select count(*) from themes`);
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
}
