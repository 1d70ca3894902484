import { afterEach, describe, expect, it } from 'vitest';
import { setMeta } from '../../src/queries/site-meta.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../support/factories.js';

let ctx: TestContext;
afterEach(async () => {
  await ctx.app.close();
});

/** Unfolded properties by name; values unescaped (text values only). */
function readCard(body: string): Map<string, { params: string; value: string }[]> {
  expect(body).toMatch(/^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
  expect(body.endsWith('END:VCARD\r\n')).toBe(true);
  for (const line of body.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  const map = new Map<string, { params: string; value: string }[]>();
  for (const line of body.replace(/\r\n /g, '').split('\r\n').filter(Boolean)) {
    const colon = line.indexOf(':');
    const [name, ...params] = line.slice(0, colon).split(';');
    const raw = line.slice(colon + 1);
    const value =
      name === 'TEL' || name === 'URL'
        ? raw
        : raw.replace(/\\([\\,;nN])/g, (_, c: string) => (c.toLowerCase() === 'n' ? '\n' : c));
    map.set(name!, [...(map.get(name!) ?? []), { params: params.join(';'), value }]);
  }
  return map;
}

const one = (card: ReturnType<typeof readCard>, name: string) => {
  const values = card.get(name) ?? [];
  expect(values, name).toHaveLength(1);
  return values[0]!;
};

describe('GET /organismes/:slug/personnes/:id.vcf', () => {
  it('downloads the personne-ressource as a vCard 4.0 named after them', async () => {
    ctx = await buildTestApp();
    const sante = createTheme(ctx.db, { name: 'Santé mentale' });
    const logement = createTheme(ctx.db, { name: 'Hébergement' });
    const emploi = createTheme(ctx.db, { name: 'Employabilité' });
    const org = createOrganisation(ctx.db, { name: 'Centre de crise Le Phare' });
    const person = createContact(ctx.db, org, {
      name: 'Marie-Ève Côté',
      role: 'Coordonnatrice clinique',
      phone: '418 555-0165',
      phoneExtension: '12',
      email: 'marie-eve.cote@example.org',
    });
    const other = createContact(ctx.db, org, { name: 'Paul Roy', isPrimary: true });
    linkTheme(ctx.db, org, sante, { contact: person });
    linkTheme(ctx.db, org, logement, { contact: person });
    linkTheme(ctx.db, org, emploi, { contact: other });

    const response = await ctx.app.inject({ url: `/organismes/${org.slug}/personnes/${person.id}.vcf` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/vcard; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="marie-eve-cote.vcf"; filename*=UTF-8''marie-%C3%A8ve-c%C3%B4t%C3%A9.vcf`,
    );
    const card = readCard(response.body);
    expect(one(card, 'FN').value).toBe('Marie-Ève Côté');
    expect(one(card, 'N').value).toBe('Côté;Marie-Ève;;;');
    expect(one(card, 'ORG').value).toBe('Centre de crise Le Phare');
    expect(one(card, 'TITLE').value).toBe('Coordonnatrice clinique');
    expect(one(card, 'TEL')).toEqual({ params: 'VALUE=uri;TYPE=work,voice', value: 'tel:+14185550165;ext=12' });
    expect(one(card, 'EMAIL').value).toBe('marie-eve.cote@example.org');
    // Only the thèmes this person answers for, in the Arbre's order.
    expect(one(card, 'NOTE').value).toBe('Personne-ressource — Santé mentale, Hébergement');
    expect(one(card, 'REV').value).toMatch(/^\d{8}T\d{6}Z$/);
    expect(one(card, 'UID').value).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    // Without PUBLIC_URL there is no absolute address to give.
    expect(card.has('URL')).toBe(false);
  });

  it('links to the organisation’s public page when PUBLIC_URL is configured', async () => {
    ctx = await buildTestApp({ publicUrl: 'https://repertoire.example.org' });
    const org = createOrganisation(ctx.db);
    const person = createContact(ctx.db, org);
    const card = readCard((await ctx.app.inject({ url: `/organismes/${org.slug}/personnes/${person.id}.vcf` })).body);
    expect(one(card, 'URL').value).toBe(`https://repertoire.example.org/organismes/${org.slug}`);
  });

  it('gives the main contact the thèmes nobody was designated for, and the main number when they have no line', async () => {
    ctx = await buildTestApp();
    const org = createOrganisation(ctx.db, { phone: '418 555-0142' });
    const main = createContact(ctx.db, org, {
      name: 'Anne Tremblay',
      isPrimary: true,
      phone: null,
      phoneExtension: '3',
      email: null,
    });
    const other = createContact(ctx.db, org, { name: 'Luc Ouellet' });
    const undesignated = createTheme(ctx.db, { name: 'Dernier recours' });
    const designated = createTheme(ctx.db, { name: 'Agressions' });
    linkTheme(ctx.db, org, undesignated);
    linkTheme(ctx.db, org, designated, { contact: other });

    const card = readCard((await ctx.app.inject({ url: `/organismes/${org.slug}/personnes/${main.id}.vcf` })).body);
    expect(one(card, 'NOTE').value).toBe('Personne-ressource — Dernier recours');
    expect(one(card, 'TEL').value).toBe('tel:+14185550142;ext=3');
    expect(card.has('EMAIL')).toBe(false);

    const otherCard = readCard(
      (await ctx.app.inject({ url: `/organismes/${org.slug}/personnes/${other.id}.vcf` })).body,
    );
    expect(one(otherCard, 'NOTE').value).toBe('Personne-ressource — Agressions');
  });

  it('has no NOTE for someone who is the reference for no thème', async () => {
    ctx = await buildTestApp();
    const org = createOrganisation(ctx.db);
    createContact(ctx.db, org, { isPrimary: true });
    const person = createContact(ctx.db, org);
    linkTheme(ctx.db, org, createTheme(ctx.db));
    const card = readCard((await ctx.app.inject({ url: `/organismes/${org.slug}/personnes/${person.id}.vcf` })).body);
    expect(card.has('NOTE')).toBe(false);
  });

  it('says the person is fictional when the demo data is loaded', async () => {
    ctx = await buildTestApp();
    setMeta(ctx.db, 'dataset', 'demo');
    const org = createOrganisation(ctx.db);
    const person = createContact(ctx.db, org);
    const card = readCard((await ctx.app.inject({ url: `/organismes/${org.slug}/personnes/${person.id}.vcf` })).body);
    expect(one(card, 'NOTE').value).toContain('Données de démonstration');
  });

  it('carries hostile names and fonctions as data, escaped and folded, with a safe file name', async () => {
    ctx = await buildTestApp();
    const org = createOrganisation(ctx.db, { name: 'Maison « L’Abri » ; 🏠, \\ refuge' });
    const name = 'Zoé "Zed" <script>alert(1)</script> Ouellet-Bérubé 😀';
    const role = 'Intervenante; nuit, fin de semaine\nremplacements \\ urgences — '.repeat(3);
    const person = createContact(ctx.db, org, { name, role });

    const response = await ctx.app.inject({ url: `/organismes/${org.slug}/personnes/${person.id}.vcf` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('\r\n ');
    const card = readCard(response.body);
    expect(one(card, 'FN').value).toBe(name);
    expect(one(card, 'TITLE').value).toBe(role.trim());
    expect(one(card, 'ORG').value).toBe('Maison « L’Abri » ; 🏠, \\ refuge');
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).toMatch(
      /^attachment; filename="[a-z0-9-]+\.vcf"; filename\*=UTF-8''[A-Za-z0-9!#$&+\-.^_`|~%]+$/,
    );
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toBe(
      'zoé-zed-script-alert-1-script-ouellet-bérubé.vcf',
    );
  });

  it('answers 404 for anything but a contact of an active organisation', async () => {
    ctx = await buildTestApp();
    const org = createOrganisation(ctx.db);
    const person = createContact(ctx.db, org);
    const elsewhere = createContact(ctx.db, createOrganisation(ctx.db));
    const archived = createOrganisation(ctx.db, { status: 'archived' });
    const archivedPerson = createContact(ctx.db, archived);
    const urls = [
      `/organismes/inconnu/personnes/${person.id}.vcf`,
      `/organismes/${org.slug}/personnes/${elsewhere.id}.vcf`,
      `/organismes/${org.slug}/personnes/999999.vcf`,
      `/organismes/${org.slug}/personnes/abc.vcf`,
      `/organismes/${org.slug}/personnes/1.5.vcf`,
      `/organismes/${archived.slug}/personnes/${archivedPerson.id}.vcf`,
    ];
    for (const url of urls) {
      const response = await ctx.app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers['content-type'], url).toBe('text/html; charset=utf-8');
    }
    expect((await ctx.app.inject({ url: `/organismes/${org.slug}/personnes/${person.id}.vcf` })).statusCode).toBe(200);
  });
});
