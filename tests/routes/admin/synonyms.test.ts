import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestContext } from '../../support/app.js';
import { Client, createUser, loginAs } from '../../support/auth.js';
import { createOrganisation } from '../../support/factories.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let admin: Client;

beforeEach(async () => {
  ctx = await buildTestApp();
  admin = await loginAs(ctx.app, await createUser(ctx.db, { role: 'admin' }));
});
afterEach(async () => {
  await ctx.app.close();
});

const titles = async (q: string) =>
  parseHtml((await ctx.app.inject({ url: `/recherche?q=${encodeURIComponent(q)}` })).body)
    .querySelectorAll('.search-results-section .result-title a')
    .map((a) => a.textContent.trim());
const rows = () => ctx.db.$client.prepare('SELECT word, equivalents FROM search_synonyms ORDER BY word').all();

describe('admin: search synonyms', () => {
  it('adds a word, applied by the next search without rebuilding the index', async () => {
    createOrganisation(ctx.db, { name: 'Clinique Horizon', description: 'Anxiété et santé mentale.' });
    expect(await titles('anxieux')).toEqual([]);
    await admin.get('/admin/synonymes');
    const indexed = ctx.db.$client.prepare('SELECT count(*) AS n FROM organisations_fts').get();
    const response = await admin.post('/admin/synonymes', {
      word: 'Anxieux',
      equivalents: 'anxiété\r\nsanté mentale\n',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/synonymes');
    expect(rows()).toEqual([{ word: 'anxieux', equivalents: 'anxiété\nsanté mentale' }]);
    expect(ctx.db.$client.prepare('SELECT count(*) AS n FROM organisations_fts').get()).toEqual(indexed);
    expect(await titles('anxieux')).toEqual(['Clinique Horizon']);
    const list = mainText((await admin.get('/admin/synonymes')).body);
    expect(list).toContain('anxiété, santé mentale');
  });

  it.each([
    [{ word: '', equivalents: 'x' }, 'word', 'Indiquez le mot tapé dans la recherche.'],
    [{ word: 'deux mots', equivalents: 'x' }, 'word', 'Un seul mot'],
    [{ word: 'vih', equivalents: ' \n ' }, 'equivalents', 'Indiquez au moins un équivalent'],
    [{ word: 'vih', equivalents: 'y'.repeat(61) }, 'equivalents', 'dépasse 60 caractères'],
  ])('re-renders %j with a French error and status 422', async (form, field, message) => {
    await admin.get('/admin/synonymes');
    const response = await admin.post('/admin/synonymes', form);
    expect(response.statusCode).toBe(422);
    const doc = parseHtml(response.body);
    expect(doc.querySelector(`#champ-${field}-erreur`)?.textContent).toContain(message);
    expect(doc.querySelector('#champ-equivalents')?.textContent).toBe(form.equivalents);
    expect(rows()).toEqual([]);
  });

  it('refuses a word already listed, edits and removes an entry', async () => {
    await admin.get('/admin/synonymes');
    await admin.post('/admin/synonymes', { word: 'vih', equivalents: 'ITSS' });
    await admin.get('/admin/synonymes');
    expect((await admin.post('/admin/synonymes', { word: 'VIH', equivalents: 'sida' })).statusCode).toBe(422);
    const id = (ctx.db.$client.prepare('SELECT id FROM search_synonyms').get() as { id: number }).id;
    await admin.get(`/admin/synonymes/${id}`);
    expect(
      (await admin.post(`/admin/synonymes/${id}`, { word: 'vih', equivalents: 'ITSS\nsanté sexuelle' })).statusCode,
    ).toBe(303);
    expect(rows()).toEqual([{ word: 'vih', equivalents: 'ITSS\nsanté sexuelle' }]);
    await admin.get(`/admin/synonymes/${id}`);
    expect((await admin.post(`/admin/synonymes/${id}/supprimer`)).statusCode).toBe(303);
    expect(rows()).toEqual([]);
  });

  it('is for administrators only, and every form carries the CSRF token', async () => {
    const editor = await loginAs(ctx.app, await createUser(ctx.db, { role: 'editeur' }));
    expect((await editor.get('/admin/synonymes')).statusCode).toBe(403);
    expect((await editor.post('/admin/synonymes', { word: 'vih', equivalents: 'ITSS' })).statusCode).toBe(403);
    await admin.get('/admin/synonymes');
    const forged = await admin.post('/admin/synonymes', { _csrf: 'faux', word: 'vih', equivalents: 'ITSS' });
    expect(forged.statusCode).toBe(403);
    expect(rows()).toEqual([]);
  });
});
