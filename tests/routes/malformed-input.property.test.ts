import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/queries/seed.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { Client, createUser, loginAs } from '../support/auth.js';
import { listRoutes, type RouteEntry } from '../support/routes.js';

// A fixed number of runs per route (no time budget: a time limit that a slow first run exceeds makes
// fast-check fail with "interrupted after 0 tests", which is how CI went red on a loaded machine).
const RUNS = { get: 12, post: 12, anonymous: 3 };
const TIMEOUT_MS = 180_000;

let ctx: TestContext;
let admin: Client;
let anonymous: Client;
let routes: RouteEntry[];
let fill: (pattern: string) => string;

beforeAll(async () => {
  ctx = await buildTestApp();
  seedDatabase(ctx.db, 'demo');
  const sql = ctx.db.$client;
  const one = <T>(query: string) => sql.prepare(query).get() as T;
  const organisation = one<{ id: number; slug: string }>(
    "select id, slug from organisations where status = 'active' order by id limit 1",
  );
  const contact = one<{ id: number }>(
    `select id from contacts where organisation_id = ${organisation.id} order by id limit 1`,
  );
  const theme = one<{ id: number; slug: string }>('select id, slug from themes order by id limit 1');
  const editor = await createUser(ctx.db, { role: 'editeur' });
  admin = await loginAs(ctx.app, await createUser(ctx.db, { role: 'admin' }));
  anonymous = new Client(ctx.app);
  await anonymous.get('/connexion');
  // Ids and slugs from the demo data, chosen by the segment before the parameter.
  const values: Record<string, string> = {
    'organismes/:slug': organisation.slug,
    'organismes/:id': String(organisation.id),
    'personnes/:id': String(contact.id),
    'themes/:slug': theme.slug,
    'themes/:id': String(theme.id),
    'comptes/:id': String(editor.id),
    'revisions/:id': String(one<{ id: number | null }>('select max(id) as id from revisions').id ?? 1),
    'import/:id': 'inconnu',
    'lettre/:lettre': 'b',
    'b/:page': '2',
  };
  const fillOnce = (pattern: string) =>
    pattern.replace(
      /([^/]+)\/:(\w+)/g,
      (_m, parent: string, name: string) => `${parent}/${values[`${parent}/:${name}`] ?? name}`,
    );
  // Twice: a parameter right after another one (/lettre/:lettre/:page) has the first one's value as parent.
  fill = (pattern) => fillOnce(fillOnce(pattern)).replace('*', 'x');
  routes = listRoutes(ctx.app).filter((route) => route.method === 'GET' || route.method === 'POST');
});
afterAll(async () => {
  await ctx.app.close();
});

// Names the routes read in query strings and forms, prototype names, and odd values; mostly these, so
// that few runs per route still reach each route's own parsing.
const QUERY_KEYS = [
  'q',
  'tri',
  'page',
  'per_page',
  'theme',
  'themes',
  'statut',
  'averifier',
  'retour',
  'format',
  'orientation',
  'clientele',
  'age',
  'territoire',
  '__proto__',
  'constructor',
  'toString',
  'a[b]',
  '',
];
const FORM_KEYS = [
  'name',
  'email',
  'password',
  'role',
  'color',
  'colorPicker',
  'colorInitial',
  'position',
  'keywords',
  'description',
  'version',
  'audiences',
  'theme',
  'note_1',
  'contact_1',
  'destination',
  'confirmation',
  'empreinte',
  'isPrimary',
  'phone',
  'website',
  'ageMin',
  'ageMax',
  'retour',
  'fichier',
  '_csrf',
  '__proto__',
  'constructor',
  'toString',
  'valueOf',
];
const ODD_VALUES = [
  '',
  ' ',
  '0',
  '-1',
  '1',
  '2',
  '1.5',
  '1e308',
  '99999999999999999999',
  'NaN',
  '__proto__',
  'constructor',
  'toString',
  'oui',
  'on',
  'all',
  'nom',
  'admin',
  'retirer',
  '#1E5A44',
  '/admin',
  '//evil.example',
  '<script>',
  '%',
  'Œuvre',
  '💥',
  '\u0000',
  'x'.repeat(5000),
];

const keyFrom = (names: string[]) =>
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names) }, fc.string({ maxLength: 10 }));
const value = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...ODD_VALUES) },
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.bigInt().map(String),
);
/** Key/value pairs; half the time one key is sent again with another value, as `?q=a&q=b`. */
const pairsFrom = (names: string[]) =>
  fc
    .tuple(fc.array(fc.tuple(keyFrom(names), value), { minLength: 1, maxLength: 5 }), fc.boolean(), fc.nat(), value)
    .map(([list, repeat, index, again]): [string, string][] =>
      repeat ? [...list, [list[index % list.length]![0], again]] : list,
    );
const encode = (list: [string, string][]) =>
  list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
const rawTail = fc.constantFrom('', '', '', '', '&&&', '==x', 'a=%E9', '%C0%80', 'a=%');
const queryString = fc
  .tuple(pairsFrom(QUERY_KEYS), rawTail)
  .map(([list, tail]) => [encode(list), tail].filter(Boolean).join('&'));
const pairs = pairsFrom(FORM_KEYS);

/** A JSON body: nested objects and arrays where the forms expect strings. */
const jsonBody = fc.dictionary(keyFrom(FORM_KEYS), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 });

