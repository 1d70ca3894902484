import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  findHsds,
  findHsdsTaxonomy,
  findHsdsTaxonomyTerm,
  listHsds,
  listHsdsTaxonomies,
  listHsdsTaxonomyTerms,
  UnknownHsdsId,
  type HsdsPage,
  type PageRequest,
} from '../exchange/hsds/api.js';
import { HSDS_PACKAGE } from '../exchange/hsds/resources.js';
import { integerParameter, openApiBehaviour, sendError, textParameter } from './api-common.js';

export const HSDS_DEFAULT_PER_PAGE = 50;
export const HSDS_MAX_PER_PAGE = 200;
const MAX_PAGE_NUMBER = 100_000;
/** The HSDS 3.0 API description this API follows (Open Referral's, CC BY-SA 4.0). */
export const HSDS_OPENAPI_URL = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/openapi.json';
// No HSDS profile: the base specification's documentation.
const HSDS_PROFILE_URL = 'https://docs.openreferral.org/';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

const idParameter = (name: string) =>
  textParameter(`Le paramètre «\u00a0${name}\u00a0» doit être donné une seule fois\u00a0: un identifiant HSDS (UUID).`)
    .trim()
    .toLowerCase()
    .regex(UUID, { error: `Le paramètre «\u00a0${name}\u00a0» doit être un identifiant HSDS (UUID).` });

const modifiedAfterMessage =
  'Le paramètre «\u00a0modified_after\u00a0» doit être une date ISO 8601, par exemple 2026-11-01 ou 2026-11-01T12:00:00Z.';

const pageParameters = {
  page: integerParameter(`Le paramètre «\u00a0page\u00a0» doit être un entier de 1 à ${MAX_PAGE_NUMBER}.`)
    .refine((n) => n <= MAX_PAGE_NUMBER, {
      error: `Le paramètre «\u00a0page\u00a0» doit être un entier de 1 à ${MAX_PAGE_NUMBER}.`,
    })
    .optional(),
  per_page: integerParameter(`Le paramètre «\u00a0per_page\u00a0» doit être un entier de 1 à ${HSDS_MAX_PER_PAGE}.`)
    .refine((n) => n <= HSDS_MAX_PER_PAGE, {
      error: `Le paramètre «\u00a0per_page\u00a0» doit être un entier de 1 à ${HSDS_MAX_PER_PAGE}.`,
    })
    .optional(),
  search: textParameter('Le paramètre «\u00a0search\u00a0» doit être donné une seule fois, comme texte.').optional(),
};

const listSchema = z.object({
  ...pageParameters,
  taxonomy_term_id: idParameter('taxonomy_term_id').optional(),
  organization_id: idParameter('organization_id').optional(),
  modified_after: textParameter(modifiedAfterMessage)
    .trim()
    .regex(ISO_DATE_TIME, { error: modifiedAfterMessage })
    .transform((value, context) => {
      const time = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value.replace(' ', 'T'));
      if (Number.isNaN(time)) {
        context.addIssue({ code: 'custom', message: modifiedAfterMessage });
        return z.NEVER;
      }
      return new Date(time).toISOString();
    })
    .optional(),
});
const taxonomyTermsSchema = z.object({ ...pageParameters, taxonomy_id: idParameter('taxonomy_id').optional() });
const taxonomiesSchema = z.object(pageParameters);

const UNKNOWN_ID_WORDS: Record<string, string> = {
  taxonomy_term_id: 'Aucun terme de taxonomie ne porte cet identifiant. Les termes sont listés à',
  organization_id: 'Aucun organisme ne porte cet identifiant. Les organismes sont listés à',
};

/**
 * The HSDS 3.0 API (Open Referral), beside /api/v1: the same rows as /donnees/hsds.zip, with the same ids,
 * nested and paginated as HSDS `Page` objects (decision 077).
 */
