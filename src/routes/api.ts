import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE, openApiDocument } from '../lib/open-data/openapi.js';
import { organisationDetail, organisationSummary } from '../lib/open-data/api-representations.js';
import { listApiOrganisations, listApiThemes } from '../queries/api.js';
import { findRedirectedSlug } from '../queries/organisation-edits.js';
import { findOrganisationBySlug } from '../queries/organisations.js';
import { findThemeBySlug, themeKeywords } from '../queries/themes.js';

const ALLOWED_METHODS = 'GET, HEAD, OPTIONS';
const ALLOWED_HEADERS = 'Accept, Accept-Language, Cache-Control, If-Modified-Since, If-None-Match';
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

const integerParameter = (message: string) =>
  z
    .string({ error: message })
    .regex(/^\d{1,9}$/, { error: message })
    .transform(Number)
    .refine((n) => n >= 1, { error: message });
const textParameter = (message: string) => z.string({ error: message });

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

function sendError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send({ error: { status, message } });
}

/** The open, read-only JSON API: /api/v1/organisations, /organisations/:slug, /themes, /openapi.json. */
export async function apiRoutes(app: FastifyInstance): Promise<void> {
  // Absolute links when the site knows its public address; relative ones otherwise (never trust Host).
  const base = app.config.publicUrl ?? '';
  const apiBase = `${base}${app.prefix}`;
  const document = openApiDocument({ serverUrl: apiBase, siteName: app.config.siteName });

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
    sendError(
      reply,
      404,
      `Adresse inconnue dans l’API. Les adresses permises sont décrites dans ${app.prefix}/openapi.json.`,
    ),
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

  const readOnlyRoute = (url: string) => {
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
