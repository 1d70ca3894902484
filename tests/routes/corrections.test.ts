import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { correctionReports } from '../../src/db/schema.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { Client } from '../support/auth.js';
import { createOrganisation } from '../support/factories.js';
import { mainText, parseHtml } from '../support/html.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp({ coordinationEmail: 'coordination@cosmoss.example.org' });
});
afterEach(async () => {
  await ctx.app.close();
});

const validReport = {
  problems: ['telephone', 'personne'],
  details: 'Marie Tremblay est partie; le nouveau numéro est le 418 555-0199.',
  phone: '(418) 555.0199',
  email: '',
  reporterName: 'Julie Roy',
  reporterEmail: 'Julie.Roy@example.org',
};

const reports = () => ctx.db.select().from(correctionReports).all();

describe('« Signaler une correction »', () => {
  it('is linked from the organisation page and its footer', async () => {
    const organisation = createOrganisation(ctx.db, { name: 'Maison des familles' });
    const response = await ctx.app.inject({ url: `/organismes/${organisation.slug}` });
    const doc = parseHtml(response.body);
    expect(doc.querySelector(`.report-link a[href="/signaler/${organisation.slug}"]`)?.textContent).toBe(
      'Signaler une correction',
    );
    expect(doc.querySelector(`footer a[href="/signaler/${organisation.slug}"]`)).not.toBeNull();
    expect(doc.querySelector('footer a[href="mailto:coordination@cosmoss.example.org"]')).not.toBeNull();
  });

  it('the footer of other pages writes to the coordination', async () => {
    const home = parseHtml((await ctx.app.inject({ url: '/' })).body);
    expect(home.querySelector('footer a[href="mailto:coordination@cosmoss.example.org"]')?.textContent).toBe(
      'Écrivez à la coordination de COSMOSS',
    );
  });

  it('stores a valid report without touching the entry, then shows a thank-you page (PRG)', async () => {
    const organisation = createOrganisation(ctx.db, { name: 'Maison des familles', phone: '418 555-0100' });
    const client = new Client(ctx.app);
    const form = await client.get(`/signaler/${organisation.slug}`);
    expect(form.statusCode).toBe(200);
    expect(form.headers['cache-control']).toBe('no-store');
    const response = await client.post(`/signaler/${organisation.slug}`, validReport);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/signaler/${organisation.slug}/merci`);
    const [report] = reports();
    expect(report).toMatchObject({
      organisationId: organisation.id,
      problems: 'telephone,personne',
      proposed: JSON.stringify({ phone: '418 555-0199' }),
      reporterName: 'Julie Roy',
      reporterEmail: 'julie.roy@example.org',
      status: 'pending',
    });
    const page = await ctx.app.inject({ url: `/organismes/${organisation.slug}` });
    expect(mainText(page.body)).toContain('418 555-0100');
    // The reporter's details never leave the admin pages: not in the open data, not in the API.
    for (const url of [
      '/donnees/repertoire.csv',
      `/api/v1/organisations/${organisation.slug}`,
      '/api/v1/organisations',
    ]) {
      const body = (await ctx.app.inject({ url })).body;
      expect(body, url).not.toContain('julie.roy@example.org');
      expect(body, url).not.toContain('Julie Roy');
    }
    const thanks = await client.get(`/signaler/${organisation.slug}/merci`);
    expect(mainText(thanks.body)).toContain('Votre signalement sur la fiche de Maison des familles a bien été reçu.');
  });

  it('answers 422 with the values kept and French errors', async () => {
    const organisation = createOrganisation(ctx.db);
    const client = new Client(ctx.app);
    await client.get(`/signaler/${organisation.slug}`);
    const response = await client.post(`/signaler/${organisation.slug}`, {
      problems: 'heures',
      details: '',
      phone: '555-12',
      email: 'pas un courriel',
      reporterName: 'Julie',
    });
    expect(response.statusCode).toBe(422);
    const doc = parseHtml(response.body);
    expect(doc.querySelector('#champ-phone')?.getAttribute('value')).toBe('555-12');
    expect(doc.querySelector('#champ-reporterName')?.getAttribute('value')).toBe('Julie');
    expect(doc.querySelector('input[value="heures"]')?.hasAttribute('checked')).toBe(true);
    expect(doc.querySelector('#champ-phone')?.getAttribute('aria-invalid')).toBe('true');
    const text = mainText(response.body);
    expect(text).toContain('Numéro à 10 chiffres attendu');
    expect(text).toContain('Courriel invalide');
    expect(text).toContain('Indiquez l’information exacte');
    expect(reports()).toHaveLength(0);
  });

  it('asks for at least one checked problem and refuses overlong text', async () => {
    const organisation = createOrganisation(ctx.db);
    const client = new Client(ctx.app);
    await client.get(`/signaler/${organisation.slug}`);
    const response = await client.post(`/signaler/${organisation.slug}`, {
      details: 'x'.repeat(2001),
      reporterName: 'y'.repeat(121),
    });
    expect(response.statusCode).toBe(422);
    const text = mainText(response.body);
    expect(text).toContain('Cochez au moins une chose à corriger.');
    expect(text).toContain('ne peut dépasser 2000 caractères');
    expect(text).toContain('Votre nom ne peut dépasser 120 caractères');
  });

  it('refuses a post without the CSRF token', async () => {
    const organisation = createOrganisation(ctx.db);
    const client = new Client(ctx.app);
    await client.get(`/signaler/${organisation.slug}`);
    const response = await client.post(`/signaler/${organisation.slug}`, { ...validReport, _csrf: 'faux' });
    expect(response.statusCode).toBe(403);
    expect(reports()).toHaveLength(0);
  });

  it('pretends to thank a robot that filled the honeypot, and stores nothing', async () => {
    const organisation = createOrganisation(ctx.db);
    const client = new Client(ctx.app);
    await client.get(`/signaler/${organisation.slug}`);
    const response = await client.post(`/signaler/${organisation.slug}`, { ...validReport, site: 'http://spam' });
    expect(response.statusCode).toBe(303);
    expect(reports()).toHaveLength(0);
  });

  it('limits reports per address', async () => {
    const organisation = createOrganisation(ctx.db);
    const client = new Client(ctx.app, { remoteAddress: '203.0.113.9' });
    await client.get(`/signaler/${organisation.slug}`);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await client.post(`/signaler/${organisation.slug}`, validReport)).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 303)).toBe(true);
    expect(statuses[10]).toBe(429);
    const other = new Client(ctx.app, { remoteAddress: '203.0.113.10' });
    await other.get(`/signaler/${organisation.slug}`);
    expect((await other.post(`/signaler/${organisation.slug}`, validReport)).statusCode).toBe(303);
    expect(reports()).toHaveLength(11);
  });

  it('accepts reports on an archived organisation, and 404 on an unknown one', async () => {
    const organisation = createOrganisation(ctx.db, { status: 'archived' });
    const client = new Client(ctx.app);
    expect((await client.get(`/signaler/${organisation.slug}`)).statusCode).toBe(200);
    expect((await client.post(`/signaler/${organisation.slug}`, validReport)).statusCode).toBe(303);
    expect(reports()).toHaveLength(1);
    expect((await client.get('/signaler/inconnu')).statusCode).toBe(404);
  });
});
