import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../src/db/schema.js';
import { findThemeById } from '../../../src/queries/theme-writes.js';
import { type TestContext } from '../../support/app.js';
import { Client, createUser, loginAs, signedInTestApp } from '../../support/auth.js';
import { createOrganisation, createTheme, linkTheme } from '../../support/factories.js';
import { mainText, parseHtml } from '../../support/html.js';
import { formValues } from '../../support/forms.js';

let ctx: TestContext;
let admin: User;
let client: Client;
beforeEach(async () => {
  ({ ctx, user: admin, client } = await signedInTestApp({ role: 'admin' }));
});
afterEach(() => ctx.app.close());

const search = (q: string, extra = '') => ctx.app.inject({ url: `/recherche?q=${encodeURIComponent(q)}${extra}` });
const logRows = () => {
  ctx.app.searchLog.flush();
  return ctx.db.$client.prepare('SELECT * FROM search_log ORDER BY words').all();
};

describe('search log: what /recherche writes down', () => {
  it('counts the normalised words and the result count, once per search, nothing about the person', async () => {
    createOrganisation(ctx.db, { name: 'Maison Marie-Élisabeth', description: 'Hébergement pour femmes.' });
    await ctx.app.inject({
      url: `/recherche?q=${encodeURIComponent('  Hébergement ')}`,
      headers: { 'x-forwarded-for': '203.0.113.9', 'user-agent': 'Navigateur de test', cookie: 'sid=abc' },
    });
    await search('hebergement', '&page=2');
    await search('dormir');
    await search('418 555-0123');
    await search('', '&clientele=jeunes');
    expect(logRows()).toEqual([
      { day: '2026-11-22', words: 'dormir', searches: 1, empty_searches: 1, last_results: 0 },
      { day: '2026-11-22', words: 'hebergement', searches: 1, empty_searches: 0, last_results: 1 },
    ]);
    const stored = JSON.stringify(logRows());
    for (const secret of ['203.0.113.9', 'Navigateur', 'abc', '555']) expect(stored).not.toContain(secret);
  });

  it('still answers the search when the log cannot be written', async () => {
    ctx.db.$client.exec('DROP TABLE search_log');
    const response = await search('dormir');
    expect(response.statusCode).toBe(200);
  });
});

describe('admin: /admin/recherches', () => {
  it('shows the frequent and the empty searches of 30 or 90 days, never a one-off query', async () => {
    createOrganisation(ctx.db, { name: 'Maison Marie-Élisabeth', description: 'Hébergement pour femmes.' });
    for (let i = 0; i < 3; i++) await search('Hébergement');
    for (let i = 0; i < 2; i++) await search('dormir');
    await search('Jean-Guy Tremblay');
    const page = await client.get('/admin/recherches');
    expect(page.statusCode).toBe(200);
    const text = mainText(page.body);
    expect(text).toContain('6 recherches en 30 jours, dont 3 sans résultat.');
    expect(text).toContain('dormir — 2 fois sans résultat');
    expect(text).not.toContain('tremblay');
    const html = parseHtml(page.body);
    const frequent = html.querySelectorAll('section[aria-labelledby="plus-cherchees"] tbody tr');
    expect(
      frequent.map((tr) =>
        tr
          .querySelectorAll('th, td')
          .map((cell) => cell.textContent.trim())
          .join(' '),
      ),
    ).toEqual(['hebergement 3 1', 'dormir 2 aucun']);
    expect(html.querySelector('a[href="/admin/synonymes?mot=dormir"]')).not.toBeNull();
    ctx.clock.advance(40 * 24 * 60 * 60 * 1000);
    client = await loginAs(ctx.app, admin);
    expect(mainText((await client.get('/admin/recherches')).body)).toContain('Aucune recherche répétée n’est restée');
    expect(mainText((await client.get('/admin/recherches?periode=90')).body)).toContain(
      'dormir — 2 fois sans résultat',
    );
  });

  it('lists the empty searches on the dashboard too', async () => {
    for (let i = 0; i < 2; i++) await search('anxieux');
    const section = parseHtml((await client.get('/admin')).body).querySelector(
      'section[aria-labelledby="recherches-vides"]',
    );
    expect(section?.textContent.replace(/\s+/g, ' ')).toContain('anxieux (2 fois)');
  });

  it('turns an empty search into a thème keyword in one click, and the next search finds the thème', async () => {
    const theme = createTheme(ctx.db, { name: 'Hébergement', keywords: 'refuge' });
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Maison Marie-Élisabeth' }), theme);
    for (let i = 0; i < 2; i++) await search('dormir');
    const page = await client.get('/admin/recherches');
    const values = formValues(page.body, '/admin/recherches/mot-cle');
    expect(values.words).toBe('dormir');
    const saved = await client.post('/admin/recherches/mot-cle', { ...values, themeId: String(theme.id) });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/admin/recherches?periode=30');
    expect(findThemeById(ctx.db, theme.id)?.keywords).toBe('refuge\ndormir');
    expect(mainText((await client.get('/admin/recherches')).body)).toContain(
      '« dormir » est maintenant un mot-clé du thème Hébergement.',
    );
    const found = parseHtml((await search('dormir')).body).querySelectorAll('.result-title a');
    expect(found.map((a) => a.textContent.trim())).toContain('Maison Marie-Élisabeth');
    const again = await client.post('/admin/recherches/mot-cle', { ...values, themeId: String(theme.id) });
    expect(again.statusCode).toBe(303);
    expect(mainText((await client.get('/admin/recherches')).body)).toContain('était déjà un mot-clé');
    expect(ctx.db.$client.prepare("SELECT count(*) FROM revisions WHERE entity_type = 'theme'").pluck().get()).toBe(1);
  });

  it('refuses a bad keyword with a French message, and editors cannot add one', async () => {
    for (let i = 0; i < 2; i++) await search('dormir');
    const values = formValues((await client.get('/admin/recherches')).body, '/admin/recherches/mot-cle');
    const invalid = await client.post('/admin/recherches/mot-cle', { ...values, themeId: '999999' });
    expect(invalid.statusCode).toBe(422);
    expect(mainText(invalid.body)).toContain('Ce thème n’existe plus.');
    const editor = await loginAs(ctx.app, await createUser(ctx.db, { role: 'editeur', email: 'e@exemple.ca' }));
    const editorPage = await editor.get('/admin/recherches');
    expect(editorPage.statusCode).toBe(200);
    expect(editorPage.body).not.toContain('/admin/recherches/mot-cle');
    const refused = await editor.post('/admin/recherches/mot-cle', {
      ...values,
      _csrf: String(formValues(editorPage.body, '/deconnexion')._csrf),
    });
    expect(refused.statusCode).toBe(403);
  });
});
