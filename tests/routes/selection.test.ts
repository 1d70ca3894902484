import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { organisations } from '../../src/db/schema.js';
import { MAX_SELECTION } from '../../src/lib/selection.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { Client } from '../support/auth.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { mainText as rawMainText, parseHtml } from '../support/html.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

const SAME_SITE = { 'sec-fetch-site': 'same-origin' };
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const browser = () => new Client(ctx.app, { headers: SAME_SITE });
const names = (html: string) =>
  parseHtml(html)
    .querySelectorAll('.selection-item .selection-name a')
    .map((a) => a.textContent);
// No-break spaces (French typography) compare as spaces.
const mainText = (html: string) => rawMainText(html).replace(/\u00a0/g, ' ');
const cookieOf = (client: Client) => client.cookies.get('selection') ?? '';

describe('« Ajouter à ma sélection » without JavaScript', () => {
  it('is a plain form on every card, and the add comes back to the page at the card', async () => {
    const theme = createTheme(ctx.db, { slug: 'logement' });
    const first = createOrganisation(ctx.db, { name: 'Accueil logement' });
    linkTheme(ctx.db, first, theme);
    for (const url of ['/themes/logement', '/organismes', `/organismes/${first.slug}`, '/recherche?q=accueil']) {
      const form = parseHtml((await ctx.app.inject({ url })).body).querySelector(
        `form[action="/ma-selection/ajouter"][data-selection-id="${first.id}"]`,
      );
      expect(form, url).not.toBeNull();
      expect(form!.querySelector('input[name="retour"]')!.getAttribute('value')).toBe(url);
      expect(form!.querySelector('input[name="_csrf"]')).toBeNull();
    }

    const client = browser();
    const added = await client.post('/ma-selection/ajouter', { id: String(first.id), retour: '/themes/logement' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/themes/logement#selection-${first.id}`);
    expect(cookieOf(client)).toMatch(new RegExp(`^${first.id}\\.`));
    const page = await client.get('/ma-selection');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(names(page.body)).toEqual(['Accueil logement']);
    expect(parseHtml(page.body).querySelector('[data-selection-count]')!.textContent).toBe(' (1)');
  });

  it('adds, reorders, removes and empties, each time coming back with a redirect', async () => {
    const [a, b, c] = ['Alpha', 'Bravo', 'Charlie'].map((name) => createOrganisation(ctx.db, { name }));
    const client = browser();
    for (const o of [a!, b!, c!]) await client.post('/ma-selection/ajouter', { id: String(o.id), retour: '/' });
    // Twice is once.
    await client.post('/ma-selection/ajouter', { id: String(a!.id), retour: '/' });
    expect(names((await client.get('/ma-selection')).body)).toEqual(['Alpha', 'Bravo', 'Charlie']);

    const moved = await client.post('/ma-selection/deplacer', { id: String(c!.id), sens: 'haut' });
    expect(moved.headers.location).toBe(`/ma-selection#element-${c!.id}`);
    await client.post('/ma-selection/deplacer', { id: String(a!.id), sens: 'bas' });
    // Already first: nothing moves.
    await client.post('/ma-selection/deplacer', { id: String(c!.id), sens: 'haut' });
    expect(names((await client.get('/ma-selection')).body)).toEqual(['Charlie', 'Alpha', 'Bravo']);

    const removed = await client.post('/ma-selection/retirer', { id: String(c!.id), retour: '/ma-selection' });
    expect(removed.headers.location).toBe('/ma-selection');
    expect(names((await client.get('/ma-selection')).body)).toEqual(['Alpha', 'Bravo']);

    const emptied = await client.post('/ma-selection/vider');
    expect(emptied.headers.location).toBe('/ma-selection?message=videe');
    expect(client.cookies.has('selection')).toBe(false);
    expect(mainText((await client.get('/ma-selection?message=videe')).body)).toContain('Votre sélection est vide');
    for (const message of ['constructor', '__proto__', 'toString', '<b>']) {
      const odd = await client.get(`/ma-selection?message=${message}`);
      expect(odd.statusCode).toBe(200);
      expect(parseHtml(odd.body).querySelector('.flash')).toBeNull();
    }
  });

  it(`holds at most ${MAX_SELECTION} and says so in French beyond`, async () => {
    const client = browser();
    const all = Array.from({ length: MAX_SELECTION + 1 }, () => createOrganisation(ctx.db));
    for (const o of all.slice(0, MAX_SELECTION)) await client.post('/ma-selection/ajouter', { id: String(o.id) });
    const refused = await client.post('/ma-selection/ajouter', { id: String(all.at(-1)!.id), retour: '/' });
    expect(refused.statusCode).toBe(303);
    expect(refused.headers.location).toBe('/ma-selection?message=pleine');
    const page = await client.get(refused.headers.location as string);
    expect(mainText(page.body)).toContain(`Votre sélection compte déjà ${MAX_SELECTION} organismes, le maximum`);
    expect(names(page.body)).toHaveLength(MAX_SELECTION);
    expect(mainText(page.body)).toContain('s’imprimera sur 2 feuilles');

    const json = await ctx.app.inject({
      method: 'POST',
      url: '/ma-selection/ajouter',
      headers: { ...SAME_SITE, ...FORM, accept: 'application/json', cookie: client.cookieHeader() },
      payload: `id=${all.at(-1)!.id}`,
    });
    expect(json.statusCode).toBe(409);
    expect(json.json()).toMatchObject({ count: MAX_SELECTION, message: expect.stringContaining('maximum') });
  });

  it('answers site.js in JSON instead of redirecting', async () => {
    const o = createOrganisation(ctx.db);
    const response = await ctx.app.inject({
      method: 'POST',
      url: '/ma-selection/ajouter',
      headers: { ...SAME_SITE, ...FORM, accept: 'application/json' },
      payload: `id=${o.id}&retour=%2F`,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ ids: [o.id], count: 1, max: MAX_SELECTION, message: null });
  });

  it('never goes back to another site after the add', async () => {
    const o = createOrganisation(ctx.db);
    const client = browser();
    for (const retour of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      '/a\r\nb',
    ]) {
      const response = await client.post('/ma-selection/ajouter', { id: String(o.id), retour });
      expect(response.headers.location, retour).toBe(`/ma-selection#selection-${o.id}`);
    }
  });
});

describe('what the cookie may hold', () => {
  it('ignores a tampered cookie, and unknown, archived or garbage ids', async () => {
    const [a, b] = [createOrganisation(ctx.db, { name: 'Alpha' }), createOrganisation(ctx.db, { name: 'Bravo' })];
    const client = browser();
    await client.post('/ma-selection/ajouter', { id: String(a.id) });
    const signed = cookieOf(client);
    const forged = signed.replace(/^\d+/, `${a.id}-${b.id}`);
    const tampered = await ctx.app.inject({ url: '/ma-selection', headers: { cookie: `selection=${forged}` } });
    expect(names(tampered.body)).toEqual([]);
    const unsigned = await ctx.app.inject({ url: '/ma-selection', headers: { cookie: `selection=${a.id}-${b.id}` } });
    expect(names(unsigned.body)).toEqual([]);

    await client.post('/ma-selection/ajouter', { id: String(b.id) });
    ctx.db.update(organisations).set({ status: 'archived' }).where(eq(organisations.id, a.id)).run();
    const page = await client.get('/ma-selection');
    expect(names(page.body)).toEqual(['Bravo']);
    // The cookie is rewritten without the archived one.
    expect(cookieOf(client)).toMatch(new RegExp(`^${b.id}\\.`));

    for (const id of ['99999', '0', '-1', '1e3', 'abc', '']) {
      const response = await client.post('/ma-selection/ajouter', { id });
      expect([303, 400], id).toContain(response.statusCode);
    }
    expect(names((await client.get('/ma-selection')).body)).toEqual(['Bravo']);
  });
});

describe('cross-site requests', () => {
  it('refuses a change posted from another site, or with no sign of where it comes from', async () => {
    const o = createOrganisation(ctx.db);
    const cases: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/page' },
      {},
    ];
    for (const headers of cases) {
      const client = new Client(ctx.app, { headers });
      for (const url of ['/ma-selection/ajouter', '/ma-selection/vider', '/ma-selection/importer']) {
        const response = await client.post(url, { id: String(o.id), ids: String(o.id) });
        expect(response.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(403);
        expect(client.cookies.has('selection')).toBe(false);
      }
    }
    // A browser without Sec-Fetch-Site still sends its Origin: this site's own is accepted.
    const older = new Client(ctx.app, { headers: { origin: 'http://localhost:80' } });
    expect((await older.post('/ma-selection/ajouter', { id: String(o.id) })).statusCode).toBe(303);
  });
});

describe('cached public pages', () => {
  it('stay cached and identical for everyone after an add: no count, no token, no per-visitor state', async () => {
    const theme = createTheme(ctx.db, { slug: 'aide' });
    const o = createOrganisation(ctx.db, { name: 'Aide alimentaire' });
    linkTheme(ctx.db, o, theme);
    const urls = ['/', '/themes/aide', '/organismes', `/organismes/${o.slug}`];
    const before = new Map<string, string>();
    for (const url of urls) before.set(url, (await ctx.app.inject({ url })).body);

    const client = browser();
    await client.post('/ma-selection/ajouter', { id: String(o.id), retour: '/themes/aide' });
    for (const url of urls) {
      const response = await client.get(url);
      expect(response.headers['x-page-cache'], url).toBe('hit');
      expect(response.body, url).toBe(before.get(url));
      expect(response.headers['set-cookie'], url).toBeUndefined();
      const doc = parseHtml(response.body);
      expect(doc.querySelector('[data-selection-count]')!.textContent, url).toBe('');
      expect(doc.querySelector('input[name="_csrf"]'), url).toBeNull();
    }
  });
});

describe('the share link', () => {
  it('shows the shared list, imports it on a click, and drops garbage ids', async () => {
    const [a, b] = [createOrganisation(ctx.db, { name: 'Alpha' }), createOrganisation(ctx.db, { name: 'Bravo' })];
    const client = browser();
    await client.post('/ma-selection/ajouter', { id: String(a.id) });
    await client.post('/ma-selection/ajouter', { id: String(b.id) });
    const mine = parseHtml((await client.get('/ma-selection')).body);
    const url = mine.querySelector('#lien-partage')!.getAttribute('value')!;
    expect(url).toBe(`http://localhost:80/ma-selection?ids=${a.id},${b.id}`);

    const other = browser();
    const path = `/ma-selection?ids=${b.id},${a.id},${b.id},x,99999,<script>`;
    const shared = await other.get(path);
    expect(shared.statusCode).toBe(200);
    expect(other.cookies.has('selection')).toBe(false);
    const doc = parseHtml(shared.body);
    expect(doc.querySelectorAll('.selection-shared-list a').map((l) => l.textContent)).toEqual(['Bravo', 'Alpha']);
    const ids = doc.querySelector('form[action="/ma-selection/importer"] input[name="ids"]')!.getAttribute('value')!;
    const imported = await other.post('/ma-selection/importer', { ids });
    expect(imported.headers.location).toBe('/ma-selection?message=importee');
    expect(names((await other.get('/ma-selection')).body)).toEqual(['Bravo', 'Alpha']);

    const garbage = await other.get('/ma-selection?ids=abc,-4,0');
    expect(mainText(garbage.body)).toContain('Ce lien ne contient aucun organisme du répertoire');
    const tooLong = await other.post('/ma-selection/importer', { ids: '1,'.repeat(150) });
    expect(tooLong.statusCode).toBe(400);
  });
});

describe('the fiche de référence', () => {
  it('prints name, summary, phone, address, hours, the chosen person and the note; the note stays off the URL', async () => {
    const o = createOrganisation(ctx.db, {
      name: 'Centre de femmes',
      summary: 'Écoute et accompagnement pour les femmes.',
      phone: '4185550123',
      phoneExtension: '12',
      address: '12, rue de la Cathédrale',
      city: 'Rimouski',
      postalCode: 'G5L 5J1',
      hours: 'Lundi au vendredi, 9 h à 16 h',
    });
    const person = createContact(ctx.db, o, { name: 'Julie Roy', role: 'Intervenante' });
    const client = browser();
    await client.post('/ma-selection/ajouter', { id: String(o.id) });
    const selection = parseHtml((await client.get('/ma-selection')).body);
    expect(selection.querySelector(`select[name="personne-${o.id}"][form="fiche"]`)).not.toBeNull();
    expect(selection.querySelector('form#fiche')!.getAttribute('method')).toBe('post');

    const fiche = await client.post('/ma-selection/fiche', {
      format: 'lettre',
      [`personne-${o.id}`]: String(person.id),
      [`note-${o.id}`]: 'Dis que tu viens de la part de Marc.',
    });
    expect(fiche.statusCode).toBe(200);
    expect(fiche.headers['cache-control']).toBe('no-store');
    const text = mainText(fiche.body);
    for (const words of [
      'Centre de femmes',
      'Ce qu’ils peuvent faire pour vous : Écoute et accompagnement pour les femmes.',
      '418 555-0123, poste 12',
      '12, rue de la Cathédrale, Rimouski G5L 5J1',
      'Lundi au vendredi, 9 h à 16 h',
      'Demandez à parler à : Julie Roy, Intervenante',
      'Dis que tu viens de la part de Marc.',
      'Préparée le 22 novembre 2026',
    ]) {
      expect(text).toContain(words);
    }
    expect(parseHtml(fiche.body).querySelector('.fiche-qr svg')).not.toBeNull();

    // By GET (a bookmark) no note is read, and a person of another organisation is never printed.
    const other = createContact(ctx.db, createOrganisation(ctx.db), { name: 'Autre Personne' });
    const plain = await client.get(`/ma-selection/fiche?note-${o.id}=secret&personne-${o.id}=${other.id}`);
    expect(mainText(plain.body)).not.toContain('secret');
    expect(mainText(plain.body)).not.toContain('Autre Personne');
  });

  it('shows the demo notice when the demo data is loaded', async () => {
    const { seedDatabase } = await import('../../src/queries/seed.js');
    seedDatabase(ctx.db, 'demo');
    const id = ctx.db
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.status, 'active'))
      .get()!.id;
    const client = browser();
    await client.post('/ma-selection/ajouter', { id: String(id) });
    expect(mainText((await client.get('/ma-selection/fiche')).body)).toContain('Données de démonstration');
  });
});

describe('over HTTPS', () => {
  it('uses a __Host- cookie, Secure, and accepts the Origin of PUBLIC_URL', async () => {
    const https = await buildTestApp({ publicUrl: 'https://repertoire.example.org' });
    try {
      const o = createOrganisation(https.db);
      const response = await https.app.inject({
        method: 'POST',
        url: '/ma-selection/ajouter',
        headers: { ...FORM, origin: 'https://repertoire.example.org' },
        payload: `id=${o.id}`,
      });
      expect(response.statusCode).toBe(303);
      const cookie = String(response.headers['set-cookie']);
      expect(cookie).toMatch(/^__Host-selection=\d+\./);
      expect(cookie).toMatch(/; Secure/);
      expect(cookie).toMatch(/; SameSite=Lax/);
      expect(cookie).not.toMatch(/HttpOnly/);
    } finally {
      await https.app.close();
    }
  });
});
