import type { FastifyInstance } from 'fastify';
import { publicOrganisationListQuery } from '../forms/organisation-list.js';
import { parseQuery } from '../forms/query.js';
import { findOrganisationBySlug, listActiveOrganisations } from '../queries/organisations.js';
import { findThemeBySlug, listThemes } from '../queries/themes.js';
import { findRedirectedSlug } from '../queries/organisation-edits.js';
import { ORGANISATION_FIELDS } from '../fields/organisation.js';
import { indexLetter } from '../lib/view-helpers.js';
import { renderBadRequest } from './errors.js';

export async function organisationRoutes(app: FastifyInstance): Promise<void> {
  app.get('/organismes', async function listOrganisations(request, reply) {
    const query = parseQuery(publicOrganisationListQuery, request.query);
    if (!query.ok) return renderBadRequest(reply, query.message);
    const themeSlug = query.data.theme ?? '';
    const theme = themeSlug ? findThemeBySlug(app.db, themeSlug) : null;
    const organisations = listActiveOrganisations(app.db, { themeId: theme?.id });
    const groups = new Map<string, typeof organisations>();
    for (const organisation of organisations) {
      const letter = indexLetter(organisation.name);
      const group = groups.get(letter);
      if (group) group.push(organisation);
      else groups.set(letter, [organisation]);
    }
    if (themeSlug && !theme) reply.code(404);
    return reply.view('pages/organisations', {
      title: theme ? `Organismes — ${theme.name}` : 'Organismes de A à Z',
      themes: listThemes(app.db),
      selectedTheme: theme,
      unknownTheme: themeSlug && !theme ? themeSlug : null,
      // Same order as the letter index: A–Z, then names starting with a digit or symbol.
      groups: [...groups.entries()].sort(([a], [b]) => (a === '#' ? 1 : b === '#' ? -1 : a.localeCompare(b))),
      total: organisations.length,
    });
  });

  app.get<{ Params: { slug: string } }>('/organismes/:slug', async function showOrganisation(request, reply) {
    const detail = findOrganisationBySlug(app.db, request.params.slug);
    if (!detail) {
      // A renamed organisation keeps its old address working: bookmarks and printed QR codes still land.
      const current = findRedirectedSlug(app.db, request.params.slug);
      return current ? reply.redirect(`/organismes/${current}`, 301) : reply.callNotFound();
    }
    if (detail.organisation.status === 'archived') {
      // 410 Gone: the address existed and will not come back, so search engines drop it.
      reply.code(410);
      return reply.view('pages/organisation-archived', {
        title: detail.organisation.name,
        organisation: detail.organisation,
      });
    }
    return reply.view('pages/organisation', {
      title: detail.organisation.name,
      fields: ORGANISATION_FIELDS,
      // The footer's « Une information à corriger ? » leads to this entry's correction form.
      correctionFor: detail.organisation.slug,
      ...detail,
    });
  });
}
