import { AUDIENCES, organisations } from '../../db/schema.js';
import { apiFieldName, ORGANISATION_FIELDS, PUBLIC_FIELDS, type EditableKey } from '../../fields/organisation.js';

/** Default and largest page sizes of GET /organisations, shared by the route and the document. */
export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 200;

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: Schema = {}): Schema => ({ type: [type, 'null'], ...extra });
const text = (description: string, extra: Schema = {}): Schema => ({ type: 'string', description, ...extra });
const timestamp = (description: string): Schema => ({ type: 'string', format: 'date-time', description });

// Every object is closed (additionalProperties: false) so a field added in code but not here fails the tests.
function object(properties: Record<string, Schema>, description?: string): Schema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    required: Object.keys(properties),
    properties,
    additionalProperties: false,
  };
}

const reference = {
  url: text('Adresse de la page publique (absolue si le site a une adresse publique configurée, sinon relative).', {
    format: 'uri-reference',
  }),
};

/** A registry field's schema (decision 070): its type from the database column, its description from the label. */
function fieldSchema(key: EditableKey): Schema {
  const spec: { label: string; help?: string; input: string } = ORGANISATION_FIELDS[key];
  const description = spec.help ? `${spec.label}. ${spec.help}` : spec.label;
  const column: { dataType: string; notNull: boolean } = organisations[key];
  if (spec.input === 'checkboxes')
    return { type: 'array', items: { type: 'string', enum: [...AUDIENCES] }, description };
  const type = column.dataType === 'number' ? 'integer' : column.dataType === 'boolean' ? 'boolean' : 'string';
  const range = type === 'integer' ? { minimum: 0, maximum: 120 } : {};
  return column.notNull ? { type, description, ...range } : { ...nullable(type, range), description };
}

function organisationFieldSchemas(): Record<string, Schema> {
  return Object.fromEntries(PUBLIC_FIELDS.map((key) => [apiFieldName(key), fieldSchema(key)]));
}

const schemas: Record<string, Schema> = {
  Error: object({
    error: object({
      status: { type: 'integer', minimum: 400, maximum: 599 },
      message: text('Explication en français.'),
    }),
  }),
  ThemeBadge: object({
    slug: text('Identifiant du thème dans les adresses.', { pattern: '^[a-z0-9][a-z0-9-]*$' }),
    name: text('Nom du thème.'),
  }),
  OrganisationSummary: object(
    {
      id: { type: 'integer' },
      slug: text('Identifiant de l’organisme dans les adresses.', { pattern: '^[a-z0-9][a-z0-9-]*$' }),
      name: text('Nom de l’organisme.'),
      acronym: nullable('string'),
      summary: text('Résumé en une ligne.'),
      phone: nullable('string', { description: 'Téléphone principal, tel qu’inscrit (ex. « 418 555-0123 »).' }),
      phone_extension: nullable('string'),
      toll_free_phone: nullable('string'),
      email: nullable('string'),
      website: nullable('string'),
      city: nullable('string'),
      territory: nullable('string', { description: 'Territoire desservi.' }),
      audiences: {
        type: 'array',
        items: { type: 'string', enum: ['jeunes', 'adultes', 'familles', 'aines'] },
        description: 'Groupes servis.',
      },
      age_min: nullable('integer', { minimum: 0, maximum: 120 }),
      age_max: nullable('integer', { minimum: 0, maximum: 120 }),
      themes: { type: 'array', items: ref('ThemeBadge') },
      verified_at: {
        ...nullable('string'),
        format: 'date-time',
        description: 'Dernière vérification par la coordination.',
      },
      updated_at: timestamp('Dernière modification.'),
      url: reference.url,
      api_url: text('Adresse de la fiche complète dans l’API.', { format: 'uri-reference' }),
    },
    'Un organisme actif, tel que listé.',
  ),
  Contact: object(
    {
      id: { type: 'integer' },
      name: text('Nom de la personne-ressource.'),
      role: text('Fonction (peut être vide).'),
      phone: nullable('string'),
      phone_extension: nullable('string', { description: 'Poste.' }),
      email: nullable('string'),
      is_primary: { type: 'boolean', description: 'Personne-ressource principale de l’organisme.' },
      verified_at: { ...nullable('string'), format: 'date-time' },
      vcard_url: text('Carte de visite vCard 4.0 à enregistrer dans un téléphone.', { format: 'uri-reference' }),
    },
    'Une personne-ressource.',
  ),
  OrganisationThemeLink: object({
    slug: text('Identifiant du thème.'),
    name: text('Nom du thème.'),
    color: text('Couleur du thème sur l’Arbre.', { pattern: '^#[0-9A-Fa-f]{6}$' }),
    note: nullable('string', { description: 'Précision propre à ce thème (ex. « 12-17 ans »).' }),
    contact_id: nullable('integer', { description: 'Personne-ressource désignée pour ce thème (id d’un contact).' }),
  }),
  OrganisationDetail: object(
    {
      id: { type: 'integer' },
      slug: text('Identifiant de l’organisme dans les adresses.'),
      ...organisationFieldSchemas(),
      contacts: { type: 'array', items: ref('Contact'), description: 'La personne principale d’abord.' },
      themes: { type: 'array', items: ref('OrganisationThemeLink'), description: 'Dans l’ordre de l’Arbre.' },
      verified_at: { ...nullable('string'), format: 'date-time' },
      created_at: timestamp('Création de la fiche.'),
      updated_at: timestamp('Dernière modification.'),
      url: reference.url,
    },
    'Tout ce qui est public sur un organisme actif.',
  ),
  OrganisationResponse: object({ data: ref('OrganisationDetail') }),
  OrganisationPage: object({
    data: { type: 'array', items: ref('OrganisationSummary') },
    meta: object({
      page: { type: 'integer', minimum: 1 },
      per_page: { type: 'integer', minimum: 1, maximum: MAX_PER_PAGE },
      total: { type: 'integer', minimum: 0 },
      total_pages: { type: 'integer', minimum: 0 },
    }),
    links: object({
      self: { type: 'string', format: 'uri-reference' },
      next: { ...nullable('string'), format: 'uri-reference' },
      prev: { ...nullable('string'), format: 'uri-reference' },
      first: { type: 'string', format: 'uri-reference' },
      last: { type: 'string', format: 'uri-reference' },
    }),
  }),
  Theme: object({
    slug: text('Identifiant du thème.'),
    name: text('Nom du thème.'),
    description: text('Courte description.'),
    color: text('Couleur du thème sur l’Arbre.', { pattern: '^#[0-9A-Fa-f]{6}$' }),
    position: { type: 'integer', description: 'Ordre d’affichage.' },
    keywords: { type: 'array', items: { type: 'string' }, description: 'Mots-clés et synonymes de recherche.' },
    organisation_count: { type: 'integer', minimum: 0, description: 'Nombre d’organismes actifs.' },
    url: reference.url,
    organisations_url: text('Liste des organismes de ce thème dans l’API.', { format: 'uri-reference' }),
  }),
  ThemeList: object({ data: { type: 'array', items: ref('Theme') } }),
};

