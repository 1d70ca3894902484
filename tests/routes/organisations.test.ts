import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { daysAgoIso } from '../../src/lib/dates.js';
import type { Organisation } from '../../src/db/schema.js';
import { inTransaction } from '../../src/db/transaction.js';
import { A_TO_Z_ONE_PAGE, A_TO_Z_PAGE_SIZE } from '../../src/routes/organisations.js';
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

describe('GET /organismes', () => {
  it('lists active organisations in French alphabetical order, grouped by letter', async () => {
    for (const name of [
      'Zone jeunesse',
      'École des parents',
      'Auberge du cœur',
      'Entraide 2000',
      '211 Bas-Saint-Laurent',
    ]) {
      createOrganisation(ctx.db, { name });
    }
    createOrganisation(ctx.db, { name: 'Ancien organisme', status: 'archived' });
    const response = await ctx.app.inject({ url: '/organismes' });
    expect(response.statusCode).toBe(200);
    const doc = parseHtml(response.body);
    const names = doc.querySelectorAll('.org-name a').map((a) => a.textContent);
    expect(names).toEqual([
      'Auberge du cœur',
      'École des parents',
      'Entraide 2000',
      'Zone jeunesse',
      '211 Bas-Saint-Laurent',
    ]);
    expect(doc.querySelectorAll('.letter-group h2').map((h) => h.textContent)).toEqual(['A', 'E', 'Z', 'Autres']);
    expect(doc.querySelector('.letters a[href="#lettre-E"]')).not.toBeNull();
    expect(doc.querySelector('.letters a[href="#lettre-B"]')).toBeNull();
    expect(mainText(response.body)).toContain('5 organismes actifs');
  });

  it('filters by thème through a GET form', async () => {
    const theme = createTheme(ctx.db, { name: 'Dépendances' });
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Maison Rétablissement' }), theme);
    createOrganisation(ctx.db, { name: 'Autre organisme' });
    const response = await ctx.app.inject({ url: `/organismes?theme=${theme.slug}` });
    const doc = parseHtml(response.body);
    expect(doc.querySelectorAll('.org-name a').map((a) => a.textContent)).toEqual(['Maison Rétablissement']);
    expect(doc.querySelector(`option[value="${theme.slug}"]`)?.hasAttribute('selected')).toBe(true);
    expect(doc.querySelector('h1')?.textContent).toBe('Organismes : Dépendances');
  });

  it('answers 404 with a French notice for an unknown thème filter', async () => {
    const response = await ctx.app.inject({ url: '/organismes?theme=nope' });
    expect(response.statusCode).toBe(404);
    expect(mainText(response.body)).toContain('Le thème « nope » n’existe pas.');
  });
});

