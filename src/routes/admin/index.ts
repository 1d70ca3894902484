import type { FastifyInstance } from 'fastify';
import { adminAccountRoutes } from './accounts.js';
import { adminContactRoutes } from './contacts.js';
import { adminCorrectionRoutes } from './corrections.js';
import { adminCrisisLineRoutes } from './crisis-lines.js';
import { dashboardRoutes } from './dashboard.js';
import { adminHistoryRoutes } from './history.js';
import { adminImportRoutes } from './imports.js';
import { adminOrganisationRoutes } from './organisations.js';
import { ownPasswordRoutes } from './password.js';
import { adminSearchLogRoutes } from './search-log.js';
import { adminSynonymRoutes } from './synonyms.js';
import { adminTerritoryRoutes } from './territories.js';
import { adminThemeRoutes } from './themes.js';
import { adminVerificationRoutes } from './verification.js';

/** Everything under /admin: signed-in accounts only, CSRF on every POST, never cached. */
export async function adminRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('preHandler', async (request, reply) => {
    if (!request.user) {
      const retour = encodeURIComponent(request.url);
      return reply.redirect(`/connexion?retour=${retour}`, 303);
    }
    reply.header('cache-control', 'no-store');
    reply.locals = { ...reply.locals, admin: true, csrfToken: await reply.generateCsrf() };
  });
  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && !reply.sent) {
      await new Promise<void>((resolve, reject) =>
        app.csrfProtection(request, reply, (error?: Error) => (error ? reject(error) : resolve())),
      );
    }
  });

  await app.register(dashboardRoutes);
  await app.register(adminOrganisationRoutes, { prefix: '/organismes' });
  await app.register(adminContactRoutes);
  await app.register(adminHistoryRoutes);
  await app.register(adminImportRoutes, { prefix: '/import' });
  await app.register(adminThemeRoutes, { prefix: '/themes' });
  await app.register(adminCrisisLineRoutes, { prefix: '/urgences' });
  await app.register(adminAccountRoutes, { prefix: '/comptes' });
  await app.register(adminSynonymRoutes, { prefix: '/synonymes' });
  await app.register(adminTerritoryRoutes, { prefix: '/territoires' });
  await app.register(adminSearchLogRoutes, { prefix: '/recherches' });
  await app.register(ownPasswordRoutes);
  await app.register(adminCorrectionRoutes, { prefix: '/signalements' });
  await app.register(adminVerificationRoutes, { prefix: '/tournees' });
}