export async function hsdsApiRoutes(app: FastifyInstance): Promise<void> {
  const readOnlyRoute = openApiBehaviour(app, `${app.prefix}/ (version HSDS) et ${HSDS_OPENAPI_URL}`);

  type Parsed<T> = { ok: true; data: T } | { ok: false; reply: FastifyReply };
  const parse = <T>(schema: z.ZodType<T>, request: FastifyRequest, reply: FastifyReply): Parsed<T> => {
    const parsed = schema.safeParse(request.query);
    if (parsed.success) return { ok: true, data: parsed.data };
    return { ok: false, reply: sendError(reply, 400, parsed.error.issues[0]?.message ?? 'Requête invalide.') };
  };
  const pageRequest = (data: { page?: number; per_page?: number }): PageRequest => ({
    page: data.page ?? 1,
    perPage: data.per_page ?? HSDS_DEFAULT_PER_PAGE,
  });
  const search = (data: { search?: string }) => data.search?.trim() || undefined;

  readOnlyRoute('/');
  app.get('/', async function describeHsdsApi() {
    return { version: HSDS_PACKAGE.version, profile: HSDS_PROFILE_URL, openapi_url: HSDS_OPENAPI_URL };
  });

  const list = (path: string, kind: 'service' | 'organization' | 'service_at_location') => {
    readOnlyRoute(path);
    app.get(path, async (request, reply): Promise<HsdsPage | FastifyReply> => {
      const parsed = parse(listSchema, request, reply);
      if (!parsed.ok) return parsed.reply;
      const { data } = parsed;
      try {
        return listHsds(
          app.db,
          kind,
          {
            search: search(data),
            taxonomyTermId: data.taxonomy_term_id,
            organizationId: data.organization_id,
            modifiedAfter: data.modified_after,
          },
          pageRequest(data),
        );
      } catch (error) {
        if (!(error instanceof UnknownHsdsId)) throw error;
        const where = error.parameter === 'taxonomy_term_id' ? 'taxonomy_terms' : 'organizations';
        return sendError(reply, 400, `${UNKNOWN_ID_WORDS[error.parameter]} ${app.prefix}/${where}.`);
      }
    });
  };

  const one = (path: string, what: string, find: (id: string) => unknown) => {
    readOnlyRoute(`${path}/:id`);
    app.get<{ Params: { id: string } }>(`${path}/:id`, async (request, reply) => {
      const id = request.params.id.toLowerCase();
      const found = UUID.test(id) ? find(id) : null;
      if (!found)
        return sendError(reply, 404, `Aucun${what} ne porte l’identifiant «\u00a0${request.params.id}\u00a0».`);
      return found;
    });
  };

  list('/services', 'service');
  one('/services', ' service', (id) => findHsds(app.db, 'service', id));
  list('/organizations', 'organization');
  one('/organizations', ' organisme', (id) => findHsds(app.db, 'organization', id));
  list('/service_at_locations', 'service_at_location');
  one('/service_at_locations', ' service à un lieu', (id) => findHsds(app.db, 'service_at_location', id));

  readOnlyRoute('/taxonomies');
  app.get('/taxonomies', async (request, reply) => {
    const parsed = parse(taxonomiesSchema, request, reply);
    if (!parsed.ok) return parsed.reply;
    return listHsdsTaxonomies(app.db, search(parsed.data), pageRequest(parsed.data));
  });
  one('/taxonomies', 'e taxonomie', (id) => findHsdsTaxonomy(app.db, id));

  readOnlyRoute('/taxonomy_terms');
  app.get('/taxonomy_terms', async (request, reply) => {
    const parsed = parse(taxonomyTermsSchema, request, reply);
    if (!parsed.ok) return parsed.reply;
    return listHsdsTaxonomyTerms(
      app.db,
      { search: search(parsed.data), taxonomyId: parsed.data.taxonomy_id },
      pageRequest(parsed.data),
    );
  });
  one('/taxonomy_terms', ' terme de taxonomie', (id) => findHsdsTaxonomyTerm(app.db, id));
}