type Body = { type: string; payload: string | Buffer; csrfHeader?: string };
const body = (csrf: string): fc.Arbitrary<Body> =>
  fc.oneof(
    // What browsers send, weighted up with JSON: the body types that reached form code.
    {
      weight: 2,
      arbitrary: pairs.map((list) => ({
        type: 'application/x-www-form-urlencoded',
        payload: encode([['_csrf', csrf], ...list]),
      })),
    },
    // A script would send the token as a header; the form field carries it for the other body types.
    {
      weight: 2,
      arbitrary: jsonBody.map((object) => ({
        type: 'application/json',
        payload: JSON.stringify({ _csrf: csrf, ...object }),
        csrfHeader: csrf,
      })),
    },
    fc.string({ maxLength: 40 }).map((text) => ({ type: 'text/plain', payload: text })),
    fc.tuple(pairs, fc.option(fc.uint8Array({ maxLength: 200 }))).map(([list, file]) => multipart(csrf, list, file)),
  );

function multipart(csrf: string, list: [string, string][], file: Uint8Array | null): Body {
  const boundary = 'limite-de-test';
  const field = (name: string, text: string) =>
    `--${boundary}\r\ncontent-disposition: form-data; name="${name.replace(/["\r\n]/g, '')}"\r\n\r\n${text}\r\n`;
  const parts = [field('_csrf', csrf), ...list.map(([k, v]) => field(k, v))].join('');
  const filePart = file
    ? Buffer.concat([
        Buffer.from(
          `--${boundary}\r\ncontent-disposition: form-data; name="fichier"; filename="x.csv"\r\ncontent-type: text/csv\r\n\r\n`,
        ),
        Buffer.from(file),
        Buffer.from('\r\n'),
      ])
    : Buffer.alloc(0);
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    payload: Buffer.concat([Buffer.from(parts), filePart, Buffer.from(`--${boundary}--\r\n`)]),
  };
}

const cookieHeader = (client: Client) => [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

async function send(client: Client, method: 'GET' | 'POST', url: string, sent?: Body) {
  const headers: Record<string, string> = { cookie: cookieHeader(client), accept: 'text/html' };
  if (sent) headers['content-type'] = sent.type;
  if (sent?.csrfHeader) headers['x-csrf-token'] = sent.csrfHeader;
  return ctx.app.inject({ method, url, headers, payload: sent?.payload });
}

const withQuery = (route: RouteEntry, query: string) => `${fill(route.url)}${query ? `?${query}` : ''}`;
const limits = (numRuns: number) => ({ numRuns });

describe('no 5xx from malformed input, on every route', () => {
  it('finds the routes it exercises, with every parameter filled from the demo data', () => {
    const urls = routes.map((route) => `${route.method} ${route.url}`);
    expect(urls).toEqual(
      expect.arrayContaining([
        'GET /admin/organismes',
        'POST /admin/themes/:id/supprimer',
        'GET /organismes/:slug/personnes/:id.vcf',
        'POST /connexion',
      ]),
    );
    expect(routes.length).toBeGreaterThan(40);
    for (const route of routes) expect(fill(route.url), route.url).not.toMatch(/[:*]/);
  });

  it(
    'answers the reported query strings below 500 on every GET route',
    async () => {
      const reported = [
        'q=a&q=b',
        'tri=__proto__&statut=constructor',
        'page=99999999999999999999',
        '__proto__=1&toString=2&theme=1&theme=2',
      ];
      for (const route of routes.filter((r) => r.method === 'GET')) {
        for (const query of reported) {
          const response = await send(admin, 'GET', withQuery(route, query));
          expect(response.statusCode, `${route.url}?${query}`).toBeLessThan(500);
        }
      }
    },
    TIMEOUT_MS,
  );

  it(
    'answers generated query strings below 500 on every GET route, signed in as an administrator',
    async () => {
      const gets = routes.filter((r) => r.method === 'GET');
      for (const route of gets) {
        await fc.assert(
          fc.asyncProperty(queryString, async (query) => {
            const response = await send(admin, 'GET', withQuery(route, query));
            expect(response.statusCode, `GET ${withQuery(route, query)}`).toBeLessThan(500);
          }),
          limits(RUNS.get),
        );
      }
    },
    TIMEOUT_MS,
  );

  it(
    'answers generated bodies below 500 on every POST route with a valid CSRF token, so the body parsing is reached',
    async () => {
      // Signing out would end the run's session; everything else may change the demo data freely.
      const posts = routes.filter((r) => r.method === 'POST' && r.url !== '/deconnexion');
      for (const route of posts) {
        await fc.assert(
          fc.asyncProperty(fc.oneof(fc.constant(''), queryString), body(admin.csrf), async (query, sent) => {
            const response = await send(admin, 'POST', withQuery(route, query), sent);
            expect(
              response.statusCode,
              `POST ${withQuery(route, query)} (${sent.type}) ${String(sent.payload).slice(0, 300)}`,
            ).toBeLessThan(500);
          }),
          limits(RUNS.post),
        );
      }
    },
    TIMEOUT_MS,
  );

  it(
    'answers generated bodies below 500 on every POST route, anonymously and with a wrong CSRF token',
    async () => {
      const posts = routes.filter((r) => r.method === 'POST');
      for (const route of posts) {
        await fc.assert(
          fc.asyncProperty(fc.constantFrom(anonymous, admin), body('jeton-faux'), async (who, sent) => {
            const response = await send(who, 'POST', fill(route.url), sent);
            expect(response.statusCode, `POST ${route.url} (${sent.type})`).toBeLessThan(500);
          }),
          limits(RUNS.anonymous),
        );
      }
    },
    TIMEOUT_MS,
  );
});