const json = (schema: string) => ({ content: { 'application/json': { schema: ref(schema) } } });
const error = (description: string) => ({ description, ...json('Error') });
const cached = {
  'Cache-Control': { description: '`public, max-age=300`', schema: { type: 'string' } },
  ETag: { description: 'Revalider avec If-None-Match (réponse 304).', schema: { type: 'string' } },
  'Access-Control-Allow-Origin': { schema: { type: 'string', const: '*' } },
};
const ok = (description: string, schema: string) => ({ description, headers: cached, ...json(schema) });
const notModified = { description: 'Inchangé depuis la version indiquée par If-None-Match.' };
const preflight = {
  options: {
    summary: 'Contrôle préalable CORS',
    responses: {
      '204': {
        description: 'Méthodes et en-têtes permis pour une requête d’une autre origine.',
        headers: {
          'Access-Control-Allow-Methods': { schema: { type: 'string', const: 'GET, HEAD, OPTIONS' } },
          'Access-Control-Allow-Headers': { schema: { type: 'string' } },
        },
      },
    },
  },
};
const readOnly = { '405': error('Méthode non permise : l’API est en lecture seule (GET, HEAD, OPTIONS).') };

/** The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json. */
export function openApiDocument(options: { serverUrl: string; siteName: string }): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: `Répertoire des ressources — ${options.siteName}`,
      version: '1.0.0',
      description:
        'API ouverte, en lecture seule, du Répertoire des ressources : organismes actifs, personnes-ressources et thèmes de l’Arbre. ' +
        'Aucune authentification; CORS ouvert (`Access-Control-Allow-Origin: *`); réponses en cache 5 minutes, revalidables par ETag. ' +
        'Les clés sont en anglais (snake_case), les valeurs en français, telles qu’inscrites.',
    },
    servers: [{ url: options.serverUrl }],
    paths: {
      '/organisations': {
        ...preflight,
        get: {
          operationId: 'listOrganisations',
          summary: 'Organismes actifs, paginés',
          description:
            'Sans `q`, en ordre alphabétique. Avec `q`, classés par pertinence exactement comme la recherche du site ' +
            '(accents et majuscules ignorés, fautes corrigées); une recherche donne au plus 1000 organismes, les plus pertinents.',
          parameters: [
            {
              name: 'q',
              in: 'query',
              description: 'Recherche plein texte (nom, sigle, services, personnes-ressources, thèmes et synonymes).',
              schema: { type: 'string' },
            },
            { name: 'theme', in: 'query', description: 'Slug d’un thème (voir /themes).', schema: { type: 'string' } },
            { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
            {
              name: 'per_page',
              in: 'query',
              description: `Taille de page; au-delà de ${MAX_PER_PAGE}, ramenée à ${MAX_PER_PAGE}.`,
              schema: { type: 'integer', minimum: 1, default: DEFAULT_PER_PAGE },
            },
          ],
          responses: {
            '200': ok('Une page d’organismes.', 'OrganisationPage'),
            '304': notModified,
            '400': error('Paramètre invalide ou thème inconnu.'),
            ...readOnly,
          },
        },
      },
      '/organisations/{slug}': {
        ...preflight,
        get: {
          operationId: 'getOrganisation',
          summary: 'Un organisme actif, avec ses personnes-ressources et ses thèmes',
          parameters: [{ name: 'slug', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {
            '200': ok('La fiche de l’organisme.', 'OrganisationResponse'),
            '301': {
              description: 'L’organisme a été renommé : Location donne sa nouvelle adresse.',
              headers: { Location: { schema: { type: 'string', format: 'uri-reference' } } },
            },
            '304': notModified,
            '404': error('Aucun organisme à cette adresse.'),
            '410': error('L’organisme a été archivé et n’est plus dans le répertoire.'),
            ...readOnly,
          },
        },
      },
      '/themes': {
        ...preflight,
        get: {
          operationId: 'listThemes',
          summary: 'Tous les thèmes, dans l’ordre de l’Arbre',
          responses: { '200': ok('Les thèmes.', 'ThemeList'), '304': notModified, ...readOnly },
        },
      },
      '/openapi.json': {
        ...preflight,
        get: {
          operationId: 'getOpenApiDocument',
          summary: 'Ce document',
          responses: {
            '200': {
              description: 'Le document OpenAPI 3.1.',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            '304': notModified,
            ...readOnly,
          },
        },
      },
    },
    components: { schemas },
  };
}
