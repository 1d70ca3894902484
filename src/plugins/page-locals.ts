import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/client.js';
import type { User } from '../db/schema.js';
import { getDataset } from '../queries/site-meta.js';
import { viewHelpersAt } from '../lib/view-helpers.js';

/** What the layout needs on every page; takes (and clears) the flash message of the session. */
export function pageLocals(db: Db, request: FastifyRequest, user: User | null): Record<string, unknown> {
  const flash = request.session.flash;
  if (flash) delete request.session.flash;
  return {
    h: viewHelpersAt(db.clock()),
    isDemo: getDataset(db) === 'demo',
    currentPath: request.url.split('?')[0] ?? '/',
    // Where a form without JavaScript comes back to (« Ajouter à ma sélection »): the cached page's own key.
    requestPath: request.pageCacheKey ?? request.url,
    user,
    flash: flash ?? null,
  };
}
