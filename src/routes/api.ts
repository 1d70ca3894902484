import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { integerParameter, openApiBehaviour, sendError, textParameter } from './api-common.js';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, openApiDocument } from '../lib/open-data/openapi.js';
import { organisationDetail, organisationSummary } from '../lib/open-data/api-representations.js';
import { listApiOrganisations, listApiThemes } from '../queries/api.js';
import { findRedirectedSlug } from '../queries/organisation-edits.js';
import { findOrganisationBySlug } from '../queries/organisations.js';
import { findThemeBySlug, themeKeywords } from '../queries/themes.js';

const listQuerySchema = z.object({
  q: textParameter('Le paramètre «\u00a0q\u00a0» doit être donné une seule fois, comme texte.').optional(),
  theme: textParameter(
    'Le paramètre «\u00a0theme\u00a0» doit être donné une seule fois : le slug d’un thème.',
  ).optional(),
  page: integerParameter('Le paramètre «\u00a0page\u00a0» doit être un entier d’au moins 1.').optional(),
  per_page: integerParameter(
    `Le paramètre «\u00a0per_page\u00a0» doit être un entier de 1 à ${MAX_PER_PAGE}.`,
  ).optional(),
});

/** The open, read-only JSON API: /api/v1/organisations, /organisations/:slug, /themes, /openapi.json. */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  // Absolute links when the site knows its public address; relative ones otherwise (never trust Host).
  const base = app.config.publicUrl ?? '';
  const apiBase = `${base}${app.prefix}`;
  const document = openApiDocument({ serverUrl: apiBase, siteName: app.config.siteName });

  const readOnlyRoute = openApiBehaviour(app, `${app.prefix}/openapi.json`);

  readOnlyRoute('/organisations');
  app.get('/organisations', async function listOrganisations(request, reply) {
    const parsed = listQuerySchema.safeParse(request.query);
    if (!parsed.success) return sendError(reply, 400, parsed.error.issues[0]?.message ?? 'Requête invalide.');
    const q = parsed.data.q?.trim() || undefined;
    const themeSlug = parsed.data.theme?.trim() || undefined;
    const theme = themeSlug ? findThemeBySlug(app.db, themeSlug) : null;
    if (themeSlug && !theme) {
      return sendError(
        reply,
        400,
        `Thème inconnu : «\u00a0${themeSlug}\u00a0». La liste des thèmes est à ${app.prefix}/themes.`,
      );
    }
    const page = parsed.data.page ?? 1;
    const perPage = Math.min(parsed.data.per_page ?? DEFAULT_PER_PAGE, MAX_PER_PAGE);
    const found = listApiOrganisations(app.db, {
      query: q,
      themeId: theme?.id,
      limit: perPage,
      offset: (page - 1) * perPage,
    });
    const totalPages = Math.ceil(found.total / perPage);
    const last = Math.max(totalPages, 1);
    const link = (n: number) => {
      const params = new URLSearchParams();
      if (q) params.set('q', q);
      if (themeSlug) params.set('theme', themeSlug);
      params.set('page', String(n));
      if (perPage !== DEFAULT_PER_PAGE) params.set('per_page', String(perPage));
      return `${apiBase}/organisations?${params}`;
    };
    return {
      data: found.items.map((item) => organisationSummary(item, base, apiBase)),
      meta: { page, per_page: perPage, total: found.total, total_pages: totalPages },
      links: {
        self: link(page),
        next: page < totalPages ? link(page + 1) : null,
        prev: page > 1 ? link(Math.min(page - 1, last)) : null,
        first: link(1),
        last: link(last),
      },
    };
  });

  readOnlyRoute('/organisations/:slug');
  app.get<{ Params: { slug: string } }>('/organisations/:slug', async function showOrganisation(request, reply) {
    const detail = findOrganisationBySlug(app.db, request.params.slug);
    if (!detail) {
      const current = findRedirectedSlug(app.db, request.params.slug);
      if (current) return reply.redirect(`${apiBase}/organisations/${current}`, 301);
      return sendError(reply, 404, `Aucun organisme ne porte l’identifiant «\u00a0${request.params.slug}\u00a0».`);
    }
    if (detail.organisation.status === 'archived') {
      return sendError(
        reply,
        410,
        `L’organisme «\u00a0${detail.organisation.name}\u00a0» a été archivé : il n’est plus dans le répertoire.`,
      );
    }
    return { data: organisationDetail(detail, base) };
  });

  readOnlyRoute('/themes');
  app.get('/themes', async function listThemes() {
    return {
      data: listApiThemes(app.db).map((theme) => ({
        slug: theme.slug,
        name: theme.name,
        description: theme.description,
        color: theme.color,
        position: theme.position,
        keywords: themeKeywords(theme),
        organisation_count: theme.activeCount,
        url: `${base}/themes/${theme.slug}`,
        organisations_url: `${apiBase}/organisations?theme=${encodeURIComponent(theme.slug)}`,
      })),
    };
  });

  readOnlyRoute('/openapi.json');
  app.get('/openapi.json', async function showOpenApiDocument() {
    return document;
  });
}
