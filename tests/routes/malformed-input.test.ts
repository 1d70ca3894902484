import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation, Theme } from '../../src/db/schema.js';
import { type TestContext } from '../support/app.js';
import { Client, signedInTestApp } from '../support/auth.js';
import { createOrganisation, createTheme } from '../support/factories.js';
import { mainText } from '../support/html.js';

let ctx: TestContext;
let client: Client;
let theme: Theme;
let organisation: Organisation;

beforeEach(async () => {
  ({ ctx, client } = await signedInTestApp({ role: 'admin' }));
  theme = createTheme(ctx.db, { name: 'Hébergement' });
  organisation = createOrganisation(ctx.db, { name: 'Maison de l’Espoir' });
});
afterEach(() => ctx.app.close());

/** Posts a JSON body with the client's session and CSRF token, as a script (not a browser) would. */
async function postJson(who: Client, url: string, body: unknown) {
  return ctx.app.inject({
    method: 'POST',
    url,
    headers: {
      cookie: [...who.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'content-type': 'application/json',
      'x-csrf-token': who.csrf,
    },
    payload: JSON.stringify(body),
  });
}

describe('malformed query strings on the admin list', () => {
  it.each([
    ['repeated keys', '?q=a&q=b', '« q » doit être donné une seule fois'],
    ['a prototype name as sort key', '?tri=__proto__', '« tri » accepte seulement : nom, modification, verification'],
    ['constructor as sort key', '?tri=constructor', '« tri » accepte seulement'],
    ['toString as sort key', '?tri=toString', '« tri » accepte seulement'],
    [
      'a page number beyond any integer',
      '?page=99999999999999999999',
      '« page » doit être un nombre entier de 1 à 10 000',
    ],
    ['a repeated page', '?page=1&page=2', '« page » doit être donné une seule fois'],
    ['a repeated theme filter', '?theme=1&theme=2', '« theme » doit être donné une seule fois'],
    ['a prototype name as status', '?statut=__proto__', '« statut » accepte seulement'],
  ])('answers %s with a French 400 page naming the parameter, not a 500', async (_name, query, detail) => {
    const response = await client.get(`/admin/organismes${query}`);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const text = mainText(response.body)
      .replace(/\u00a0/g, ' ')
      .replace(/\u202f/g, ' ');
    expect(text).toContain('Requête invalide');
    expect(text).toContain(detail);
  });

  it('still lists with valid filters, sort and page', async () => {
    const response = await client.get(
      `/admin/organismes?q=espoir&tri=modification&page=1&statut=all&theme=${theme.id}`,
    );
    expect(response.statusCode).toBe(200);
  });

  it('tolerates an empty or unknown value the list form can send', async () => {
    const response = await client.get('/admin/organismes?q=&theme=&tri=&statut=&page=');
    expect(response.statusCode).toBe(200);
  });
});

describe('malformed query strings on public pages', () => {
  it('refuses a repeated thème filter on the A–Z list in French, naming the parameter', async () => {
    const response = await ctx.app.inject({ url: '/organismes?theme=a&theme=b' });
    expect(response.statusCode).toBe(400);
    expect(mainText(response.body)).toContain('doit être donné une seule fois');
  });

  it('still lists everything for an empty thème filter', async () => {
    expect((await ctx.app.inject({ url: '/organismes?theme=' })).statusCode).toBe(200);
  });
});

describe('JSON bodies on admin forms', () => {
  it('refuses a JSON body on the thème form in French, without a 500', async () => {
    const response = await postJson(client, '/admin/themes/nouveau', { theme: 1 });
    expect(response.statusCode).toBe(415);
    expect(mainText(response.body)).toContain('formulaire');
  });

  it.each([
    ['/admin/organismes', { name: 'X', theme: 1 }],
    ['/admin/organismes', { toString: 1 }],
    ['/admin/themes/nouveau', { toString: 1 }],
    ['/admin/comptes/nouveau', { email: { toString: 1 } }],
  ])('refuses JSON on %s with 415', async (url, body) => {
    const response = await postJson(client, url, body);
    expect(response.statusCode).toBe(415);
  });

  it('refuses JSON on an organisation edit form, and the entry is unchanged', async () => {
    const response = await postJson(client, `/admin/organismes/${organisation.id}`, {
      name: { toString: 1 },
      version: 0,
    });
    expect(response.statusCode).toBe(415);
    const row = ctx.db.$client.prepare('select name from organisations where id = ?').get(organisation.id) as {
      name: string;
    };
    expect(row.name).toBe('Maison de l’Espoir');
  });
});

describe('urlencoded bodies with odd shapes', () => {
  it.each([
    ['a field named toString', { toString: '1', name: 'X' }],
    ['a field named __proto__', { __proto__: 'x', name: 'X' } as Record<string, string>],
    ['a repeated name', { name: ['A', 'B'] }],
    ['a repeated version', { name: 'A', version: ['1', '2'] }],
    ['a huge version', { name: 'A', version: '99999999999999999999' }],
  ])('answers %s on the organisation form with 422 or a redirect, never a 500', async (_name, form) => {
    const response = await client.post(`/admin/organismes/${organisation.id}`, form);
    expect(response.statusCode).toBeLessThan(500);
  });

  it('answers a repeated thème name with 422 and a French field error', async () => {
    const response = await client.post('/admin/themes/nouveau', { name: ['A', 'B'], color: '#1E5A44' });
    expect(response.statusCode).toBe(422);
    expect(mainText(response.body)).toContain('envoyé plusieurs fois');
  });
});

describe('anonymous login with a JSON body', () => {
  it('answers {"email":{"toString":1}} with a French 4xx, not a 500', async () => {
    const visitor = new Client(ctx.app);
    await visitor.get('/connexion');
    const response = await postJson(visitor, '/connexion', { email: { toString: 1 } });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});
