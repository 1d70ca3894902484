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

const idOf = (name: string) =>
  ctx.db.$client.prepare('SELECT id FROM territories WHERE name = ?').pluck().get(name) as number | undefined;

describe('admin: editing the hierarchy', () => {
  it('adds a municipality under an MRC, and the MRC filter then finds its organisations', async () => {
    createOrganisation(ctx.db, { name: 'Popote du Lac', territory: 'Lac-des-Aigles' });
    expect(await found('MRC de Rimouski-Neigette')).toEqual([]);
    const form = await admin.get('/admin/territoires/nouveau');
    expect(form.statusCode).toBe(200);
    const mrc = idOf('MRC de Rimouski-Neigette')!;
    const response = await admin.post('/admin/territoires/nouveau', {
      name: 'Lac-des-Aigles',
      kind: 'municipalite',
      parentId: String(mrc),
      aliases: 'Lac des Aigles\n',
    });
    expect(response.statusCode).toBe(303);
    expect(
      ctx.db.$client
        .prepare("SELECT kind, parent_id AS parentId, aliases FROM territories WHERE name = 'Lac-des-Aigles'")
        .get(),
    ).toEqual({
      kind: 'municipalite',
      parentId: mrc,
      aliases: 'Lac des Aigles',
    });
    expect(await found('MRC de Rimouski-Neigette')).toEqual(['Popote du Lac']);
  });

  it('renames a territory and keeps the old name recognised on the organisations that wrote it', async () => {
    createOrganisation(ctx.db, { name: 'Halte de Saint-Fabien', territory: 'Saint-Fabien' });
    const fabien = idOf('Saint-Fabien');
    expect(fabien).toBeDefined();
    const page = await admin.get(`/admin/territoires/${fabien}`);
    expect(page.statusCode).toBe(200);
    const before = ctx.db.$client
      .prepare('SELECT name, kind, parent_id AS parentId FROM territories WHERE id = ?')
      .get(fabien) as {
      name: string;
      kind: string;
      parentId: number | null;
    };
    const response = await admin.post(`/admin/territoires/${fabien}`, {
      name: 'Municipalité de Saint-Fabien',
      kind: before.kind,
      parentId: String(before.parentId ?? ''),
      aliases: '',
    });
    expect(response.statusCode).toBe(303);
    expect(idOf('Municipalité de Saint-Fabien')).toBe(fabien);
    expect(await found('Municipalité de Saint-Fabien')).toEqual(['Halte de Saint-Fabien']);
    expect(mainText((await admin.get('/admin/territoires')).body)).toContain(
      'Saint-Fabien s’appelle maintenant Municipalité de Saint-Fabien',
    );
  });

  it('refuses a taken name, a region inside something, a municipality without MRC, with values kept (422)', async () => {
    const mrc = String(idOf('MRC de Rimouski-Neigette'));
    const cases: [Record<string, string>, string][] = [
      [{ name: 'ville de rimouski', kind: 'municipalite', parentId: mrc }, 'Un territoire porte déjà ce nom.'],
      [{ name: 'Gaspésie', kind: 'region', parentId: mrc }, 'Une région n’est contenue dans aucun territoire.'],
      [
        { name: 'Saint-Nulle-Part', kind: 'municipalite', parentId: '' },
        'Choisissez la MRC qui contient cette municipalité.',
      ],
      [
        { name: 'Saint-Ailleurs', kind: 'mrc', parentId: mrc },
        'Choisissez un territoire de la liste qui peut contenir celui-ci.',
      ],
      [{ name: '', kind: 'municipalite', parentId: mrc }, 'Indiquez le nom du territoire.'],
    ];
    for (const [values, message] of cases) {
      const response = await admin.post('/admin/territoires/nouveau', { aliases: 'Écriture gardée', ...values });
      expect(response.statusCode).toBe(422);
      expect(mainText(response.body)).toContain(message);
      expect(response.body).toContain('Écriture gardée');
    }
  });

  it('removes a territory that contains none, never one that does', async () => {
    const mrc = idOf('MRC de Rimouski-Neigette')!;
    const refused = await admin.post(`/admin/territoires/${mrc}/supprimer`, {});
    expect(refused.statusCode).toBe(303);
    expect(idOf('MRC de Rimouski-Neigette')).toBe(mrc);
    const leaf = ctx.db.$client
      .prepare("SELECT id FROM territories WHERE kind = 'municipalite' ORDER BY id LIMIT 1")
      .pluck()
      .get() as number;
    expect((await admin.post(`/admin/territoires/${leaf}/supprimer`, {})).statusCode).toBe(303);
    expect(ctx.db.$client.prepare('SELECT count(*) FROM territories WHERE id = ?').pluck().get(leaf)).toBe(0);
    expect((await admin.get('/admin/territoires/999999')).statusCode).toBe(404);
  });
});
