import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slugRedirects } from '../../src/db/schema.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createUser, loginAs } from '../support/auth.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { parseHtml } from '../support/html.js';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: FormatsPlugin }).default ??
  addFormatsModule) as unknown as FormatsPlugin;

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

async function getJson(url: string, headers: Record<string, string> = {}) {
  const response = await ctx.app.inject({ url, headers });
  expect(response.headers['content-type'], url).toBe('application/json; charset=utf-8');
  return { response, body: JSON.parse(response.body) };
}

const names = (body: { data: { name: string }[] }) => body.data.map((o) => o.name);

function expectFrenchError(response: { statusCode: number; body: string }, status: number, fragment?: string) {
  expect(response.statusCode).toBe(status);
  const body = JSON.parse(response.body);
  expect(body).toEqual({ error: { status, message: expect.any(String) } });
  if (fragment) expect(body.error.message).toContain(fragment);
  expect(response.body).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

describe('GET /api/v1/organisations — pagination', () => {
  it('lists active organisations A–Z in French order with meta and links', async () => {
    for (const name of ['Zénith', 'École Alpha', 'Delta', 'Fjord', 'Alpha']) createOrganisation(ctx.db, { name });
    const { response, body } = await getJson('/api/v1/organisations?per_page=2');
    expect(response.statusCode).toBe(200);
    expect(names(body)).toEqual(['Alpha', 'Delta']);
    expect(body.meta).toEqual({ page: 1, per_page: 2, total: 5, total_pages: 3 });
    expect(body.links).toEqual({
      self: '/api/v1/organisations?page=1&per_page=2',
      next: '/api/v1/organisations?page=2&per_page=2',
      prev: null,
      first: '/api/v1/organisations?page=1&per_page=2',
      last: '/api/v1/organisations?page=3&per_page=2',
    });

    const second = (await getJson(body.links.next)).body;
    expect(names(second)).toEqual(['École Alpha', 'Fjord']);
    expect(second.links.prev).toBe('/api/v1/organisations?page=1&per_page=2');
    const last = (await getJson(body.links.last)).body;
    expect(names(last)).toEqual(['Zénith']);
    expect(last.links.next).toBeNull();
  });

  it('uses 50 per page by default and caps per_page at 200', async () => {
    for (let i = 0; i < 205; i++) createOrganisation(ctx.db);
    const first = (await getJson('/api/v1/organisations')).body;
    expect(first.data).toHaveLength(50);
    expect(first.meta).toEqual({ page: 1, per_page: 50, total: 205, total_pages: 5 });
    expect(first.links.next).toBe('/api/v1/organisations?page=2');

    const capped = (await getJson('/api/v1/organisations?per_page=1000')).body;
    expect(capped.data).toHaveLength(200);
    expect(capped.meta).toEqual({ page: 1, per_page: 200, total: 205, total_pages: 2 });
    expect(capped.links.next).toBe('/api/v1/organisations?page=2&per_page=200');
    const rest = (await getJson(capped.links.next)).body;
    expect(rest.data).toHaveLength(5);
    const all = new Set([...capped.data, ...rest.data].map((o: { id: number }) => o.id));
    expect(all.size).toBe(205);
  });

  it('answers an empty page past the end, pointing back to the last page', async () => {
    createOrganisation(ctx.db);
    const { response, body } = await getJson('/api/v1/organisations?page=9');
    expect(response.statusCode).toBe(200);
    expect(body.data).toEqual([]);
    expect(body.meta).toEqual({ page: 9, per_page: 50, total: 1, total_pages: 1 });
    expect(body.links.prev).toBe('/api/v1/organisations?page=1');
    expect(body.links.next).toBeNull();
  });

  it('never lists archived organisations', async () => {
    createOrganisation(ctx.db, { name: 'Organisme ouvert' });
    createOrganisation(ctx.db, { name: 'Organisme fermé', status: 'archived' });
    const body = (await getJson('/api/v1/organisations')).body;
    expect(names(body)).toEqual(['Organisme ouvert']);
    expect(body.meta.total).toBe(1);
    expect(names((await getJson('/api/v1/organisations?q=organisme')).body)).toEqual(['Organisme ouvert']);
  });

  it('gives each organisation its summary fields, thèmes and addresses', async () => {
    const theme = createTheme(ctx.db, { name: 'Santé mentale' });
    const org = createOrganisation(ctx.db, {
      name: 'Centre Le Phare',
      acronym: 'CLP',
      phone: '418 555-0169',
      phoneExtension: '2',
      audiences: 'jeunes,familles',
      ageMin: 12,
      ageMax: 17,
      city: 'Rimouski',
    });
    linkTheme(ctx.db, org, theme);
    const [item] = (await getJson('/api/v1/organisations')).body.data;
    expect(item).toMatchObject({
      id: org.id,
      slug: org.slug,
      name: 'Centre Le Phare',
      acronym: 'CLP',
      phone: '418 555-0169',
      phone_extension: '2',
      audiences: ['jeunes', 'familles'],
      age_min: 12,
      age_max: 17,
      city: 'Rimouski',
      themes: [{ slug: 'sante-mentale', name: 'Santé mentale' }],
      verified_at: org.verifiedAt,
      updated_at: org.updatedAt,
      url: `/organismes/${org.slug}`,
      api_url: `/api/v1/organisations/${org.slug}`,
    });
  });

  it('runs the same number of queries for 3 or 40 organisations', async () => {
    const theme = createTheme(ctx.db);
    const count = async (url: string) => {
      ctx.queries.length = 0;
      expect((await ctx.app.inject({ url })).statusCode).toBe(200);
      return ctx.queries.length;
    };
    const grow = (n: number) => {
      for (let i = 0; i < n; i++) {
        const org = createOrganisation(ctx.db, { description: 'Soutien aux familles.' });
        linkTheme(ctx.db, org, theme);
        createContact(ctx.db, org);
      }
    };
    grow(3);
    const small = [await count('/api/v1/organisations'), await count('/api/v1/organisations?q=familles')];
    grow(37);
    const large = [await count('/api/v1/organisations'), await count('/api/v1/organisations?q=familles')];
    expect(large).toEqual(small);
  });
});

describe('GET /api/v1/organisations — filters', () => {
  it('q finds what the site’s search finds, ignoring accents and case', async () => {
    createOrganisation(ctx.db, { name: 'Clinique Horizon', description: 'Soutien en Santé Mentale pour tous.' });
    createOrganisation(ctx.db, { name: 'Refuge Le Fanal', description: "Hébergement d'urgence pour adultes." });
    createOrganisation(ctx.db, { name: 'Auberge du cœur Le Quai', description: 'Hébergement pour jeunes.' });
    createOrganisation(ctx.db, { name: 'Fermé', description: 'Santé.', status: 'archived' });

    expect(names((await getJson('/api/v1/organisations?q=sante')).body)).toEqual(['Clinique Horizon']);
    expect(names((await getJson(`/api/v1/organisations?q=${encodeURIComponent('SANTÉ')}`)).body)).toEqual([
      'Clinique Horizon',
    ]);
    expect(names((await getJson('/api/v1/organisations?q=coeur')).body)).toEqual(['Auberge du cœur Le Quai']);
    for (const q of ['hebergement', 'héberg', 'hebergment', 'santé mentale', 'jeunes hébergement', 'aucunmotpareil']) {
      const api = names((await getJson(`/api/v1/organisations?q=${encodeURIComponent(q)}`)).body);
      const page = await ctx.app.inject({
        url: `/recherche?q=${encodeURIComponent(q)}`,
        headers: { accept: 'text/html' },
      });
      const site = parseHtml(page.body)
        .querySelectorAll('.result-title a')
        .map((a) => a.textContent.trim());
      expect(api, q).toEqual(site);
      if (q !== 'aucunmotpareil') expect(site.length, q).toBeGreaterThan(0);
    }
  });

  it('keeps q and theme in the pagination links', async () => {
    const theme = createTheme(ctx.db, { name: 'Hébergement' });
    for (let i = 0; i < 3; i++)
      linkTheme(ctx.db, createOrganisation(ctx.db, { description: 'Santé mentale des jeunes.' }), theme);
    createOrganisation(ctx.db, { description: 'Santé mentale des jeunes.' });
    const { body } = await getJson(
      `/api/v1/organisations?q=${encodeURIComponent('santé mentale')}&theme=hebergement&per_page=2`,
    );
    expect(body.meta).toEqual({ page: 1, per_page: 2, total: 3, total_pages: 2 });
    expect(body.links.next).toBe('/api/v1/organisations?q=sant%C3%A9+mentale&theme=hebergement&page=2&per_page=2');
    const next = (await getJson(body.links.next)).body;
    expect(next.data).toHaveLength(1);
    expect(next.meta.total).toBe(3);
  });

  it('theme lists only that thème’s active organisations; an unknown slug is a French 400', async () => {
    const sante = createTheme(ctx.db, { name: 'Santé' });
    const emploi = createTheme(ctx.db, { name: 'Employabilité' });
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Clinique B' }), sante);
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Clinique A' }), sante);
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Clinique fermée', status: 'archived' }), sante);
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Carrefour' }), emploi);
    const body = (await getJson('/api/v1/organisations?theme=sante')).body;
    expect(names(body)).toEqual(['Clinique A', 'Clinique B']);
    expect(body.meta.total).toBe(2);

    const { response } = await getJson('/api/v1/organisations?theme=inexistant');
    expectFrenchError(response, 400, 'Thème inconnu');
  });

  it.each([
    ['page=0', 'page'],
    ['page=-1', 'page'],
    ['page=abc', 'page'],
    ['page=1.5', 'page'],
    ['page=', 'page'],
    ['page=1&page=2', 'page'],
    ['per_page=0', 'per_page'],
    ['per_page=dix', 'per_page'],
    ['q=a&q=b', '«\u00a0q\u00a0»'],
    ['theme=a&theme=b', 'theme'],
  ])('rejects %s with a French 400', async (query, fragment) => {
    const { response } = await getJson(`/api/v1/organisations?${query}`);
    expectFrenchError(response, 400, fragment);
    expect(JSON.parse(response.body).error.message).toMatch(/paramètre/);
  });
});

describe('GET /api/v1/organisations/:slug', () => {
  it('gives everything public: fields, contacts, thèmes with note and designated person, dates, page address', async () => {
    const theme = createTheme(ctx.db, { name: 'Santé mentale', color: '#A11D1D' });
    const org = createOrganisation(ctx.db, {
      name: 'Centre de crise Le Phare',
      description: 'Intervention de crise 24 h sur 24.',
      hours: 'Jour et nuit',
      postalCode: 'G5L 1A1',
    });
    const main = createContact(ctx.db, org, {
      name: 'Anne Tremblay',
      role: 'Directrice',
      isPrimary: true,
      email: 'anne@example.org',
    });
    const designated = createContact(ctx.db, org, {
      name: 'Éric Gosselin',
      role: 'Coordonnateur',
      phoneExtension: '12',
    });
    linkTheme(ctx.db, org, theme, { note: '12-17 ans', contact: designated });

    const { response, body } = await getJson(`/api/v1/organisations/${org.slug}`);
    expect(response.statusCode).toBe(200);
    const data = body.data;
    expect(data).toMatchObject({
      id: org.id,
      slug: org.slug,
      name: 'Centre de crise Le Phare',
      description: 'Intervention de crise 24 h sur 24.',
      hours: 'Jour et nuit',
      postal_code: 'G5L 1A1',
      verified_at: org.verifiedAt,
      created_at: org.createdAt,
      updated_at: org.updatedAt,
      url: `/organismes/${org.slug}`,
      themes: [
        {
          slug: 'sante-mentale',
          name: 'Santé mentale',
          color: '#A11D1D',
          note: '12-17 ans',
          contact_id: designated.id,
        },
      ],
    });
    expect(data.contacts).toEqual([
      {
        id: main.id,
        name: 'Anne Tremblay',
        role: 'Directrice',
        phone: main.phone,
        phone_extension: main.phoneExtension,
        email: 'anne@example.org',
        is_primary: true,
        verified_at: main.verifiedAt,
        vcard_url: `/organismes/${org.slug}/personnes/${main.id}.vcf`,
      },
      expect.objectContaining({
        id: designated.id,
        name: 'Éric Gosselin',
        role: 'Coordonnateur',
        phone_extension: '12',
        is_primary: false,
      }),
    ]);
    // Internal bookkeeping stays internal.
    expect(Object.keys(data)).not.toEqual(expect.arrayContaining(['version']));
    expect(response.body).not.toMatch(/verified_by|"version"|password/);
  });

  it('uses absolute addresses when PUBLIC_URL is configured', async () => {
    await ctx.app.close();
    ctx = await buildTestApp({ publicUrl: 'https://repertoire.example.org' });
    const org = createOrganisation(ctx.db);
    const person = createContact(ctx.db, org);
    const data = (await getJson(`/api/v1/organisations/${org.slug}`)).body.data;
    expect(data.url).toBe(`https://repertoire.example.org/organismes/${org.slug}`);
    expect(data.contacts[0].vcard_url).toBe(
      `https://repertoire.example.org/organismes/${org.slug}/personnes/${person.id}.vcf`,
    );
    const list = (await getJson('/api/v1/organisations')).body;
    expect(list.links.self).toBe('https://repertoire.example.org/api/v1/organisations?page=1');
  });

  it('answers 404 JSON for an unknown slug and 410 JSON for an archived organisation', async () => {
    expectFrenchError((await getJson('/api/v1/organisations/inconnu')).response, 404, 'inconnu');
    const archived = createOrganisation(ctx.db, { name: 'Ancien service', status: 'archived' });
    expectFrenchError((await getJson(`/api/v1/organisations/${archived.slug}`)).response, 410, 'archivé');
  });

  it('redirects the old slug of a renamed organisation', async () => {
    const org = createOrganisation(ctx.db, { name: 'Nouveau nom' });
    ctx.db.insert(slugRedirects).values({ slug: 'ancien-nom', organisationId: org.id }).run();
    const response = await ctx.app.inject({ url: '/api/v1/organisations/ancien-nom' });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe(`/api/v1/organisations/${org.slug}`);
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  it('returns hostile text as data, exactly as stored', async () => {
    const name = 'Maison "Zed" <script>alert(1)</script> & Cie 😀';
    const org = createOrganisation(ctx.db, { name, description: "L'aide \\ « guillemets » \u2028 ligne\nsuivante" });
    createContact(ctx.db, org, { name: '</script><img src=x onerror=alert(1)>', role: '"; DROP TABLE contacts; --' });
    const { response, body } = await getJson(`/api/v1/organisations/${org.slug}`);
    expect(body.data.name).toBe(name);
    expect(body.data.description).toBe("L'aide \\ « guillemets » \u2028 ligne\nsuivante");
    expect(body.data.contacts[0].name).toBe('</script><img src=x onerror=alert(1)>');
    expect(body.data.contacts[0].role).toBe('"; DROP TABLE contacts; --');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(names((await getJson(`/api/v1/organisations?q=${encodeURIComponent('zed "<script>')}`)).body)).toEqual([
      name,
    ]);
  });
});

describe('GET /api/v1/themes', () => {
  it('lists every thème in order with keywords and its active organisation count', async () => {
    const second = createTheme(ctx.db, {
      name: 'Hébergement',
      position: 2,
      keywords: 'logement\n itinérance \n\nrefuge',
    });
    const first = createTheme(ctx.db, { name: 'Agressions', position: 1, color: '#A11D1D', description: 'Violence.' });
    linkTheme(ctx.db, createOrganisation(ctx.db), second);
    linkTheme(ctx.db, createOrganisation(ctx.db), second);
    linkTheme(ctx.db, createOrganisation(ctx.db, { status: 'archived' }), second);
    const { response, body } = await getJson('/api/v1/themes');
    expect(response.statusCode).toBe(200);
    expect(body.data).toEqual([
      {
        slug: first.slug,
        name: 'Agressions',
        description: 'Violence.',
        color: '#A11D1D',
        position: 1,
        keywords: [],
        organisation_count: 0,
        url: `/themes/${first.slug}`,
        organisations_url: `/api/v1/organisations?theme=${first.slug}`,
      },
      expect.objectContaining({
        slug: 'hebergement',
        keywords: ['logement', 'itinérance', 'refuge'],
        organisation_count: 2,
      }),
    ]);
  });
});

describe('/api/v1 — HTTP behaviour', () => {
  const paths = ['/api/v1/organisations', '/api/v1/organisations/x', '/api/v1/themes', '/api/v1/openapi.json'];

  it('is readable from any origin and cacheable for five minutes', async () => {
    const org = createOrganisation(ctx.db);
    for (const url of [
      '/api/v1/organisations',
      `/api/v1/organisations/${org.slug}`,
      '/api/v1/themes',
      '/api/v1/openapi.json',
    ]) {
      const response = await ctx.app.inject({ url, headers: { origin: 'https://partenaire.example.org' } });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['access-control-allow-origin'], url).toBe('*');
      expect(response.headers['cross-origin-resource-policy'], url).toBe('cross-origin');
      expect(response.headers['cache-control'], url).toBe('public, max-age=300');
      expect(response.headers.etag, url).toMatch(/^W\/"/);
    }
    const error = await ctx.app.inject({ url: '/api/v1/organisations?page=0' });
    expect(error.headers['access-control-allow-origin']).toBe('*');
    expect(error.headers['cache-control']).toBe('no-cache');
  });

  it('answers a CORS preflight with 204 and the allowed methods and headers', async () => {
    for (const url of paths) {
      const response = await ctx.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin: 'https://partenaire.example.org',
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'if-none-match',
        },
      });
      expect(response.statusCode, url).toBe(204);
      expect(response.body).toBe('');
      expect(response.headers['access-control-allow-origin']).toBe('*');
      expect(response.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
      expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('if-none-match');
      expect(response.headers['access-control-max-age']).toBe('86400');
    }
  });

  it('refuses every write method with 405 and an Allow header, before reading the body', async () => {
    for (const url of paths) {
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const) {
        const response = await ctx.app.inject({
          method,
          url,
          headers: { 'content-type': 'application/json' },
          payload: '{"not json',
        });
        expectFrenchError(response, 405, 'lecture seule');
        expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
        expect(response.headers['access-control-allow-origin']).toBe('*');
      }
    }
  });

  it('answers HEAD like GET without a body', async () => {
    createOrganisation(ctx.db);
    const response = await ctx.app.inject({ method: 'HEAD', url: '/api/v1/organisations' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers['access-control-allow-origin']).toBe('*');
  });

  it('revalidates with the ETag: 304 while unchanged, 200 after an edit', async () => {
    createTheme(ctx.db, { name: 'Santé' });
    const first = await ctx.app.inject({ url: '/api/v1/themes' });
    const etag = String(first.headers.etag);
    const again = await ctx.app.inject({ url: '/api/v1/themes', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers['access-control-allow-origin']).toBe('*');
    createTheme(ctx.db, { name: 'Emploi' });
    const changed = await ctx.app.inject({ url: '/api/v1/themes', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('answers unknown API addresses with JSON 404', async () => {
    expectFrenchError((await getJson('/api/v1/inexistant')).response, 404, 'openapi.json');
  });

  it('never sends a session cookie with a cacheable API response', async () => {
    const client = await loginAs(ctx.app, await createUser(ctx.db));
    // Sessions are rolling: ordinary pages refresh the cookie, so the API must strip it.
    expect((await client.get('/')).headers['set-cookie']).toBeDefined();
    const response = await client.get('/api/v1/themes');
    expect(response.statusCode).toBe(200);
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('hides internals behind a French 500', async () => {
    ctx.db.$client.close();
    const response = await ctx.app.inject({ url: '/api/v1/themes' });
    expectFrenchError(response, 500, 'Erreur interne');
    expect(response.body).not.toMatch(/database|sqlite|connection/i);
  });
});

/** Every route of the app as full path → methods, read from Fastify's route tree. */
function appRoutes(app: FastifyInstance): Map<string, string[]> {
  const routes = new Map<string, string[]>();
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = line.match(/^(.*?)[├└]── (.+?)(?: \(([^)]+)\))?$/);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const path = (stack[depth - 1] ?? '') + match[2]!;
    stack[depth] = path;
    stack.length = depth + 1;
    if (match[3]) routes.set(path, match[3].split(', '));
  }
  return routes;
}

describe('GET /api/v1/openapi.json', () => {
  async function loadDocument() {
    const { response, body } = await getJson('/api/v1/openapi.json');
    expect(response.statusCode).toBe(200);
    return body;
  }

  /** Compiles the document's component schemas with ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses). */
  function schemaValidator(document: Record<string, unknown>) {
    const ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(ajv);
    // The document's own top-level keys are not JSON Schema keywords.
    ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components']);
    ajv.addSchema({ ...document, $id: 'openapi.json' });
    return (schema: string) => {
      const validate = ajv.getSchema(`openapi.json#/components/schemas/${schema}`);
      if (!validate) throw new Error(`no schema ${schema}`);
      return validate;
    };
  }

  function validator(document: Record<string, unknown>) {
    const schemaFor = schemaValidator(document);
    return (schema: string, data: unknown) => {
      const validate = schemaFor(schema);
      validate(data);
      expect(validate.errors ?? [], schema).toEqual([]);
    };
  }

  it('is an OpenAPI 3.1 document whose schemas describe the real responses exactly', async () => {
    const document = await loadDocument();
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([{ url: '/api/v1' }]);
    const check = validator(document);

    const theme = createTheme(ctx.db, { name: 'Santé', keywords: 'soins\nclinique' });
    const org = createOrganisation(ctx.db, {
      name: 'Clinique "Zed" 😀',
      acronym: 'CZ',
      audiences: 'jeunes,aines',
      ageMin: 12,
    });
    const person = createContact(ctx.db, org, { isPrimary: true, email: 'a@example.org' });
    createContact(ctx.db, org, { phone: null, phoneExtension: null, verifiedAt: null });
    linkTheme(ctx.db, org, theme, { note: 'Note', contact: person });
    const bare = createOrganisation(ctx.db, { verifiedAt: null, phone: null, summary: '' });
    const archived = createOrganisation(ctx.db, { status: 'archived' });

    check('OrganisationPage', (await getJson('/api/v1/organisations?per_page=1&page=2')).body);
    check('OrganisationPage', (await getJson('/api/v1/organisations?q=sante&theme=sante')).body);
    check('OrganisationPage', (await getJson('/api/v1/organisations?q=rien')).body);
    check('OrganisationResponse', (await getJson(`/api/v1/organisations/${org.slug}`)).body);
    check('OrganisationResponse', (await getJson(`/api/v1/organisations/${bare.slug}`)).body);
    check('ThemeList', (await getJson('/api/v1/themes')).body);
    check('Error', (await getJson('/api/v1/organisations?page=x')).body);
    check('Error', (await getJson(`/api/v1/organisations/${archived.slug}`)).body);
    check('Error', (await getJson('/api/v1/organisations/inconnu')).body);
    check('Error', JSON.parse((await ctx.app.inject({ method: 'POST', url: '/api/v1/themes' })).body));
  });

  it('rejects a response with a field the document does not describe (the check can fail)', async () => {
    const schemaFor = schemaValidator(await loadDocument());
    createOrganisation(ctx.db);
    const body = (await getJson('/api/v1/organisations')).body;
    expect(schemaFor('OrganisationPage')(body)).toBe(true);
    body.data[0].internal_note = 'secret';
    expect(schemaFor('OrganisationPage')(body)).toBe(false);
    delete body.data[0].internal_note;
    delete body.data[0].verified_at;
    expect(schemaFor('OrganisationPage')(body)).toBe(false);
  });

  it('documents every route under /api/v1 and nothing else', async () => {
    const document = await loadDocument();
    const routes = appRoutes(ctx.app);
    // The route tree parser itself must see routes outside the API too.
    expect(routes.get('/organismes/:slug/personnes/:id.vcf')).toEqual(['GET', 'HEAD']);
    const apiRoutes = [...routes].filter(([path]) => path.startsWith('/api/v1/'));
    const documented = Object.keys(document.paths).map((path) => `/api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`);
    expect(apiRoutes.map(([path]) => path).sort()).toEqual(documented.sort());
    for (const [path, methods] of apiRoutes) {
      const operations = document.paths[path.slice('/api/v1'.length).replace(/:(\w+)/g, '{$1}')];
      expect(Object.keys(operations).sort(), path).toEqual(['get', 'options']);
      expect(methods.sort(), path).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
      expect(operations.get.responses['405'], path).toBeDefined();
      for (const parameter of operations.get.parameters ?? []) {
        if (parameter.in === 'path') expect(path, parameter.name).toContain(`:${parameter.name}`);
      }
    }
  });

  it('documents exactly the query parameters the list accepts', async () => {
    const document = await loadDocument();
    const parameters = document.paths['/organisations'].get.parameters.map((p: { name: string }) => p.name);
    expect(parameters.sort()).toEqual(['page', 'per_page', 'q', 'theme']);
  });
});
