import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../support/app.js';
import { daysAgoIso } from '../../src/lib/dates.js';
import { DAY_MS } from '../support/clock.js';
import { createUser, loginAs } from '../support/auth.js';
import { createOrganisation, createTheme, linkTheme } from '../support/factories.js';
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
