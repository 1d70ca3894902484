import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/queries/seed.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { mainText, parseHtml } from '../support/html.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
  seedDatabase(ctx.db, 'demo');
});
afterEach(() => ctx.app.close());

const namesServing = (territory: string) =>
  (
    ctx.db.$client
      .prepare("select name from organisations where status = 'active' and territory = ?")
      .all(territory) as {
      name: string;
    }[]
  ).map((row) => row.name);

describe('/arbre for one territory', () => {
  it('prints the services of a municipality and of what covers it, not those of other municipalities', async () => {
    const response = await ctx.app.inject({ url: '/arbre?territoire=Saint-Fabien' });
    expect(response.statusCode).toBe(200);
    const text = mainText(response.body).replace(/\s+/g, ' ');
    expect(text).toContain('Territoire : Saint-Fabien');
    const all = mainText((await ctx.app.inject({ url: '/arbre' })).body);
    const page = text;
    for (const name of namesServing('Saint-Fabien et Le Bic')) expect(page).toContain(name);
    for (const name of namesServing('MRC de Rimouski-Neigette').slice(0, 3)) expect(page).toContain(name);
    for (const name of namesServing('Esprit-Saint et La Trinité-des-Monts')) {
      expect(all).toContain(name);
      expect(page).not.toContain(name);
    }
    for (const name of namesServing('Ville de Rimouski')) expect(page).not.toContain(name);
  });

  it('keeps the territory in the options form and the canonical address', async () => {
    const html = parseHtml((await ctx.app.inject({ url: '/arbre?format=legal&territoire=Saint-Fabien' })).body);
    const chosen = html
      .querySelectorAll('#arbre-territoire option')
      .filter((option) => option.hasAttribute('selected'));
    expect(chosen.map((option) => option.getAttribute('value'))).toEqual(['Saint-Fabien']);
    const odd = await ctx.app.inject({ url: '/arbre?territoire=Saint-Fabien&x=1' });
    expect(odd.statusCode).toBe(301);
    expect(odd.headers.location).toBe('/arbre?territoire=Saint-Fabien');
  });

  it('says so when no organisation serves the territory asked for', async () => {
    const text = mainText((await ctx.app.inject({ url: '/arbre?territoire=Atlantide' })).body);
    expect(text).toContain('Aucun organisme inscrit ne dessert « Atlantide »');
  });
});