describe('GET /organismes for a large directory: one page per letter', () => {
  const many = (count: number) =>
    inTransaction(ctx.db, () => {
      for (let i = 0; i < count; i++) createOrganisation(ctx.db, { name: `${'ABÉ'[i % 3]}lpha ${i}` });
      createOrganisation(ctx.db, { name: '211 Bas-Saint-Laurent' });
    });
  const names = (body: string) =>
    parseHtml(body)
      .querySelectorAll('.org-name a')
      .map((a) => a.textContent);

  it(`shows the first letter and links every other beyond ${A_TO_Z_ONE_PAGE} organisations`, async () => {
    many(A_TO_Z_ONE_PAGE + 100);
    const response = await ctx.app.inject({ url: '/organismes' });
    expect(response.statusCode).toBe(200);
    const doc = parseHtml(response.body);
    expect(mainText(response.body)).toContain('601 organismes actifs, une lettre à la fois.');
    expect(new Set(names(response.body).map((name) => name[0]))).toEqual(new Set(['A']));
    const links = doc.querySelectorAll('.letters a');
    expect(links.map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['A', '/organismes/lettre/a'],
      ['B', '/organismes/lettre/b'],
      ['E', '/organismes/lettre/e'],
      ['#', '/organismes/lettre/autres'],
    ]);
    expect(links[0]!.getAttribute('aria-current')).toBe('page');
    expect(links[1]!.getAttribute('aria-label')).toBe('B, 200 organismes');
  });

  it('gives each letter its page, names with accents under their letter, digits under « Autres »', async () => {
    many(A_TO_Z_ONE_PAGE + 100);
    const e = await ctx.app.inject({ url: '/organismes/lettre/e' });
    expect(e.statusCode).toBe(200);
    expect(names(e.body)).toHaveLength(200);
    expect(names(e.body).every((name) => name.startsWith('Élpha'))).toBe(true);
    expect(parseHtml(e.body).querySelector('title')?.textContent).toContain('Organismes de A à Z — E');
    expect(parseHtml(e.body).querySelector('.letters a[aria-current="page"]')?.textContent).toBe('E');
    const others = await ctx.app.inject({ url: '/organismes/lettre/autres' });
    expect(names(others.body)).toEqual(['211 Bas-Saint-Laurent']);
    const empty = await ctx.app.inject({ url: '/organismes/lettre/q' });
    expect(empty.statusCode).toBe(200);
    expect(mainText(empty.body)).toContain('Aucun organisme actif à cette lettre.');
    expect((await ctx.app.inject({ url: '/organismes/lettre/zz' })).statusCode).toBe(404);
  });

  it(`pages a crowded letter by ${A_TO_Z_PAGE_SIZE}, with a numbered page list, and no page past the last`, async () => {
    inTransaction(ctx.db, () => {
      for (let i = 0; i < A_TO_Z_PAGE_SIZE * 2 + 10; i++)
        createOrganisation(ctx.db, { name: `Centre ${String(i).padStart(4, '0')}` });
    });
    const first = await ctx.app.inject({ url: '/organismes/lettre/c' });
    expect(names(first.body)).toHaveLength(A_TO_Z_PAGE_SIZE);
    expect(names(first.body)[0]).toBe('Centre 0000');
    const pager = parseHtml(first.body).querySelector('nav.pagination');
    expect(pager?.getAttribute('aria-label')).toBe('Pages de la lettre C');
    expect(pager?.querySelectorAll('a').map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['1', '/organismes/lettre/c'],
      ['2', '/organismes/lettre/c/2'],
      ['3', '/organismes/lettre/c/3'],
      ['Suivante ›', '/organismes/lettre/c/2'],
    ]);
    const third = await ctx.app.inject({ url: '/organismes/lettre/c/3' });
    expect(third.statusCode).toBe(200);
    expect(names(third.body)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Centre ${String(500 + i).padStart(4, '0')}`),
    );
    expect(parseHtml(third.body).querySelector('title')?.textContent).toContain('Organismes de A à Z — C, page 3');
    // The letter's whole count, and where this page stands in it (also on paper, where the links are hidden).
    expect(parseHtml(third.body).querySelector('.letter-group h2')?.textContent).toBe('C (510) — page 3 sur 3');
    for (const url of [
      '/organismes/lettre/c/4',
      '/organismes/lettre/c/1',
      '/organismes/lettre/c/0',
      '/organismes/lettre/c/x',
    ])
      expect((await ctx.app.inject({ url })).statusCode).toBe(404);
  });

  it('reads the whole list once per change, then only the rows each page shows', async () => {
    many(A_TO_Z_ONE_PAGE + 100);
    await ctx.app.inject({ url: '/organismes' });
    ctx.queries.length = 0;
    expect(names((await ctx.app.inject({ url: '/organismes/lettre/b' })).body)).toHaveLength(200);
    const reads = ctx.queries.filter((sql) => /from "organisations"/.test(sql));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.every((sql) => sql.includes('json_each'))).toBe(true);
  });

  it('keeps the thème filter in the letter links', async () => {
    const theme = createTheme(ctx.db, { name: 'Hébergement' });
    many(A_TO_Z_ONE_PAGE + 10);
    inTransaction(ctx.db, () => {
      for (const id of ctx.db.$client.prepare('SELECT id FROM organisations').pluck().all() as number[])
        linkTheme(ctx.db, { id } as Organisation, theme);
    });
    const response = await ctx.app.inject({ url: `/organismes?theme=${theme.slug}` });
    expect(parseHtml(response.body).querySelector('.letters a')?.getAttribute('href')).toBe(
      `/organismes/lettre/a?theme=${theme.slug}`,
    );
  });

  it('sends a letter’s address to its place on the one page of a small directory', async () => {
    createOrganisation(ctx.db, { name: 'Bercail' });
    const response = await ctx.app.inject({ url: '/organismes/lettre/b?theme=' });
    expect(response.statusCode).toBe(301);
    expect(response.headers.location).toBe('/organismes#lettre-B');
  });
});

describe('GET /organismes/:slug', () => {
  it('shows everything about the organisation', async () => {
    const theme = createTheme(ctx.db, { name: 'Hébergement' });
    const org = createOrganisation(ctx.db, {
      name: 'Auberge du cœur L’Escale',
      acronym: 'AEC',
      summary: 'Hébergement de dépannage pour les 12-17 ans.',
      description: 'Hébergement jusqu’à 30 jours.\n\nSuivi post-hébergement.',
      clientele: 'Jeunes en difficulté',
      audiences: 'jeunes,familles',
      ageMin: 12,
      ageMax: 17,
      territory: 'Bas-Saint-Laurent',
      address: '125, rue Saint-Germain Est',
      city: 'Rimouski',
      postalCode: 'G5L 1A1',
      phone: '418 555-0142',
      tollFreePhone: '1 800 555-0199',
      email: 'info@escale.example.org',
      website: 'https://escale.example.org',
      hours: '24 h sur 24, 7 jours sur 7',
      referral: 'Le jeune appelle lui-même.',
      cost: 'Gratuit',
      languages: 'Français',
      accessibility: 'Rez-de-chaussée accessible',
      verifiedAt: daysAgoIso(30, ctx.clock()),
    });
    const person = createContact(ctx.db, org, {
      name: 'Lynda Lepage',
      role: 'Coordonnatrice',
      phone: '418 555-0142',
      phoneExtension: '21',
      email: 'lynda@escale.example.org',
      isPrimary: true,
    });
    linkTheme(ctx.db, org, theme, { note: '12-17 ans', contact: person });

    const response = await ctx.app.inject({ url: `/organismes/${org.slug}` });
    expect(response.statusCode).toBe(200);
    expect(org.slug).toBe('auberge-du-coeur-l-escale');
    const text = mainText(response.body);
    for (const expected of [
      'Auberge du cœur L’Escale (AEC)',
      'Hébergement jusqu’à 30 jours.',
      'Suivi post-hébergement.',
      'Jeunes en difficulté',
      '12 à 17 ans',
      'Jeunes, Familles',
      'Le jeune appelle lui-même.',
      'Gratuit',
      '125, rue Saint-Germain Est',
      'Rimouski (Québec) G5L 1A1',
      '24 h sur 24, 7 jours sur 7',
      'Lynda Lepage',
      'Coordonnatrice',
      'Personne-ressource principale',
      'Pour : Hébergement',
      '418 555-0142, poste 21',
      '1 800 555-0199',
      'Vérifié le',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('Information à confirmer');
    const hrefs = parseHtml(response.body)
      .querySelectorAll('main a')
      .map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        'tel:+14185550142',
        'tel:+14185550142;ext=21',
        'tel:+18005550199',
        'mailto:info@escale.example.org',
        'mailto:lynda@escale.example.org',
        'https://escale.example.org/',
        `/themes/${theme.slug}`,
      ]),
    );
  });

  it('warns when the entry was verified more than 12 months ago, or never', async () => {
    const old = createOrganisation(ctx.db, { verifiedAt: daysAgoIso(400, ctx.clock()) });
    expect(mainText((await ctx.app.inject({ url: `/organismes/${old.slug}` })).body)).toContain(
      'Information à confirmer.',
    );
    const never = createOrganisation(ctx.db, { verifiedAt: null });
    expect(mainText((await ctx.app.inject({ url: `/organismes/${never.slug}` })).body)).toContain(
      'Cette fiche n’a jamais été vérifiée',
    );
  });

  it('handles missing optional fields and no personne-ressource', async () => {
    const org = createOrganisation(ctx.db, { phone: null, description: '', summary: '' });
    const response = await ctx.app.inject({ url: `/organismes/${org.slug}` });
    expect(response.statusCode).toBe(200);
    const text = mainText(response.body);
    expect(text).toContain('Aucune personne-ressource n’est inscrite.');
    expect(text).toContain('Aucune coordonnée générale n’est inscrite.');
  });

  it('answers 410 Gone with a French page for an archived organisation, without its coordinates', async () => {
    const org = createOrganisation(ctx.db, { name: 'Ancien centre', status: 'archived', phone: '418 555-0111' });
    const response = await ctx.app.inject({ url: `/organismes/${org.slug}` });
    expect(response.statusCode).toBe(410);
    expect(mainText(response.body)).toContain('Cet organisme ne fait plus partie du Répertoire des ressources.');
    expect(response.body).not.toContain('555-0111');
  });

  it('answers 404 for an unknown organisation', async () => {
    const response = await ctx.app.inject({ url: '/organismes/inconnu' });
    expect(response.statusCode).toBe(404);
    expect(mainText(response.body)).toContain('Page introuvable');
  });

  it('escapes everything users typed', async () => {
    const theme = createTheme(ctx.db, { name: '<b>Thème</b>' });
    const org = createOrganisation(ctx.db, {
      name: '<script>alert(1)</script>',
      summary: '<img src=x onerror=alert(2)>',
      website: 'javascript:alert(3)',
    });
    createContact(ctx.db, org, { name: '"><script>alert(4)</script>', isPrimary: true });
    linkTheme(ctx.db, org, theme, { note: '<i>note</i>' });
    for (const url of [`/organismes/${org.slug}`, `/themes/${theme.slug}`, '/organismes', '/']) {
      const response = await ctx.app.inject({ url });
      expect(response.body).not.toMatch(/<script>alert|<img src=x|<b>Thème|<i>note/);
    }
    const page = await ctx.app.inject({ url: `/organismes/${org.slug}` });
    expect(mainText(page.body)).toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('href="javascript:');
  });
});

describe('vCard links', () => {
  it('offers each personne-ressource as a vCard download', async () => {
    const org = createOrganisation(ctx.db);
    const person = createContact(ctx.db, org, { name: 'Élise Côté', isPrimary: true });
    const doc = parseHtml((await ctx.app.inject({ url: `/organismes/${org.slug}` })).body);
    const href = doc.querySelector('a.vcard-link')?.getAttribute('href');
    expect(href).toBe(`/organismes/${org.slug}/personnes/${person.id}.vcf`);
    const card = await ctx.app.inject({ url: href! });
    expect(card.statusCode).toBe(200);
    expect(card.body).toContain('FN:Élise Côté');
  });
});
