import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { seedDatabase } from '../../src/queries/seed.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { mainText, parseHtml } from '../support/html.js';
import { openTestDatabase } from '../support/db.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
  seedDatabase(ctx.db, 'demo');
});
afterEach(async () => {
  await ctx.app.close();
});

describe('HTTP', () => {
  it('sends security headers with a strict CSP', async () => {
    const response = await ctx.app.inject({ url: '/' });
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(response.headers['x-frame-options']).toBe('DENY');
  });

  it('sends HSTS only when the public address is https', async () => {
    expect((await ctx.app.inject({ url: '/' })).headers['strict-transport-security']).toBeUndefined();
    for (const [publicUrl, expected] of [
      ['http://repertoire.example.org', undefined],
      ['https://repertoire.example.org', 'max-age=31536000; includeSubDomains'],
    ] as const) {
      const other = await buildTestApp({ publicUrl });
      const response = await other.app.inject({ url: '/', headers: { 'x-forwarded-proto': 'https' } });
      expect(response.headers['strict-transport-security'], publicUrl).toBe(expected);
      await other.app.close();
    }
  });

  it('serves HTML as UTF-8, compressed, revalidated with an ETag', async () => {
    const first = await ctx.app.inject({ url: '/themes/sante-mentale', headers: { 'accept-encoding': 'gzip' } });
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers['cache-control']).toBe('no-cache');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^W\/"/);
    const second = await ctx.app.inject({ url: '/themes/sante-mentale', headers: { 'if-none-match': etag } });
    expect(second.statusCode).toBe(304);
    expect(second.body).toBe('');
  });

  it('caches versioned static assets for a year and links them from every page', async () => {
    const page = await ctx.app.inject({ url: '/' });
    const href = parseHtml(page.body).querySelector('link[rel="stylesheet"]')?.getAttribute('href') ?? '';
    expect(href).toMatch(/^\/assets\/[0-9a-f]{10}\/site\.css$/);
    const css = await ctx.app.inject({ url: href });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('renders every page with lang="fr-CA", a skip link and a single h1', async () => {
    for (const url of [
      '/',
      '/organismes',
      '/themes/hebergement',
      '/organismes/carrefour-jeunesse-emploi-du-fleuve',
      '/nope',
    ]) {
      const doc = parseHtml((await ctx.app.inject({ url })).body);
      expect(doc.querySelector('html')?.getAttribute('lang'), url).toBe('fr-CA');
      expect(doc.querySelector('a.skip-link')?.getAttribute('href'), url).toBe('#contenu');
      expect(doc.querySelector('main#contenu'), url).not.toBeNull();
      expect(doc.querySelectorAll('h1').length, url).toBe(1);
    }
  });

  it('answers /healthz with 200 when the database answers', async () => {
    const response = await ctx.app.inject({ url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok' });
  });
});

describe('error pages', () => {
  it('renders a French 404 page', async () => {
    const response = await ctx.app.inject({ url: '/nulle-part' });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(mainText(response.body)).toContain('La page demandée n’existe pas');
  });

  it('renders a French 500 page without internals, and /healthz fails when the database is gone', async () => {
    const db = openTestDatabase();
    const app = await buildApp(testConfig(), { db });
    app.get('/boom', async () => {
      throw new Error('secret internal detail: SELECT * FROM users');
    });
    await app.ready();
    const response = await app.inject({ url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(mainText(response.body)).toContain('Une erreur est survenue');
    expect(response.body).not.toContain('secret internal detail');
    db.$client.close();
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(500);
    await app.close();
  });
});
