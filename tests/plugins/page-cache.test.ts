import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { openTestDatabase } from '../support/db.js';
import { Client } from '../support/auth.js';
import { compressionCount } from '../../src/lib/encoded-body.js';
import { MAX_VARIANTS_PER_PAGE } from '../../src/plugins/page-cache.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { daysAgoIso } from '../../src/lib/dates.js';
import { DAY_MS } from '../support/clock.js';
import { createUser, loginAs } from '../support/auth.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { mainText } from '../support/html.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

describe('public page cache', () => {
  it('renders a public page once per data version, and any write shows at once', async () => {
    const theme = createTheme(ctx.db);
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Premier organisme' }), theme);
    const url = `/themes/${theme.slug}`;
    const first = await ctx.app.inject({ url });
    ctx.queries.length = 0;
    const second = await ctx.app.inject({ url });
    expect(second.body).toBe(first.body);
    // Only the data-version check runs: no rendering query.
    expect(ctx.queries).toHaveLength(1);
    expect(second.headers['content-security-policy']).toBeDefined();
    expect(second.headers['cache-control']).toBe('no-cache');

    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Deuxième organisme' }), theme);
    expect(mainText((await ctx.app.inject({ url })).body)).toContain('Deuxième organisme');
  });

  it('renders again on a new day, when an entry may have become « à vérifier »', async () => {
    const theme = createTheme(ctx.db);
    linkTheme(
      ctx.db,
      createOrganisation(ctx.db, { name: 'Organisme vérifié', verifiedAt: daysAgoIso(365, ctx.clock()) }),
      theme,
    );
    const url = `/themes/${theme.slug}`;
    expect(mainText((await ctx.app.inject({ url })).body)).not.toContain('À vérifier');
    ctx.clock.advance(DAY_MS);
    expect(mainText((await ctx.app.inject({ url })).body)).toContain('À vérifier');
  });

  it('never caches for signed-in people, errors, or admin pages', async () => {
    const user = await createUser(ctx.db);
    const client = await loginAs(ctx.app, user);
    await ctx.app.inject({ url: '/' });
    const signedIn = await client.get('/');
    expect(signedIn.body).toContain('href="/admin"');
    expect((await ctx.app.inject({ url: '/' })).body).not.toContain('href="/admin"');
    expect((await ctx.app.inject({ url: '/themes/absent' })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/themes/absent' })).statusCode).toBe(404);
  });
});

describe('public page cache and ETags', () => {
  it('answers 304 to a cached page’s ETag, and a changed page gets a new ETag', async () => {
    const first = await ctx.app.inject({ url: '/' });
    const etag = String(first.headers.etag);
    const hit = await ctx.app.inject({ url: '/' });
    expect(hit.headers.etag).toBe(etag);
    expect((await ctx.app.inject({ url: '/', headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    createTheme(ctx.db, { name: 'Nouveau thème' });
    const changed = await ctx.app.inject({ url: '/', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });
});

describe('what changes the data version', () => {
  it('keeps a cached /arbre cached through an admin request, the sign-in page and sign-ins; a content edit renders it again', async () => {
    const theme = createTheme(ctx.db);
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Premier organisme' }), theme);
    expect((await ctx.app.inject({ url: '/arbre' })).headers['x-page-cache']).toBe('miss');
    expect((await ctx.app.inject({ url: '/arbre' })).headers['x-page-cache']).toBe('hit');

    const user = await createUser(ctx.db, { role: 'admin' });
    const client = await loginAs(ctx.app, user);
    expect((await client.get('/admin/organismes')).statusCode).toBe(200);
    await client.post('/deconnexion');
    const stranger = new Client(ctx.app);
    await stranger.get('/connexion');
    await stranger.post('/connexion', { email: user.email, password: 'pas le bon mot de passe' });
    expect((await ctx.app.inject({ url: '/connexion' })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/arbre' })).headers['x-page-cache']).toBe('hit');

    createOrganisation(ctx.db, { name: 'Deuxième organisme' });
    expect((await ctx.app.inject({ url: '/arbre' })).headers['x-page-cache']).toBe('miss');
  });

  it('sees content written by another process', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'page-cache-'));
    const file = path.join(dir, 'repertoire.db');
    const db = openTestDatabase(file);
    const app = await buildApp(testConfig(), { db });
    try {
      const theme = createTheme(db);
      const organisation = createOrganisation(db, { name: 'Nom avant' });
      linkTheme(db, organisation, theme);
      const url = `/organismes/${organisation.slug}`;
      expect(mainText((await app.inject({ url })).body)).toContain('Nom avant');
      expect((await app.inject({ url })).headers['x-page-cache']).toBe('hit');
      const other = new Database(file);
      other.prepare('UPDATE organisations SET name = ? WHERE id = ?').run('Nom après', organisation.id);
      other.close();
      const after = await app.inject({ url });
      expect(after.headers['x-page-cache']).toBe('miss');
      expect(mainText(after.body)).toContain('Nom après');
    } finally {
      await app.close();
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('organisation and thème pages have their own versions (decision 104)', () => {
  const cacheOf = async (url: string) => (await ctx.app.inject({ url })).headers['x-page-cache'];
  const sql = (text: string, ...params: unknown[]) => ctx.db.$client.prepare(text).run(...params);

  it('keeps other organisations’ pages cached when one entry, its people or its thèmes links change', async () => {
    const theme = createTheme(ctx.db, { name: 'Hébergement' });
    const edited = createOrganisation(ctx.db, { name: 'Organisme modifié' });
    const other = createOrganisation(ctx.db, { name: 'Autre organisme' });
    linkTheme(ctx.db, other, theme);
    const editedUrl = `/organismes/${edited.slug}`;
    const otherUrl = `/organismes/${other.slug}`;
    for (const url of [editedUrl, otherUrl, `/themes/${theme.slug}`]) await ctx.app.inject({ url });

    sql("UPDATE organisations SET phone = '418 555-0199' WHERE id = ?", edited.id);
    expect(await cacheOf(otherUrl)).toBe('hit');
    // The thème lists only the other organisation: its page stays cached too.
    expect(await cacheOf(`/themes/${theme.slug}`)).toBe('hit');
    const page = await ctx.app.inject({ url: editedUrl });
    expect(page.headers['x-page-cache']).toBe('miss');
    expect(mainText(page.body)).toContain('418 555-0199');

    createContact(ctx.db, edited, { name: 'Nouvelle Personne' });
    expect(await cacheOf(otherUrl)).toBe('hit');
    expect(mainText((await ctx.app.inject({ url: editedUrl })).body)).toContain('Nouvelle Personne');

    linkTheme(ctx.db, edited, theme);
    expect(await cacheOf(otherUrl)).toBe('hit');
    expect(mainText((await ctx.app.inject({ url: editedUrl })).body)).toContain('Hébergement');
  });

  it('keeps the pages of other thèmes cached when an entry of one thème, its people or its links change', async () => {
    const housing = createTheme(ctx.db, { name: 'Hébergement' });
    const health = createTheme(ctx.db, { name: 'Santé' });
    const shelter = createOrganisation(ctx.db, { name: 'Refuge' });
    const clinic = createOrganisation(ctx.db, { name: 'Clinique' });
    linkTheme(ctx.db, shelter, housing);
    linkTheme(ctx.db, clinic, health);
    const housingUrl = `/themes/${housing.slug}`;
    const healthUrl = `/themes/${health.slug}`;
    for (const url of [housingUrl, healthUrl]) await ctx.app.inject({ url });

    sql("UPDATE organisations SET phone = '418 555-0177' WHERE id = ?", shelter.id);
    expect(await cacheOf(healthUrl)).toBe('hit');
    expect(mainText((await ctx.app.inject({ url: housingUrl })).body)).toContain('418 555-0177');

    createContact(ctx.db, shelter, { name: 'Nouvelle Intervenante', isPrimary: true });
    expect(await cacheOf(healthUrl)).toBe('hit');
    expect(await cacheOf(housingUrl)).toBe('miss');

    linkTheme(ctx.db, shelter, health);
    expect(mainText((await ctx.app.inject({ url: healthUrl })).body)).toContain('Refuge');
    // A thème page lists its entries without their other thèmes: a new link elsewhere leaves it as it was.
    expect(await cacheOf(housingUrl)).toBe('hit');

    sql('DELETE FROM organisation_themes WHERE organisation_id = ? AND theme_id = ?', shelter.id, health.id);
    expect(mainText((await ctx.app.inject({ url: healthUrl })).body)).not.toContain('Refuge');
    expect(await cacheOf(housingUrl)).toBe('hit');

    sql("UPDATE organisations SET status = 'archived' WHERE id = ?", clinic.id);
    expect(mainText((await ctx.app.inject({ url: healthUrl })).body)).not.toContain('Clinique');

    sql("UPDATE themes SET name = 'Santé physique' WHERE id = ?", health.id);
    expect(await cacheOf(housingUrl)).toBe('miss');
  });

  it('renders every organisation page again when a thème or the site settings change', async () => {
    const theme = createTheme(ctx.db, { name: 'Hébergement' });
    const organisation = createOrganisation(ctx.db, { name: 'Organisme' });
    linkTheme(ctx.db, organisation, theme);
    const url = `/organismes/${organisation.slug}`;
    await ctx.app.inject({ url });
    expect(await cacheOf(url)).toBe('hit');
    sql("UPDATE themes SET name = 'Hébergement d’urgence' WHERE id = ?", theme.id);
    expect(mainText((await ctx.app.inject({ url })).body)).toContain('Hébergement d’urgence');
    sql("INSERT INTO site_meta (key, value) VALUES ('dataset', 'demo')");
    expect((await ctx.app.inject({ url })).body).toContain('Données de démonstration');
  });

  it('moves a person’s page version with both organisations when the person moves', async () => {
    const from = createOrganisation(ctx.db, { name: 'Départ' });
    const to = createOrganisation(ctx.db, { name: 'Arrivée' });
    const person = createContact(ctx.db, from, { name: 'Personne Mobile' });
    for (const org of [from, to]) await ctx.app.inject({ url: `/organismes/${org.slug}` });
    sql('UPDATE contacts SET organisation_id = ? WHERE id = ?', to.id, person.id);
    expect(mainText((await ctx.app.inject({ url: `/organismes/${from.slug}` })).body)).not.toContain('Personne Mobile');
    expect(mainText((await ctx.app.inject({ url: `/organismes/${to.slug}` })).body)).toContain('Personne Mobile');
  });
});

describe('a page larger than the cache’s byte bound', () => {
  it('stays cached until the next page is stored, instead of being rendered again for every request', async () => {
    const db = openTestDatabase();
    const app = await buildApp(testConfig(), { db, pageCacheMaxBytes: 4_000 });
    try {
      const theme = createTheme(db, { name: 'Hébergement' });
      for (let i = 0; i < 12; i++) {
        linkTheme(
          db,
          createOrganisation(db, { name: `Organisme ${i}`, summary: 'Hébergement et soutien. '.repeat(8) }),
          theme,
        );
      }
      const url = `/themes/${theme.slug}`;
      const first = await app.inject({ url });
      expect(first.body.length).toBeGreaterThan(4_000);
      expect(first.headers['x-page-cache']).toBe('miss');
      expect((await app.inject({ url })).headers['x-page-cache']).toBe('hit');
      // Another page stored makes room for itself: the big one, least recently used, goes.
      await app.inject({ url: '/organismes/organisme-0' });
      expect((await app.inject({ url })).headers['x-page-cache']).toBe('miss');
    } finally {
      await app.close();
      db.$client.close();
    }
  });
});

describe('a page asked for by many visitors at once', () => {
  it('is rendered once: the others wait for that render instead of rendering it too', async () => {
    const theme = createTheme(ctx.db);
    for (let i = 0; i < 30; i++) linkTheme(ctx.db, createOrganisation(ctx.db, { name: `Organisme ${i}` }), theme);
    for (const url of [`/themes/${theme.slug}`, '/arbre', '/organismes']) {
      await ctx.app.inject({ url });
      // A save: every page of the directory is stale; ten visitors arrive together.
      linkTheme(ctx.db, createOrganisation(ctx.db, { name: `Nouvel organisme ${url}` }), theme);
      const responses = await Promise.all(Array.from({ length: 10 }, () => ctx.app.inject({ url })));
      expect(responses.map((response) => response.headers['x-page-cache']).sort(), url).toEqual([
        ...Array<string>(9).fill('hit'),
        'miss',
      ]);
      expect(new Set(responses.map((response) => response.body)).size).toBe(1);
      expect(responses[0]!.body).toContain('Nouvel organisme');
    }
  });

  it('lets the waiting visitors render it themselves when that render fails', async () => {
    const url = '/themes/inconnu';
    const responses = await Promise.all(Array.from({ length: 3 }, () => ctx.app.inject({ url })));
    expect(responses.map((response) => response.statusCode)).toEqual([404, 404, 404]);
  });
});

describe('large pages in the cache', () => {
  it('are held compressed only, so that many fit under the byte bound, and still served whole to anyone', async () => {
    const db = openTestDatabase();
    const app = await buildApp(testConfig(), { db, pageCacheMaxBytes: 200_000 });
    try {
      const themes = ['Hébergement', 'Santé mentale', 'Dépendances'].map((name) => createTheme(db, { name }));
      for (let i = 0; i < 90; i++) {
        const organisation = createOrganisation(db, {
          name: `Organisme ${i}`,
          summary: `Hébergement et soutien numéro ${i}. `.repeat(8),
        });
        for (const theme of themes) linkTheme(db, organisation, theme);
      }
      const urls = themes.map((theme) => `/themes/${theme.slug}`);
      const browser = { 'accept-encoding': 'gzip, deflate, br' };
      const first = [];
      for (const url of urls) first.push(await app.inject({ url, headers: browser }));
      const html = first.map((response) => zlib.brotliDecompressSync(response.rawPayload).toString('utf8'));
      // Three pages whose HTML alone would overflow the bound…
      expect(html.reduce((total, page) => total + Buffer.byteLength(page), 0)).toBeGreaterThan(200_000);
      // …all stay cached, and a client that takes no compression gets the same page.
      for (const [index, url] of urls.entries()) {
        expect((await app.inject({ url, headers: browser })).headers['x-page-cache']).toBe('hit');
        const plain = await app.inject({ url });
        expect(plain.headers['x-page-cache']).toBe('hit');
        expect(plain.headers['content-encoding']).toBeUndefined();
        expect(plain.body).toBe(html[index]);
      }
    } finally {
      await app.close();
      db.$client.close();
    }
  });
});

describe('compression of cached pages', () => {
  const browser = { 'accept-encoding': 'gzip, deflate, br' };

  it('compresses a cached page once per encoding and sends the same bytes every time', async () => {
    const theme = createTheme(ctx.db);
    for (let i = 0; i < 20; i++) linkTheme(ctx.db, createOrganisation(ctx.db, { name: `Organisme ${i}` }), theme);
    const url = `/themes/${theme.slug}`;
    const before = compressionCount();
    const miss = await ctx.app.inject({ url, headers: browser });
    const hit = await ctx.app.inject({ url, headers: browser });
    const again = await ctx.app.inject({ url, headers: browser });
    expect([miss.headers['x-page-cache'], hit.headers['x-page-cache']]).toEqual(['miss', 'hit']);
    for (const response of [miss, hit, again]) {
      expect(response.headers['content-encoding']).toBe('br');
      expect(response.headers.vary).toMatch(/accept-encoding/i);
      expect(Number(response.headers['content-length'])).toBe(response.rawPayload.length);
    }
    expect(hit.rawPayload.equals(miss.rawPayload)).toBe(true);
    expect(again.rawPayload.equals(miss.rawPayload)).toBe(true);
    expect(compressionCount() - before).toBe(1);

    const plain = await ctx.app.inject({ url });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zlib.brotliDecompressSync(hit.rawPayload).toString()).toBe(plain.body);
    const gzip = await ctx.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gzip.rawPayload).toString()).toBe(plain.body);
    await ctx.app.inject({ url, headers: { 'accept-encoding': 'gzip' } });
    expect(compressionCount() - before).toBe(2);
    expect(plain.headers.etag).toBe(hit.headers.etag);
    const revalidated = await ctx.app.inject({
      url,
      headers: { ...browser, 'if-none-match': String(hit.headers.etag) },
    });
    expect(revalidated.statusCode).toBe(304);
  });

  it('serves static assets compressed once, with a year of caching', async () => {
    const home = await ctx.app.inject({ url: '/' });
    const css = /href="(\/assets\/[^"]+\/site\.css)"/.exec(home.body)![1]!;
    const before = compressionCount();
    const first = await ctx.app.inject({ url: css, headers: browser });
    const second = await ctx.app.inject({ url: css, headers: browser });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toMatch(/^text\/css/);
    expect(first.headers['content-encoding']).toBe('br');
    expect(first.headers.vary).toMatch(/accept-encoding/i);
    expect(first.headers['cache-control']).toMatch(/immutable/);
    expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
    expect(compressionCount() - before).toBe(1);
    expect((await ctx.app.inject({ url: css.replace('site.css', 'absent.css') })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: css.replace('site.css', '../../package.json') })).statusCode).toBe(404);
  });
});

describe('bounded variants of cached pages', () => {
  it('redirects unknown parameters, another order and a trailing slash to the one URL', async () => {
    const theme = createTheme(ctx.db);
    const cases: [string, string][] = [
      ['/arbre?x=1', '/arbre'],
      ['/arbre/?x=2', '/arbre'],
      ['/arbre?orientation=paysage&x=3&format=legal', '/arbre?format=legal&orientation=paysage'],
      ['/organismes?page=4&theme=', '/organismes?theme='],
      [`/themes/${theme.slug}?utm_source=courriel`, `/themes/${theme.slug}`],
      ['/?x=5', '/'],
    ];
    for (const [url, location] of cases) {
      const response = await ctx.app.inject({ url });
      expect([url, response.statusCode, response.headers.location]).toEqual([url, 301, location]);
    }
    const canonical = await ctx.app.inject({ url: '/arbre?format=legal&orientation=paysage' });
    expect(canonical.statusCode).toBe(200);
    // Encoding differences are the same URL: no redirect, one cache entry.
    expect((await ctx.app.inject({ url: '/arbre?format=L%C3%A9gal' })).statusCode).toBe(200);
    expect((await ctx.app.inject({ url: '/arbre?format=L%c3%a9gal' })).headers['x-page-cache']).toBe('hit');
    // Search is not a cached page: its parameters are its own business.
    expect((await ctx.app.inject({ url: '/recherche?q=aide&x=1' })).statusCode).toBe(200);
  });

  it('renders a new variant past the bound at most once per interval', async () => {
    for (let i = 0; i < MAX_VARIANTS_PER_PAGE; i++) {
      const response = await ctx.app.inject({ url: `/arbre?themes=inconnu-${i}` });
      expect(response.headers['x-page-cache']).toBe('miss');
    }
    expect((await ctx.app.inject({ url: '/arbre?themes=inconnu-0' })).headers['x-page-cache']).toBe('hit');
    expect((await ctx.app.inject({ url: '/arbre?themes=de-trop-1' })).statusCode).toBe(200);
    const refused = await ctx.app.inject({ url: '/arbre?themes=de-trop-2' });
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    // Pages already cached, and the plain page, still answer.
    expect((await ctx.app.inject({ url: '/arbre?themes=de-trop-1' })).headers['x-page-cache']).toBe('hit');
    expect((await ctx.app.inject({ url: '/arbre' })).statusCode).toBe(200);
  });
});
