import type { FastifyInstance } from 'fastify';
import { arbreRoutes } from './arbre.js';
import { homeRoutes } from './home.js';
import { organisationRoutes } from './organisations.js';
import { searchRoutes } from './search.js';
import { themeRoutes } from './themes.js';

/** Pages every intervenant can read, without an account. */
export async function publicRoutes(app: FastifyInstance): Promise<void> {
  // HTML changes whenever an entry is edited: always revalidate (the ETag makes that a cheap 304).
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-cache');
    return payload;
  });
  await app.register(homeRoutes);
  await app.register(themeRoutes);
  await app.register(organisationRoutes);
  await app.register(searchRoutes);
  await app.register(arbreRoutes);
}
