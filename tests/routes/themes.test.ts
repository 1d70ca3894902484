import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inTransaction } from '../../src/db/transaction.js';
import { listThemeEntries } from '../../src/queries/organisations.js';
import { THEME_PAGE_SIZE } from '../../src/routes/themes.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { mainText, parseHtml } from '../support/html.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

describe('GET /themes/:slug', () => {
  it('lists the thème’s active organisations with phone, designated person, note and badges', async () => {
    const theme = createTheme(ctx.db, { name: 'Santé mentale', description: 'Détresse, anxiété.' });
    const org = createOrganisation(ctx.db, {
      name: 'Centre de crise Le Phare',
      summary: 'Intervention de crise 24 h sur 24.',
      phone: '418 555-0169',
      ageMin: 12,
      ageMax: 17,
      territory: 'Ville de Rimouski',
    });
    const main = createContact(ctx.db, org, { name: 'Anne Tremblay', role: 'Directrice', isPrimary: true });
    const designated = createContact(ctx.db, org, {
      name: 'Éric Gosselin',
      role: 'Coordonnateur clinique',
      phone: '418 555-0165',
      phoneExtension: '12',
    });
    linkTheme(ctx.db, org, theme, { note: '12-17 ans', contact: designated });
    void main;

    const response = await ctx.app.inject({ url: '/themes/sante-mentale' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    const text = mainText(response.body);
    expect(text).toContain('Santé mentale');
    expect(text).toContain('Détresse, anxiété.');
    expect(text).toContain('Centre de crise Le Phare');
    expect(text).toContain('Intervention de crise 24 h sur 24.');
    expect(text).toContain('12-17 ans');
    expect(text).toContain('Éric Gosselin');
    expect(text).toContain('Coordonnateur clinique');
    expect(text).toContain('418 555-0165, poste 12');
    expect(text).toContain('12 à 17 ans');
    expect(text).toContain('Ville de Rimouski');
    expect(text).not.toContain('Anne Tremblay');
    const doc = parseHtml(response.body);
    const hrefs = doc.querySelectorAll('main a').map((a) => a.getAttribute('href'));
    expect(hrefs).toContain('tel:+14185550169');
    expect(hrefs).toContain('tel:+14185550165;ext=12');
    expect(hrefs).toContain(`/organismes/${org.slug}`);
  });

  it('falls back to the organisation’s main contact when nobody is designated for the thème', async () => {
    const theme = createTheme(ctx.db);
    const org = createOrganisation(ctx.db);
    createContact(ctx.db, org, { name: 'Marie Côté', role: 'Intervenante', isPrimary: true });
    linkTheme(ctx.db, org, theme);
    const response = await ctx.app.inject({ url: `/themes/${theme.slug}` });
    expect(mainText(response.body)).toContain('Marie Côté');
  });

  it('leaves out archived organisations', async () => {
    const theme = createTheme(ctx.db);
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Organisme fermé', status: 'archived' }), theme);
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Organisme ouvert' }), theme);
    const text = mainText((await ctx.app.inject({ url: `/themes/${theme.slug}` })).body);
    expect(text).toContain('Organisme ouvert');
    expect(text).not.toContain('Organisme fermé');
    expect(text).toContain('1 organisme pour ce thème');
  });

  it('says so kindly when the thème has no organisation', async () => {
    const theme = createTheme(ctx.db, { name: 'Troubles alimentaires' });
    const response = await ctx.app.inject({ url: `/themes/${theme.slug}` });
    expect(response.statusCode).toBe(200);
    expect(mainText(response.body)).toContain('Aucun organisme n’est associé à ce thème pour l’instant.');
  });

  it('answers 404 in French for an unknown thème', async () => {
    const response = await ctx.app.inject({ url: '/themes/inexistant' });
    expect(response.statusCode).toBe(404);
    expect(mainText(response.body)).toContain('Page introuvable');
  });

  it('runs the same number of queries for 2 or 60 organisations (no N+1)', async () => {
    const theme = createTheme(ctx.db);
    const addOrganisations = (count: number) => {
      for (let i = 0; i < count; i++) {
        const org = createOrganisation(ctx.db);
        const person = createContact(ctx.db, org, { isPrimary: true });
        createContact(ctx.db, org);
        linkTheme(ctx.db, org, theme, { contact: i % 2 ? person : null, note: 'Note' });
      }
    };
    const countQueries = async () => {
      ctx.queries.length = 0;
      const response = await ctx.app.inject({ url: `/themes/${theme.slug}` });
      expect(response.statusCode).toBe(200);
      return ctx.queries.length;
    };
    // Both measured renders start from a stale page-cache entry, so they pay the same version check.
    await ctx.app.inject({ url: `/themes/${theme.slug}` });
    addOrganisations(2);
    const few = await countQueries();
    addOrganisations(58);
    const many = await countQueries();
    expect(mainText((await ctx.app.inject({ url: `/themes/${theme.slug}` })).body)).toContain('60 organismes');
    expect(many).toBe(few);
    // Thème, its page version, its order by name (and that memo's version check), its page's entries.
    expect(few).toBeLessThanOrEqual(7);
  });

  it('serves thème colours as a stylesheet, since the CSP forbids inline styles', async () => {
    const theme = createTheme(ctx.db, { color: '#A1B2C3' });
    const response = await ctx.app.inject({ url: '/styles/themes.css' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(response.body).toContain(`.theme-${theme.id}{--theme-color:#A1B2C3}`);
  });
});

describe('a thème larger than one page (decision 111)', () => {
  function largeTheme(count: number) {
    const theme = createTheme(ctx.db, { name: 'Hébergement' });
    inTransaction(ctx.db, () => {
      for (let i = 0; i < count; i++) {
        const org = createOrganisation(ctx.db, { name: `Maison d’hébergement ${String(i).padStart(3, '0')}` });
        linkTheme(ctx.db, org, theme);
      }
    });
    return theme;
  }
  const names = (body: string) =>
    parseHtml(body)
      .querySelectorAll('.entry-title a')
      .map((a) => a.text.trim());

  it(`lists ${THEME_PAGE_SIZE} organisations per page, in the full list’s order, with a pager`, async () => {
    const theme = largeTheme(THEME_PAGE_SIZE + 30);
    const first = await ctx.app.inject({ url: `/themes/${theme.slug}` });
    const second = await ctx.app.inject({ url: `/themes/${theme.slug}/2` });
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(mainText(first.body)).toContain(
      '280 organismes pour ce thème, par ordre alphabétique : page 1 sur 2 (1 à 250).',
    );
    expect(mainText(second.body)).toContain('page 2 sur 2 (251 à 280).');
    // Together the pages are the whole list, in the order of the one-page list (the former query, as oracle).
    const whole = listThemeEntries(ctx.db, [theme.id]).map((entry) => entry.organisation.name);
    expect([...names(first.body), ...names(second.body)]).toEqual(whole);
    const pager = parseHtml(first.body).querySelector('nav.pagination');
    expect(pager?.getAttribute('aria-label')).toBe('Pages du thème Hébergement');
    expect(pager?.querySelector('a[rel="next"]')?.getAttribute('href')).toBe(`/themes/${theme.slug}/2`);
    expect(parseHtml(second.body).querySelector('a[rel="prev"]')?.getAttribute('href')).toBe(`/themes/${theme.slug}`);
  });

  it('answers 404 for page 1 written out, a page past the end or not a number', async () => {
    const theme = largeTheme(THEME_PAGE_SIZE + 1);
    for (const page of ['1', '3', 'deux', '02', '-1'])
      expect((await ctx.app.inject({ url: `/themes/${theme.slug}/${page}` })).statusCode, page).toBe(404);
    expect((await ctx.app.inject({ url: '/themes/inconnu/2' })).statusCode).toBe(404);
  });

  it('shows a change on a later page at once (the thème’s own page version)', async () => {
    const deuil = createTheme(ctx.db, { name: 'Deuil' });
    const theme = largeTheme(THEME_PAGE_SIZE + 5);
    const url = `/themes/${theme.slug}/2`;
    expect(mainText((await ctx.app.inject({ url })).body)).toContain('Maison d’hébergement 254');
    ctx.db.$client
      .prepare("UPDATE organisations SET name = 'Maison d’hébergement 254 (Le Havre)' WHERE name = ?")
      .run('Maison d’hébergement 254');
    expect(mainText((await ctx.app.inject({ url })).body)).toContain('Maison d’hébergement 254 (Le Havre)');
    // A change elsewhere in the directory leaves the page cached.
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Ailleurs' }), deuil);
    expect((await ctx.app.inject({ url })).headers['x-page-cache']).toBe('hit');
  });

  it('has no pager while the thème fits one page', async () => {
    const theme = largeTheme(3);
    const body = (await ctx.app.inject({ url: `/themes/${theme.slug}` })).body;
    expect(parseHtml(body).querySelector('nav.pagination')).toBeNull();
    expect(mainText(body)).toContain('3 organismes pour ce thème.');
    expect((await ctx.app.inject({ url: `/themes/${theme.slug}/2` })).statusCode).toBe(404);
  });
});
