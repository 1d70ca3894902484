import { afterEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/queries/seed.js';
import { daysAgoIso } from '../../src/lib/dates.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { DAY_MS } from '../support/clock.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { parseHtml } from '../support/html.js';

let ctx: TestContext;
afterEach(async () => {
  await ctx.app.close();
});

// No Chromium in these tests: the PDF itself is tested in tests/browser/book-pdf.test.ts.
const noChromium = { chromiumPath: '/nonexistent/chromium' };

const documentText = (html: string) =>
  (parseHtml(html).querySelector('main.book')?.textContent ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
const entryText = (html: string, slug: string) =>
  (parseHtml(html).querySelector(`#o-${slug}`)?.textContent ?? '').replace(/[\s\u00a0]+/g, ' ').trim();

function seedTwoThemes(context: TestContext) {
  const db = context.db;
  const sante = createTheme(db, { name: 'Santé mentale', slug: 'sante-mentale' });
  const logement = createTheme(db, { name: 'Hébergement', slug: 'hebergement' });
  const phare = createOrganisation(db, {
    name: 'Centre Le Phare',
    acronym: 'CLP',
    summary: 'Écoute et accompagnement.',
    description: 'Premier paragraphe.\n\nSecond paragraphe.',
    referral: 'La personne appelle elle-même.',
    hours: 'Lundi au vendredi, 9 h à 17 h',
    address: '12, rue de la Mer',
    city: 'Rimouski',
    postalCode: 'G5L 1A1',
    phone: '4185550111',
    phoneExtension: '3',
    tollFreePhone: '18005550199',
  });
  const abri = createOrganisation(db, { name: 'Abri du Fleuve', verifiedAt: daysAgoIso(400, db.clock()) });
  const gone = createOrganisation(db, { name: 'Ancien organisme', status: 'archived' });
  linkTheme(db, phare, sante);
  linkTheme(db, abri, logement);
  linkTheme(db, gone, sante);
  const marie = createContact(db, phare, { name: 'Marie Côté', role: 'Intervenante', email: 'marie@example.org' });
  // Without open-data consent: the website shows her to intervenants, so the printed Répertoire does too.
  createContact(db, phare, { name: 'Luc Gagnon', role: 'Directeur', openDataConsentAt: null });
  linkTheme(db, phare, logement, { contact: marie });
  return { phare, abri, gone };
}

describe('GET /repertoire/imprimer', () => {
  it('prints every active organisation A–Z with its services, referral, hours, address, phones and people', async () => {
    ctx = await buildTestApp(noChromium);
    const { phare, abri } = seedTwoThemes(ctx);
    const response = await ctx.app.inject({ url: '/repertoire/imprimer' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    const text = documentText(response.body);
    expect(text).not.toContain('Ancien organisme');
    expect(text.indexOf('Abri du Fleuve')).toBeLessThan(text.indexOf('Centre Le Phare (CLP)'));
    const entry = entryText(response.body, phare.slug);
    for (const expected of [
      'Centre Le Phare (CLP)',
      'Écoute et accompagnement.',
      'Premier paragraphe.',
      'Second paragraphe.',
      'Comment diriger une personneLa personne appelle elle-même.',
      'Lundi au vendredi, 9 h à 17 h',
      '12, rue de la Mer',
      'Rimouski (Québec) G5L 1A1',
      '418 555-0111, poste 3',
      '1 800 555-0199',
      'Marie Côté, Intervenante (Hébergement)',
      'marie@example.org',
      'Luc Gagnon, Directeur',
      'Vérifiée le 22 novembre 2026',
    ]) {
      expect(entry).toContain(expected);
    }
    expect(entryText(response.body, abri.slug)).toContain('À confirmer — vérifiée le');
    // The same people as the organisation's public page, no more, no fewer.
    const page = await ctx.app.inject({ url: `/organismes/${phare.slug}` });
    const onPage = parseHtml(page.body)
      .querySelectorAll('.person-name')
      .map((node) => node.textContent.trim());
    const inBook = parseHtml(response.body)
      .querySelectorAll(`#o-${phare.slug} .people strong`)
      .map((node) => node.textContent.trim());
    expect(inBook).toEqual(onPage);
  });

  it('renders the whole Répertoire once per data version: later visits read no organisation', async () => {
    ctx = await buildTestApp(noChromium);
    seedTwoThemes(ctx);
    const first = await ctx.app.inject({ url: '/repertoire/imprimer' });
    ctx.queries.length = 0;
    const second = await ctx.app.inject({ url: '/repertoire/imprimer' });
    expect(documentText(second.body)).toBe(documentText(first.body));
    expect(ctx.queries.filter((sql) => /from "organisations"/i.test(sql))).toEqual([]);
    createOrganisation(ctx.db, { name: 'Zénith jeunesse' });
    const third = await ctx.app.inject({ url: '/repertoire/imprimer' });
    expect(documentText(third.body)).toContain('Zénith jeunesse');
    // A new day is a new cover date and a new « à confirmer » threshold.
    ctx.clock.advance(DAY_MS);
    const nextDay = await ctx.app.inject({ url: '/repertoire/imprimer' });
    expect(documentText(nextDay.body)).toContain('Édition du 23 novembre 2026');
  });

  it('has a cover with the date and the share of verified entries, a table of contents by thème and an index', async () => {
    ctx = await buildTestApp(noChromium);
    const { phare, abri } = seedTwoThemes(ctx);
    const response = await ctx.app.inject({ url: '/repertoire/imprimer' });
    const html = parseHtml(response.body);
    const cover = html.querySelector('.cover')!.textContent.replace(/[\s\u00a0]+/g, ' ');
    expect(cover).toContain('Édition du 22 novembre 2026');
    expect(cover).toContain('Fiches vérifiées depuis 12 mois50 %');
    const tocThemes = html
      .querySelectorAll('.toc-theme h4')
      .map((node) => node.textContent.replace(/\s+/g, ' ').trim());
    expect(tocThemes).toEqual(['Santé mentale (1)', 'Hébergement (2)']);
    const tocLinks = html.querySelectorAll('.toc-theme a').map((node) => node.getAttribute('href'));
    expect(tocLinks).toEqual([`#o-${phare.slug}`, `#o-${abri.slug}`, `#o-${phare.slug}`]);
    // Every link has its page-number slot, filled in by the PDF.
    expect(html.querySelectorAll('.toc-theme [data-page-of]')).toHaveLength(3);
    const index = html.querySelector('#index')!.textContent.replace(/[\s\u00a0]+/g, ' ');
    expect(index).toContain('Hébergement : Abri du Fleuve');
  });

  it('says on the cover and in the running header that demo data is fictional', async () => {
    ctx = await buildTestApp(noChromium);
    seedDatabase(ctx.db, 'demo');
    const response = await ctx.app.inject({ url: '/repertoire/imprimer' });
    expect(documentText(response.body)).toContain('Données de démonstration.');
    const css = await ctx.app.inject({ url: '/repertoire/imprimer/pages.css' });
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.body).toContain('données de démonstration (fictives)');
    expect(css.body).toContain('"22 novembre 2026"');
    expect(css.body).toContain('counter(page)');
  });

  it('prints only the chosen thèmes, from a shared link or from the form', async () => {
    ctx = await buildTestApp(noChromium);
    seedTwoThemes(ctx);
    for (const url of ['/repertoire/imprimer?themes=sante-mentale', '/repertoire/imprimer?themes=SANTE-MENTALE,']) {
      const response = await ctx.app.inject({ url });
      expect(response.statusCode).toBe(200);
      const text = documentText(response.body);
      expect(text).toContain('Centre Le Phare');
      expect(text).not.toContain('Abri du Fleuve');
      expect(text).toContain('Thèmes choisis : Santé mentale');
      const checked = parseHtml(response.body)
        .querySelectorAll('input[name="themes"][checked]')
        .map((input) => input.getAttribute('value'));
      expect(checked).toEqual(['sante-mentale']);
    }
    const both = await ctx.app.inject({ url: '/repertoire/imprimer?themes=sante-mentale&themes=hebergement' });
    expect(documentText(both.body)).toContain('Abri du Fleuve');
  });

  it('answers an unknown thème with 404 and a French message, and a crafted list with 400', async () => {
    ctx = await buildTestApp(noChromium);
    seedTwoThemes(ctx);
    const unknown = await ctx.app.inject({ url: '/repertoire/imprimer?themes=sante-mentale,licornes' });
    expect(unknown.statusCode).toBe(404);
    const message = parseHtml(unknown.body)
      .querySelector('[role="alert"]')!
      .textContent.replace(/\u00a0/g, ' ');
    expect(message).toBe('Thème inconnu : « licornes ». Cochez les thèmes voulus dans la liste ci-dessous.');
    expect(parseHtml(unknown.body).querySelector('main.book')).toBeNull();
    const tooMany = Array.from({ length: 60 }, (_, i) => `t${i}`).join(',');
    const crafted = await ctx.app.inject({ url: `/repertoire/imprimer?themes=${tooMany}` });
    expect(crafted.statusCode).toBe(400);
    expect(crafted.body).toContain('Choisissez au plus 50 thèmes.');
  });
});

describe('the PDF without Chromium', () => {
  it('answers 404 with the way to print from the browser, never a 5xx; the pages say so', async () => {
    ctx = await buildTestApp(noChromium);
    seedTwoThemes(ctx);
    const pdf = await ctx.app.inject({ url: '/repertoire/imprimer.pdf' });
    expect(pdf.statusCode).toBe(404);
    expect(pdf.headers['content-type']).toContain('text/html');
    expect(pdf.body).toContain('Chromium n’est pas installé sur ce serveur.');
    expect(pdf.body).toContain('href="/repertoire/imprimer"');
    const page = await ctx.app.inject({ url: '/repertoire/imprimer' });
    expect(page.body).toContain('Le PDF n’est pas disponible sur ce serveur');
    const openData = await ctx.app.inject({ url: '/donnees' });
    expect(openData.body).toContain('href="/repertoire/imprimer"');
    expect(openData.body).toContain('Le PDF n’est pas disponible sur ce serveur');
  });
});
