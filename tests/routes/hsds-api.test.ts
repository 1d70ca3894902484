import fs from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/queries/seed.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { DAY_MS } from '../support/clock.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { hsdsAjv, hsdsSchemaDir, unzipHsds } from '../support/hsds-validation.js';

// The official HSDS 3.0 OpenAPI document (tests/fixtures/hsds/openapi.json): its response schemas, with their
// $refs to Open Referral's published schema files resolved to the copies beside it.
type Schema = Record<string, unknown>;
const openapi = JSON.parse(fs.readFileSync(path.join(hsdsSchemaDir, 'openapi.json'), 'utf8')) as {
  paths: Record<string, { get: { responses: { '200': { content: { 'application/json': { schema: Schema } } } } } }>;
  components: { schemas: { Page: Schema } };
};
const PUBLISHED = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';
// The list variants (`compiled/*_list.json`) are the full objects with fewer arrays: the full schemas accept them.
const LOCAL_FILE: Record<string, string> = {
  'compiled/service.json': 'service.json',
  'compiled/service_list.json': 'service.json',
  'compiled/organization.json': 'organization.json',
  'compiled/organization_list.json': 'organization.json',
  'compiled/service_at_location_list.json': 'service_at_location.json',
  'taxonomy.json': 'taxonomy.json',
  'taxonomy_term.json': 'taxonomy_term.json',
};
// The Page schema names its fields without requiring them: here every one is required.
const PAGE = {
  ...openapi.components.schemas.Page,
  required: Object.keys(openapi.components.schemas.Page.properties as Schema),
};

function resolveRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(resolveRefs);
  if (!node || typeof node !== 'object') return node;
  const ref = (node as { $ref?: string }).$ref;
  if (ref === '#/components/schemas/Page') return PAGE;
  if (ref?.startsWith(PUBLISHED)) {
    const local = LOCAL_FILE[ref.slice(PUBLISHED.length)];
    if (!local) throw new Error(`no local copy of ${ref}`);
    return { ...node, $ref: local };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, resolveRefs(value)]));
}

const ajv = hsdsAjv();
const validators = new Map<string, ValidateFunction>();
function responseValidator(apiPath: string): ValidateFunction {
  let validate = validators.get(apiPath);
  if (!validate) {
    // The document gives /service_at_locations/{id} the service schema, which its own example
    // (examples/service_at_location_full.json) does not satisfy: the service_at_location schema is meant.
    const schema =
      apiPath === '/service_at_locations/{id}'
        ? { $ref: 'service_at_location.json' }
        : resolveRefs(openapi.paths[apiPath]!.get.responses['200'].content['application/json'].schema);
    validate = ajv.compile(schema as Schema);
    validators.set(apiPath, validate);
  }
  return validate;
}

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

async function get(url: string) {
  const response = await ctx.app.inject({ url });
  return { response, body: JSON.parse(response.body) };
}

/** GETs `url`, expects 200, and validates the body against the OpenAPI response schema of `apiPath`. */
async function getValid(url: string, apiPath: string) {
  const { response, body } = await get(url);
  expect(response.statusCode, `${url} ${response.body}`).toBe(200);
  expect(response.headers['access-control-allow-origin'], url).toBe('*');
  const validate = responseValidator(apiPath);
  expect(validate(body), `${url}: ${ajv.errorsText(validate.errors)}`).toBe(true);
  return body;
}

function expectFrenchError(
  response: { statusCode: number; body: string; headers: Record<string, unknown> },
  status: number,
  fragment: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['access-control-allow-origin']).toBe('*');
  const body = JSON.parse(response.body);
  expect(body).toEqual({ error: { status, message: expect.stringContaining(fragment) } });
}

const exportedIds = async () => {
  const response = await ctx.app.inject({ url: '/donnees/hsds.zip' });
  return unzipHsds(response.rawPayload).tables;
};

