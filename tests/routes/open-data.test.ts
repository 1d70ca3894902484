import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../src/queries/seed.js';
import { layoutHeader } from '../../src/exchange/columns.js';
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

describe('GET /donnees', () => {
  it('explains each file, the licence and the last update, in French', async () => {
    seedDatabase(ctx.db, 'demo');
    const response = await ctx.app.inject({ url: '/donnees' });
    expect(response.statusCode).toBe(200);
    const text = mainText(response.body);
    expect(text).toContain('Données ouvertes');
    expect(text).toContain('46 organismes actifs');
    expect(text).toContain('CC BY 4.0');
    expect(text).toContain('Dernière mise à jour des données : 22 novembre 2026');
    const hrefs = parseHtml(response.body)
      .querySelectorAll('main a')
      .map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        '/donnees/repertoire.csv',
        '/donnees/hsds.zip',
        '/donnees/modele.csv',
        '/api/hsds/',
        '/api/v1/openapi.json',
      ]),
    );
    // What the HSDS package and API hold, and what they leave out.
    expect(text).toContain('API Open Referral HSDS 3.0');
    expect(text).toContain('ISO 639-1');
    expect(text).toMatch(/adresse n’est publiée comme adresse que si la rue, la ville et le code postal sont connus/);
    expect(text).toMatch(/seulement si elles ont consenti/);
  });
});

describe('GET /donnees/repertoire.csv', () => {
  it('is UTF-8 with a BOM, “;”-separated, active organisations only, formulas neutralised', async () => {
    const theme = createTheme(ctx.db, { name: 'Santé mentale' });
    const active = createOrganisation(ctx.db, {
      name: 'Centre Le Phare',
      summary: '=HYPERLINK("http://x")',
      description: '@SUM(1)',
    });
    createOrganisation(ctx.db, { name: 'Ancien organisme', status: 'archived' });
    createContact(ctx.db, active, { name: 'Éric Gosselin', role: '+Coordonnateur', isPrimary: true });
    linkTheme(ctx.db, active, theme, { note: '12-17 ans' });
    const response = await ctx.app.inject({ url: '/donnees/repertoire.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('attachment');
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    const [header, ...lines] = text.trim().split('\r\n');
    expect(header).toBe(layoutHeader(3).join(';'));
    expect(lines).toHaveLength(1);
    expect(text).toContain('Centre Le Phare');
    expect(text).not.toContain('Ancien organisme');
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain(";'@SUM(1);");
    expect(text).toContain(";'+Coordonnateur;");
    expect(text).toContain('sante-mentale : 12-17 ans');
  });
});

describe('GET /donnees/modele.csv', () => {
  it('is the header row of the import layout', async () => {
    const response = await ctx.app.inject({ url: '/donnees/modele.csv' });
    expect(response.statusCode).toBe(200);
    expect(response.body.replace(/^\uFEFF/, '').trim()).toBe(layoutHeader(3).join(';'));
  });
});

describe('GET /donnees/hsds.zip', () => {
  it('is a zip with datapackage.json and the HSDS tables', async () => {
    seedDatabase(ctx.db, 'demo');
    const response = await ctx.app.inject({ url: '/donnees/hsds.zip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(response.rawPayload));
    for (const name of [
      'datapackage.json',
      'organizations.csv',
      'services.csv',
      'contacts.csv',
      'phones.csv',
      'locations.csv',
      'addresses.csv',
      'taxonomies.csv',
      'taxonomy_terms.csv',
      'attributes.csv',
      'metadata.csv',
    ]) {
      expect(Object.keys(files)).toContain(name);
    }
    const organizations = new TextDecoder().decode(files['organizations.csv']);
    expect(organizations.trim().split('\r\n')).toHaveLength(47);
  });
});

describe('downloads are built once per version of the data', () => {
  it('serves the same bytes with an ETag, answers 304 to a revalidation, and rebuilds after a write', async () => {
    seedDatabase(ctx.db, 'demo');
    for (const url of ['/donnees/repertoire.csv', '/donnees/hsds.zip']) {
      const first = await ctx.app.inject({ url });
      const second = await ctx.app.inject({ url });
      expect(second.rawPayload.equals(first.rawPayload)).toBe(true);
      expect(first.headers.etag).toMatch(/^W\/"/);
      expect(second.headers.etag).toBe(first.headers.etag);
      const revalidated = await ctx.app.inject({ url, headers: { 'if-none-match': String(first.headers.etag) } });
      expect(revalidated.statusCode).toBe(304);
    }
    const csvBefore = await ctx.app.inject({ url: '/donnees/repertoire.csv' });
    const zipBefore = await ctx.app.inject({ url: '/donnees/hsds.zip' });
    createOrganisation(ctx.db, { name: 'Centre Nouveau Départ' });
    const csvAfter = await ctx.app.inject({ url: '/donnees/repertoire.csv' });
    expect(csvAfter.headers.etag).not.toBe(csvBefore.headers.etag);
    expect(csvAfter.body).toContain('Centre Nouveau Départ');
    const zipAfter = await ctx.app.inject({ url: '/donnees/hsds.zip' });
    expect(zipAfter.headers.etag).not.toBe(zipBefore.headers.etag);
    expect(new TextDecoder().decode(unzipSync(new Uint8Array(zipAfter.rawPayload))['organizations.csv'])).toContain(
      'Centre Nouveau Départ',
    );
  });
});
