import type { FastifyInstance } from 'fastify';
import { countOrganisations } from '../queries/organisations.js';
import { findLastUpdate } from '../queries/site-meta.js';
import { listThemesWithCounts } from '../queries/themes.js';

export async function homeRoutes(app: FastifyInstance): Promise<void> {
  app.get('/', async function showHome(_request, reply) {
    return reply.view('pages/home', {
      title: 'Répertoire des ressources',
      hideHeaderSearch: true,
      themes: listThemesWithCounts(app.db),
      organisationCount: countOrganisations(app.db, 'active'),
      lastUpdate: findLastUpdate(app.db),
    });
  });
}