describe('the official examples validate against the schemas as resolved here', () => {
  const example = (name: string) =>
    JSON.parse(fs.readFileSync(path.join(hsdsSchemaDir, 'examples', name), 'utf8')) as unknown;
  const cases: [string, string][] = [
    ['base.json', '/'],
    ['service_list.json', '/services'],
    ['service_full.json', '/services/{id}'],
    ['organization_list.json', '/organizations'],
    ['organization_full.json', '/organizations/{id}'],
    ['service_at_location_list.json', '/service_at_locations'],
    ['service_at_location_full.json', '/service_at_locations/{id}'],
    ['taxonomy_term_list.json', '/taxonomy_terms'],
    ['taxonomy_term.json', '/taxonomy_terms/{id}'],
    ['taxonomy.json', '/taxonomies/{id}'],
  ];
  it('every example response, and not a body without its required fields', () => {
    for (const [file, apiPath] of cases) {
      const validate = responseValidator(apiPath);
      expect(validate(example(file)), `${file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    expect(responseValidator('/services/{id}')({ id: '1' })).toBe(false);
    expect(responseValidator('/services')({ contents: [] })).toBe(false);
    expect(responseValidator('/taxonomy_terms/{id}')({ id: '1', name: 'x' })).toBe(false);
  });
});

describe('HSDS 3.0 API on the demo data', () => {
  beforeEach(() => seedDatabase(ctx.db, 'demo'));

  it('answers every path with responses valid against the HSDS OpenAPI document, with the package’s ids', async () => {
    const root = await getValid('/api/hsds/', '/');
    expect(root).toMatchObject({ version: '3.0.0', openapi_url: expect.stringContaining('openapi.json') });
    await getValid('/api/hsds', '/');

    const tables = await exportedIds();
    const services = await getValid('/api/hsds/services?per_page=200', '/services');
    expect(services.total_items).toBe(tables.get('service')!.length);
    expect(new Set(services.contents.map((s: { id: string }) => s.id))).toEqual(
      new Set(tables.get('service')!.map((s) => s.id)),
    );
    const organizations = await getValid('/api/hsds/organizations?per_page=200', '/organizations');
    expect(new Set(organizations.contents.map((o: { id: string }) => o.id))).toEqual(
      new Set(tables.get('organization')!.map((o) => o.id)),
    );
    const atLocations = await getValid('/api/hsds/service_at_locations?per_page=200', '/service_at_locations');
    expect(new Set(atLocations.contents.map((s: { id: string }) => s.id))).toEqual(
      new Set(tables.get('service_at_location')!.map((s) => s.id)),
    );
    const taxonomies = await getValid('/api/hsds/taxonomies', '/taxonomies');
    expect(taxonomies.contents.map((t: { id: string }) => t.id)).toEqual(tables.get('taxonomy')!.map((t) => t.id));
    const terms = await getValid('/api/hsds/taxonomy_terms?per_page=200', '/taxonomy_terms');
    expect(terms.contents.map((t: { id: string }) => t.id)).toEqual(tables.get('taxonomy_term')!.map((t) => t.id));

    // Every service in full: its organisation, phones, schedules, languages, locations and thèmes.
    let withContacts = 0;
    for (const { id } of services.contents as { id: string }[]) {
      const service = await getValid(`/api/hsds/services/${id}`, '/services/{id}');
      expect(service.id).toBe(id);
      expect(service.organization.id).toBeDefined();
      if (service.contacts.length > 0) withContacts++;
    }
    expect(withContacts).toBeGreaterThan(0);
    const full = await getValid(`/api/hsds/services/${services.contents[0].id}`, '/services/{id}');
    expect(full).toMatchObject({
      phones: expect.any(Array),
      schedules: expect.any(Array),
      languages: expect.any(Array),
    });
    expect(full.attributes.some((a: { taxonomy_term?: { name: string } }) => a.taxonomy_term?.name)).toBe(true);

    const organization = await getValid(
      `/api/hsds/organizations/${organizations.contents[0].id}`,
      '/organizations/{id}',
    );
    expect(organization.services).toHaveLength(1);
    const atLocation = await getValid(
      `/api/hsds/service_at_locations/${atLocations.contents[0].id}`,
      '/service_at_locations/{id}',
    );
    expect(atLocation.location.id).toBeDefined();
    expect(atLocation.service.id).toBeDefined();
    await getValid(`/api/hsds/taxonomies/${taxonomies.contents[0].id}`, '/taxonomies/{id}');
    const term = await getValid(`/api/hsds/taxonomy_terms/${terms.contents[0].id}`, '/taxonomy_terms/{id}');
    expect(term.taxonomy_detail.id).toBe(term.taxonomy_id);
  });

  it('paginates as an HSDS Page', async () => {
    const first = await getValid('/api/hsds/services?per_page=10', '/services');
    const total = first.total_items;
    expect(first).toMatchObject({ page_number: 1, size: 10, first_page: true, last_page: false, empty: false });
    expect(first.total_pages).toBe(Math.ceil(total / 10));
    const last = await getValid(`/api/hsds/services?per_page=10&page=${first.total_pages}`, '/services');
    expect(last).toMatchObject({ last_page: true, first_page: false, size: total - 10 * (first.total_pages - 1) });
    const past = await getValid(`/api/hsds/services?per_page=10&page=${first.total_pages + 1}`, '/services');
    expect(past).toMatchObject({ empty: true, size: 0, contents: [], total_items: total });
    const seen = new Set<string>();
    for (let page = 1; page <= first.total_pages; page++)
      for (const s of (await get(`/api/hsds/services?per_page=10&page=${page}`)).body.contents) seen.add(s.id);
    expect(seen.size).toBe(total);
    expect((await get('/api/hsds/services')).body.size).toBe(Math.min(50, total));
  });

  it('refuses bad parameters with 400 and French words', async () => {
    const cases: [string, string][] = [
      ['/api/hsds/services?page=0', 'page'],
      ['/api/hsds/services?page=abc', 'page'],
      ['/api/hsds/services?page=1&page=2', 'page'],
      ['/api/hsds/services?per_page=201', 'per_page'],
      ['/api/hsds/organizations?per_page=-1', 'per_page'],
      ['/api/hsds/services?modified_after=hier', 'modified_after'],
      ['/api/hsds/services?modified_after=2026-13-45', 'modified_after'],
      ['/api/hsds/services?taxonomy_term_id=logement', 'taxonomy_term_id'],
      ['/api/hsds/services?taxonomy_term_id=00000000-0000-5000-8000-000000000000', 'terme de taxonomie'],
      ['/api/hsds/service_at_locations?organization_id=00000000-0000-5000-8000-000000000000', 'organisme'],
      ['/api/hsds/taxonomy_terms?taxonomy_id=x', 'taxonomy_id'],
      ['/api/hsds/taxonomies?per_page=0', 'per_page'],
    ];
    for (const [url, fragment] of cases) {
      const { response } = await get(url);
      expectFrenchError(response, 400, fragment);
    }
  });

  it('answers 404 for an unknown id, CORS open everywhere, read-only', async () => {
    for (const url of [
      '/api/hsds/services/00000000-0000-5000-8000-000000000000',
      '/api/hsds/services/pas-un-uuid',
      '/api/hsds/organizations/00000000-0000-5000-8000-000000000000',
      '/api/hsds/service_at_locations/00000000-0000-5000-8000-000000000000',
      '/api/hsds/taxonomies/00000000-0000-5000-8000-000000000000',
      '/api/hsds/taxonomy_terms/00000000-0000-5000-8000-000000000000',
      '/api/hsds/programs',
    ]) {
      const { response } = await get(url);
      expectFrenchError(response, 404, url.endsWith('programs') ? 'Adresse inconnue' : 'identifiant');
    }
    const preflight = await ctx.app.inject({ method: 'OPTIONS', url: '/api/hsds/services' });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    const post = await ctx.app.inject({ method: 'POST', url: '/api/hsds/services', payload: {} });
    expect(post.statusCode).toBe(405);
    // Publicly cacheable, and revalidated with its ETag.
    const first = await ctx.app.inject({ url: '/api/hsds/taxonomy_terms' });
    expect(first.headers['cache-control']).toBe('public, max-age=300');
    expect(first.headers['set-cookie']).toBeUndefined();
    const again = await ctx.app.inject({
      url: '/api/hsds/taxonomy_terms',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });
});

describe('HSDS 3.0 API on sparse data', () => {
  it('an organisation without address, phone, person, summary nor description is still valid everywhere', async () => {
    createOrganisation(ctx.db, { name: 'Sans rien', summary: '', description: '', phone: null, territory: null });
    createOrganisation(ctx.db, { name: 'Ville seulement', city: 'Rimouski', summary: '', verifiedAt: null });
    const person = createOrganisation(ctx.db, { name: 'Poste en mots', languages: 'Innu' });
    createContact(ctx.db, person, { phone: '418 555-0100', phoneExtension: '12 ou 14', email: null, role: '' });
    for (const kind of ['services', 'organizations', 'service_at_locations']) {
      const list = await getValid(`/api/hsds/${kind}`, `/${kind}`);
      for (const { id } of list.contents as { id: string }[])
        await getValid(`/api/hsds/${kind}/${id}`, `/${kind}/{id}`);
    }
    const services = (await get('/api/hsds/services')).body.contents as { id: string; name: string }[];
    const sparse = await getValid(
      `/api/hsds/services/${services.find((s) => s.name === 'Sans rien')!.id}`,
      '/services/{id}',
    );
    expect(sparse).toMatchObject({ phones: [], contacts: [], service_at_locations: [] });
    expect(sparse.organization.description).toMatch(/pas encore rédigée/);
    const located = (await get('/api/hsds/service_at_locations')).body.contents;
    expect(located).toHaveLength(1);
    expect(located[0].location).toMatchObject({ addresses: [], description: expect.stringContaining('Rimouski') });
    const words = await getValid(
      `/api/hsds/services/${services.find((s) => s.name === 'Poste en mots')!.id}`,
      '/services/{id}',
    );
    expect(words.contacts[0].phones[0]).toMatchObject({ number: '418 555-0100', description: 'poste 12 ou 14' });
    expect(words.languages).toEqual([expect.objectContaining({ name: 'Innu', note: expect.any(String) })]);
  });
});

describe('HSDS 3.0 API filters', () => {
  it('search, taxonomy_term_id, organization_id and modified_after', async () => {
    const theme = createTheme(ctx.db, { name: 'Logement' });
    const old = createOrganisation(ctx.db, { name: 'Habitations du Fleuve', summary: 'Logement social.' });
    linkTheme(ctx.db, old, theme);
    ctx.clock.advance(10 * DAY_MS);
    const recent = createOrganisation(ctx.db, { name: 'Cuisine collective', summary: 'Repas partagés.' });
    const tables = await exportedIds();
    const serviceOf = (name: string) => tables.get('service')!.find((s) => s.name === name)!.id;
    const termOf = tables.get('taxonomy_term')!.find((t) => t.name === 'Logement')!.id;
    const names = async (query: string) =>
      ((await getValid(`/api/hsds/services?${query}`, '/services')).contents as { name: string }[]).map((s) => s.name);

    expect(await names('search=cuisine')).toEqual(['Cuisine collective']);
    expect(await names(`taxonomy_term_id=${termOf}`)).toEqual(['Habitations du Fleuve']);
    const cutoff = new Date(ctx.clock().getTime() - DAY_MS).toISOString();
    expect(await names(`modified_after=${encodeURIComponent(cutoff)}`)).toEqual(['Cuisine collective']);
    expect(await names(`modified_after=${cutoff.slice(0, 10)}`)).toEqual(['Cuisine collective']);
    const organizationId = tables.get('organization')!.find((o) => o.name === 'Habitations du Fleuve')!.id;
    expect(await names(`organization_id=${organizationId}`)).toEqual(['Habitations du Fleuve']);
    expect((await getValid(`/api/hsds/services/${serviceOf('Cuisine collective')}`, '/services/{id}')).name).toBe(
      'Cuisine collective',
    );
    expect(recent.name).toBe('Cuisine collective');

    const themeTerms = await getValid(
      `/api/hsds/taxonomy_terms?taxonomy_id=${tables.get('taxonomy_term')!.find((t) => t.id === termOf)!.taxonomy_id}&search=loge`,
      '/taxonomy_terms',
    );
    expect(themeTerms.contents.map((t: { name: string }) => t.name)).toEqual(['Logement']);
  });
});

describe('HSDS 3.0 API and personal data', () => {
  it('publishes only the people who consented, anywhere', async () => {
    const theme = createTheme(ctx.db);
    const organisation = createOrganisation(ctx.db, {
      name: 'Maison ouverte',
      address: '1, rue A',
      city: 'Rimouski',
      postalCode: 'G5L 1A1',
    });
    const published = createContact(ctx.db, organisation, { name: 'Julie Publiée', email: 'julie@example.org' });
    const hidden = createContact(ctx.db, organisation, {
      name: 'Marc Réservé',
      email: 'marc.reserve@example.org',
      phone: '418 555-0777',
      openDataConsentAt: null,
    });
    linkTheme(ctx.db, organisation, theme, { contact: hidden });
    const tables = await exportedIds();
    const service = tables.get('service')![0]!.id;
    const bodies: string[] = [];
    for (const url of [
      '/api/hsds/services',
      `/api/hsds/services/${service}`,
      '/api/hsds/organizations',
      `/api/hsds/organizations/${tables.get('organization')![0]!.id}`,
      '/api/hsds/service_at_locations',
      `/api/hsds/service_at_locations/${tables.get('service_at_location')![0]!.id}`,
    ])
      bodies.push((await ctx.app.inject({ url })).body);
    const all = bodies.join('\n');
    expect(all).toContain(published.name);
    for (const secret of [hidden.name, 'marc.reserve', '418 555-0777']) expect(all).not.toContain(secret);
  });
});
