import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/queries/seed.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { mainText, parseHtml } from '../support/html.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

describe('GET /', () => {
  it('shows the search box, every thème with its count of active organisations, and the links', async () => {
    const active = createTheme(ctx.db, { name: 'Hébergement', description: 'Besoin d’un toit : refuge, maison.' });
    const empty = createTheme(ctx.db, { name: 'Orientation sexuelle', description: '' });
    linkTheme(ctx.db, createOrganisation(ctx.db), active);
    linkTheme(ctx.db, createOrganisation(ctx.db), active);
    linkTheme(ctx.db, createOrganisation(ctx.db, { status: 'archived' }), active);

    const response = await ctx.app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    const doc = parseHtml(response.body);
    const form = doc.querySelector('main form[role="search"]');
    expect(form?.getAttribute('action')).toBe('/recherche');
    expect(form?.querySelector('input[name="q"]')).not.toBeNull();
    const cards = doc.querySelectorAll('.theme-card').map((card) => card.textContent.replace(/\s+/g, ' ').trim());
    // Each card says in a few plain words what the thème covers (its description's lead).
    expect(cards).toEqual(['Hébergement Besoin d’un toit 2 organismes', 'Orientation sexuelle Aucun organisme']);
    expect(doc.querySelector(`a[href="/themes/${empty.slug}"]`)).not.toBeNull();
    expect(doc.querySelector('main a[href="/arbre"]')).not.toBeNull();
    expect(doc.querySelector('main a[href="/organismes"]')).not.toBeNull();
  });

  it('shows the date of the latest change in French', async () => {
    const org = createOrganisation(ctx.db);
    ctx.db.$client
      .prepare('update organisations set updated_at = ? where id = ?')
      .run('2026-03-01T15:00:00.000Z', org.id);
    ctx.db.$client.prepare('update themes set updated_at = ?').run('2025-01-01T00:00:00.000Z');
    const text = mainText((await ctx.app.inject({ url: '/' })).body);
    expect(text).toContain('Répertoire mis à jour le 1er mars 2026.');
  });

  it('shows the demonstration notice only while demo data is loaded', async () => {
    expect((await ctx.app.inject({ url: '/' })).body).not.toContain('Données de démonstration');
    seedDatabase(ctx.db, 'demo');
    for (const url of ['/', '/organismes', '/themes/sante-mentale', '/page-inexistante']) {
      expect((await ctx.app.inject({ url })).body).toContain('Données de démonstration');
    }
  });

  it('works on an empty database', async () => {
    const response = await ctx.app.inject({ url: '/' });
    expect(response.statusCode).toBe(200);
    expect(mainText(response.body)).toContain('Aucun thème n’est encore défini.');
  });
});
