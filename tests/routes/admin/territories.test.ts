import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../../src/queries/seed.js';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { Client, createUser, loginAs } from '../../support/auth.js';
import { createOrganisation } from '../../support/factories.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let admin: Client;

beforeEach(async () => {
  ctx = await buildTestApp();
  seedDatabase(ctx.db, 'themes');
  admin = await loginAs(ctx.app, await createUser(ctx.db, { role: 'admin' }));
});
afterEach(async () => {
  await ctx.app.close();
});

const found = async (territory: string) =>
  parseHtml((await ctx.app.inject({ url: `/recherche?territoire=${encodeURIComponent(territory)}` })).body)
    .querySelectorAll('.result-title a')
    .map((a) => a.textContent.trim());

describe('admin: territories', () => {
  it('lists the texts the filter cannot read; « Rattacher » makes one an alias the filter follows', async () => {
    createOrganisation(ctx.db, { name: 'Popote Nazareth', territory: 'Quartier Nazareth' });
    createOrganisation(ctx.db, { name: 'Service régional', territory: 'Bas-Saint-Laurent' });
    expect(await found('Ville de Rimouski')).toEqual(['Service régional']);

    const page = await admin.get('/admin/territoires');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('Quartier Nazareth (1 organisme)');
    expect(text).toContain('MRC de Rimouski-Neigette');
    const rimouski = (
      ctx.db.$client.prepare("SELECT id FROM territories WHERE name = 'Ville de Rimouski'").get() as {
        id: number;
      }
    ).id;
    const response = await admin.post('/admin/territoires/alias', {
      text: 'Quartier Nazareth',
      territoryId: String(rimouski),
    });
    expect(response.statusCode).toBe(303);
    expect((await found('Ville de Rimouski')).sort()).toEqual(['Popote Nazareth', 'Service régional']);
    expect(mainText((await admin.get('/admin/territoires')).body)).toContain(
      'Tous les territoires inscrits sur les fiches actives sont reconnus.',
    );
  });

  it('answers 422 for a bad choice and 403 to an editor', async () => {
    await admin.get('/admin/territoires');
    expect((await admin.post('/admin/territoires/alias', { text: 'X', territoryId: 'abc' })).statusCode).toBe(422);
    expect((await admin.post('/admin/territoires/alias', { text: 'X', territoryId: '99999' })).statusCode).toBe(422);
    const editor = await loginAs(ctx.app, await createUser(ctx.db, { role: 'editeur' }));
    expect((await editor.get('/admin/territoires')).statusCode).toBe(403);
  });
});
