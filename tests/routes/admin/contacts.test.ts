import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation, User } from '../../../src/db/schema.js';
import { type TestContext } from '../../support/app.js';
import { Client, signedInTestApp } from '../../support/auth.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../../support/factories.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let user: User;
let client: Client;
let org: Organisation;

beforeEach(async () => {
  ({ ctx, user, client } = await signedInTestApp());
  org = createOrganisation(ctx.db, { name: 'Maison des jeunes' });
});
afterEach(() => ctx.app.close());

const people = () =>
  ctx.db.$client
    .prepare(
      'select id, name, role, phone, phone_extension, email, is_primary, position from contacts where organisation_id = ? order by position',
    )
    .all(org.id) as {
    id: number;
    name: string;
    is_primary: number;
    position: number;
    phone: string | null;
    phone_extension: string | null;
  }[];

describe('admin: personnes-ressources', () => {
  it('adds a person (the first becomes the main contact) with normalised coordinates', async () => {
    const response = await client.post(`/admin/organismes/${org.id}/personnes`, {
      name: 'Sophie Ouellet',
      role: 'Intervenante jeunesse',
      phone: '418-555-0133',
      phoneExtension: '22',
      email: 'Sophie@MDJ.example.org',
    });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/admin/organismes/${org.id}#personnes`);
    expect(people()).toMatchObject([
      {
        name: 'Sophie Ouellet',
        phone: '418 555-0133',
        phone_extension: '22',
        email: 'sophie@mdj.example.org',
        is_primary: 1,
      },
    ]);
    const page = mainText((await ctx.app.inject({ url: `/organismes/${org.slug}` })).body);
    expect(page).toContain('Sophie Ouellet');
    expect(page).toContain('418 555-0133, poste 22');
  });

  it.each([
    [{ name: '' }, 'name', 'Le nom de la personne est obligatoire.'],
    [{ name: 'A', phone: '12' }, 'phone', 'Numéro à 10 chiffres attendu'],
    [{ name: 'A', email: 'x@' }, 'email', 'Courriel invalide'],
    [{ name: 'A', role: 'r'.repeat(121) }, 'role', 'ne peut dépasser 120 caractères'],
  ])('refuses %j with a French message on %s and writes nothing', async (form, field, message) => {
    const response = await client.post(`/admin/organismes/${org.id}/personnes`, form);
    expect(response.statusCode).toBe(422);
    expect(parseHtml(response.body).querySelector(`#champ-${field}-erreur`)?.textContent).toContain(message);
    expect(people()).toEqual([]);
  });

  it('edits a person with optimistic locking', async () => {
    const person = createContact(ctx.db, org, { name: 'Paul Roy', phone: '418 555-0100', isPrimary: true });
    const ok = await client.post(`/admin/personnes/${person.id}`, {
      name: 'Paul Roy',
      role: 'Directeur',
      phone: '418 555-0101',
      version: '1',
    });
    expect(ok.statusCode).toBe(303);
    const stale = await client.post(`/admin/personnes/${person.id}`, { name: 'Paul Roy', role: 'Autre', version: '1' });
    expect(stale.statusCode).toBe(409);
    expect(mainText(stale.body)).toContain('Quelqu’un d’autre a modifié cette personne');
    expect(people()[0]).toMatchObject({ phone: '418 555-0101' });
  });

  it('makes another person the main contact, one at a time', async () => {
    createContact(ctx.db, org, { name: 'Première', isPrimary: true, position: 0 });
    const second = createContact(ctx.db, org, { name: 'Seconde', position: 1 });
    await client.post(`/admin/personnes/${second.id}/principale`);
    expect(people().map((p) => [p.name, p.is_primary])).toEqual([
      ['Première', 0],
      ['Seconde', 1],
    ]);
  });

  it('reorders people', async () => {
    createContact(ctx.db, org, { name: 'A', position: 0 });
    const b = createContact(ctx.db, org, { name: 'B', position: 1 });
    createContact(ctx.db, org, { name: 'C', position: 2 });
    await client.post(`/admin/personnes/${b.id}/monter`);
    expect(people().map((p) => p.name)).toEqual(['B', 'A', 'C']);
    await client.post(`/admin/personnes/${b.id}/descendre`);
    await client.post(`/admin/personnes/${b.id}/descendre`);
    expect(people().map((p) => p.name)).toEqual(['A', 'C', 'B']);
  });

  it('removes a person and restores them from the history, thème designation included', async () => {
    const theme = createTheme(ctx.db);
    const person = createContact(ctx.db, org, {
      name: 'Lucie Gagné',
      role: 'Coordonnatrice',
      phone: '418 555-0144',
      isPrimary: true,
    });
    linkTheme(ctx.db, org, theme, { contact: person });
    expect((await client.post(`/admin/personnes/${person.id}/supprimer`)).statusCode).toBe(303);
    expect(people()).toEqual([]);
    expect(mainText((await ctx.app.inject({ url: `/organismes/${org.slug}` })).body)).not.toContain('Lucie Gagné');

    const history = parseHtml((await client.get(`/admin/organismes/${org.id}/historique`)).body);
    const restore = history.querySelectorAll('form').find((f) => f.textContent.includes('Rétablir cette personne'));
    expect(restore).toBeDefined();
    expect((await client.post(String(restore?.getAttribute('action')))).statusCode).toBe(303);
    const [back] = people();
    expect(back).toMatchObject({ name: 'Lucie Gagné', phone: '418 555-0144', is_primary: 1 });
    expect(
      ctx.db.$client.prepare('select contact_id from organisation_themes where organisation_id = ?').get(org.id),
    ).toEqual({ contact_id: back?.id });
  });

  it('marks a person as verified with who and when', async () => {
    const person = createContact(ctx.db, org, { verifiedAt: null });
    await client.post(`/admin/personnes/${person.id}/verifier`);
    const row = ctx.db.$client.prepare('select verified_at, verified_by from contacts where id = ?').get(person.id) as {
      verified_at: string;
      verified_by: number;
    };
    expect(row.verified_by).toBe(user.id);
    expect(row.verified_at).toBe(ctx.clock().toISOString());
  });
});

describe('admin: dashboard', () => {
  it('shows the verified share, the queue oldest first, missing phones and people, recent changes and the Arbre', async () => {
    const old = createOrganisation(ctx.db, { name: 'Jamais vérifié', verifiedAt: null, phone: null });
    createOrganisation(ctx.db, { name: 'Vérifié en 2023', verifiedAt: '2023-05-01T12:00:00.000Z' });
    createContact(ctx.db, org, { name: 'Personne à jour', verifiedAt: ctx.clock().toISOString() });
    await client.post(`/admin/organismes/${org.id}/verifier`);
    const text = mainText((await client.get('/admin')).body);
    expect(text).toContain('33 %');
    expect(text).toMatch(/Jamais vérifié.*Vérifié en 2023/);
    expect(text).toContain('Sans téléphone principal');
    expect(text).toContain(old.name);
    expect(text).toContain('vérification de l’organisme');
    expect(text).toContain('tient sur une page');
  });
});
