import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation, Theme, User } from '../../../src/db/schema.js';
import { type TestContext } from '../../support/app.js';
import { Client, createUser, loginAs, signedInTestApp } from '../../support/auth.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../../support/factories.js';
import { formValues } from '../../support/forms.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let user: User;
let client: Client;
let theme: Theme;

beforeEach(async () => {
  ({ ctx, user, client } = await signedInTestApp({ name: 'Nadia Coordo' }));
  theme = createTheme(ctx.db, { name: 'Hébergement' });
});
afterEach(() => ctx.app.close());

const row = (id: number) =>
  ctx.db.$client.prepare('select * from organisations where id = ?').get(id) as Record<string, unknown>;
const revisionsOf = (id: number) =>
  ctx.db.$client
    .prepare(
      "select action, before, after, user_id from revisions where entity_type = 'organisation' and entity_id = ? order by id",
    )
    .all(id) as {
    action: string;
    before: string | null;
    after: string | null;
    user_id: number;
  }[];

/** The edit form's current values, as a browser would submit them. */
async function formOf(org: Organisation): Promise<Record<string, string | string[]>> {
  return formValues((await client.get(`/admin/organismes/${org.id}`)).body, `/admin/organismes/${org.id}`);
}

describe('admin: organisations', () => {
  it('creates an organisation with its thèmes, then shows it on the public pages at once', async () => {
    const response = await client.post('/admin/organismes', {
      name: 'Maison de l’Espoir',
      acronym: 'MDE',
      summary: 'Hébergement d’urgence pour les 18-30 ans.',
      phone: '(418) 555.0177',
      phoneExtension: 'poste 4',
      postalCode: 'g5l1a1',
      website: 'www.espoir.example.org',
      ageMin: '18',
      ageMax: '30',
      audiences: ['jeunes', 'adultes'],
      theme: String(theme.id),
      [`note_${theme.id}`]: '18-30 ans',
      version: '0',
    });
    expect(response.statusCode).toBe(303);
    const id = Number(String(response.headers.location).split('/').pop());
    expect(row(id)).toMatchObject({
      slug: 'maison-de-l-espoir',
      phone: '418 555-0177',
      phone_extension: '4',
      postal_code: 'G5L 1A1',
      website: 'https://www.espoir.example.org',
      audiences: 'jeunes,adultes',
      verified_by: user.id,
    });
    expect(revisionsOf(id).map((r) => r.action)).toEqual(['create']);
    const themePage = mainText((await ctx.app.inject({ url: `/themes/${theme.slug}` })).body);
    expect(themePage).toContain('Maison de l’Espoir');
    expect(themePage).toContain('18-30 ans');
    const edit = await client.get(`/admin/organismes/${id}`);
    expect(mainText(edit.body)).toContain('a été ajouté au répertoire');
  });

  const invalid: [string, Record<string, string>, string, string][] = [
    ['name', { name: '' }, 'Le nom de l’organisme est obligatoire.', ''],
    ['name', { name: 'x'.repeat(161) }, 'ne peut dépasser 160 caractères', 'x'.repeat(161)],
    ['phone', { phone: '555-01' }, 'Numéro à 10 chiffres attendu', '555-01'],
    ['phoneExtension', { phoneExtension: 'douze' }, 'Le poste ne contient que des chiffres', 'douze'],
    ['email', { email: 'pas-un-courriel' }, 'Courriel invalide', 'pas-un-courriel'],
    ['website', { website: 'javascript:alert(1)' }, 'Adresse Web invalide', 'javascript:alert(1)'],
    ['website', { website: 'ftp://example.org' }, 'Adresse Web invalide', 'ftp://example.org'],
    ['postalCode', { postalCode: '12345' }, 'Code postal invalide', '12345'],
    ['ageMin', { ageMin: '-3' }, 'Âge entre 0 et 120 attendu.', '-3'],
    ['ageMax', { ageMin: '18', ageMax: '12' }, 'L’âge maximum doit être supérieur ou égal à l’âge minimum.', '12'],
    ['summary', { summary: 'é'.repeat(161) }, 'ne peut dépasser 160 caractères', 'é'.repeat(161)],
    ['referral', { referral: 'a'.repeat(1001) }, 'ne peut dépasser 1000 caractères', 'a'.repeat(1001)],
  ];
  it.each(invalid)(
    'refuses an invalid %s with a French message, keeping every value (%j)',
    async (field, values, message, kept) => {
      const before = ctx.db.$client.prepare('select count(*) as n from organisations').get();
      const response = await client.post('/admin/organismes', {
        name: 'Organisme valide',
        city: 'Rimouski',
        ...values,
      });
      expect(response.statusCode).toBe(422);
      const doc = parseHtml(response.body);
      expect(doc.querySelector(`#champ-${field}-erreur`)?.textContent).toContain(message);
      expect(doc.querySelector(`#champ-${field}`)?.getAttribute('aria-invalid')).toBe('true');
      expect(doc.querySelector('#erreurs a')?.getAttribute('href')).toBe(`#champ-${field}`);
      const input = doc.querySelector(`#champ-${field}`)!;
      expect(input.tagName === 'TEXTAREA' ? input.textContent : input.getAttribute('value')).toBe(kept);
      expect(doc.querySelector('#champ-city')?.getAttribute('value')).toBe('Rimouski');
      expect(ctx.db.$client.prepare('select count(*) as n from organisations').get()).toEqual(before);
    },
  );

  it('never interprets HTML typed in a field', async () => {
    const response = await client.post('/admin/organismes', {
      name: '<script>alert(1)</script>',
      description: '<b>gras</b>',
    });
    const id = Number(String(response.headers.location).split('/').pop());
    const page = await client.get(`/admin/organismes/${id}`);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;');
    const slug = String(row(id).slug);
    expect((await ctx.app.inject({ url: `/organismes/${slug}` })).body).not.toContain('<b>gras</b>');
  });

  it('edits every field, records who changed what, and redirects the old address after a rename', async () => {
    const org = createOrganisation(ctx.db, { name: 'Ancien nom', phone: '418 555-0100' });
    const form = await formOf(org);
    const response = await client.post(`/admin/organismes/${org.id}`, {
      ...form,
      name: 'Nouveau nom',
      phone: '418 555-0199',
      hours: 'Lundi au vendredi',
    });
    expect(response.statusCode).toBe(303);
    expect(row(org.id)).toMatchObject({ name: 'Nouveau nom', slug: 'nouveau-nom', phone: '418 555-0199', version: 2 });
    const [revision] = revisionsOf(org.id);
    expect(revision?.user_id).toBe(user.id);
    expect(JSON.parse(revision!.before!)).toMatchObject({ name: 'Ancien nom', phone: '418 555-0100', hours: null });
    expect(JSON.parse(revision!.after!)).toMatchObject({
      name: 'Nouveau nom',
      phone: '418 555-0199',
      hours: 'Lundi au vendredi',
    });
    const old = await ctx.app.inject({ url: '/organismes/ancien-nom' });
    expect(old.statusCode).toBe(301);
    expect(old.headers.location).toBe('/organismes/nouveau-nom');
    expect(mainText((await ctx.app.inject({ url: '/organismes/nouveau-nom' })).body)).toContain('418 555-0199');
    const history = mainText((await client.get(`/admin/organismes/${org.id}/historique`)).body);
    expect(history).toContain('modification de l’organisme');
    expect(history).toContain('Nadia Coordo');
    expect(history).toContain('Ancien nom');
  });

  it('sets the thème links with their note and designated person, and refuses a person of another organisation', async () => {
    const org = createOrganisation(ctx.db);
    const person = createContact(ctx.db, org, { name: 'Julie Côté' });
    const stranger = createContact(ctx.db, createOrganisation(ctx.db));
    const form = await formOf(org);
    const bad = await client.post(`/admin/organismes/${org.id}`, {
      ...form,
      theme: String(theme.id),
      [`contact_${theme.id}`]: String(stranger.id),
    });
    expect(bad.statusCode).toBe(422);
    expect(mainText(bad.body)).toContain('Cette personne ne fait pas partie de l’organisme.');
    const good = await client.post(`/admin/organismes/${org.id}`, {
      ...form,
      theme: String(theme.id),
      [`note_${theme.id}`]: '12-17 ans',
      [`contact_${theme.id}`]: String(person.id),
    });
    expect(good.statusCode).toBe(303);
    expect(
      ctx.db.$client.prepare('select note, contact_id from organisation_themes where organisation_id = ?').all(org.id),
    ).toEqual([{ note: '12-17 ans', contact_id: person.id }]);
    expect(mainText((await ctx.app.inject({ url: `/themes/${theme.slug}` })).body)).toContain('Julie Côté');
  });

  it('shows a conflict page with both versions instead of overwriting a newer save', async () => {
    const org = createOrganisation(ctx.db, { name: 'Centre', phone: '418 555-0100' });
    const mine = await formOf(org);
    const other = await loginAs(ctx.app, await createUser(ctx.db, { name: 'Autre personne' }));
    const theirs = parseHtml((await other.get(`/admin/organismes/${org.id}`)).body);
    expect(theirs.querySelector('input[name="version"]')?.getAttribute('value')).toBe('1');
    expect((await other.post(`/admin/organismes/${org.id}`, { ...mine, phone: '418 555-0111' })).statusCode).toBe(303);

    const conflict = await client.post(`/admin/organismes/${org.id}`, { ...mine, phone: '418 555-0122' });
    expect(conflict.statusCode).toBe(409);
    const text = mainText(conflict.body);
    expect(text).toContain('Quelqu’un d’autre a enregistré cette fiche');
    expect(text).toContain('418 555-0111');
    expect(text).toContain('418 555-0122');
    expect(row(org.id).phone).toBe('418 555-0111');
    // Saving again from the conflict page is a deliberate overwrite.
    const again = parseHtml(conflict.body).querySelector('input[name="version"]')?.getAttribute('value');
    expect(again).toBe('2');
    expect(
      (await client.post(`/admin/organismes/${org.id}`, { ...mine, phone: '418 555-0122', version: again! }))
        .statusCode,
    ).toBe(303);
    expect(row(org.id).phone).toBe('418 555-0122');
  });

  it('shows thèmes and groups by name on the conflict page, never as raw data', async () => {
    const org = createOrganisation(ctx.db, { name: 'Centre', audiences: 'jeunes' });
    const mine = await formOf(org);
    const other = await loginAs(ctx.app, await createUser(ctx.db, { name: 'Autre personne' }));
    await other.get(`/admin/organismes/${org.id}`);
    expect(
      (await other.post(`/admin/organismes/${org.id}`, { ...mine, audiences: ['jeunes', 'aines'] })).statusCode,
    ).toBe(303);
    const conflict = await client.post(`/admin/organismes/${org.id}`, { ...mine, theme: String(theme.id) });
    expect(conflict.statusCode).toBe(409);
    const rows = parseHtml(conflict.body)
      .querySelectorAll('.form-alert table.diff tbody tr')
      .map((r) => [r.querySelector('th')?.text, r.querySelector('del')?.text, r.querySelector('ins')?.text]);
    expect(rows).toEqual([
      ['Groupes', 'Jeunes, Aînés', 'Jeunes'],
      ['Thèmes', '—', 'Hébergement'],
    ]);
  });

  it('shows an edit at once on the thème page, in search and on the Arbre', async () => {
    const org = createOrganisation(ctx.db, { name: 'Centre Tremplin' });
    linkTheme(ctx.db, org, theme);
    for (const url of [`/themes/${theme.slug}`, '/recherche?q=tremplin', '/arbre']) await ctx.app.inject({ url });
    await client.post(`/admin/organismes/${org.id}`, { ...(await formOf(org)), name: 'Centre Passerelle' });
    for (const url of [`/themes/${theme.slug}`, '/recherche?q=passerelle', '/arbre']) {
      const text = mainText((await ctx.app.inject({ url })).body);
      expect(text, url).toContain('Centre Passerelle');
      expect(text, url).not.toContain('Centre Tremplin');
    }
  });

  it('archives and restores, with immediate effect on public pages', async () => {
    const org = createOrganisation(ctx.db, { name: 'Organisme à archiver' });
    linkTheme(ctx.db, org, theme);
    expect((await client.post(`/admin/organismes/${org.id}/archiver`)).statusCode).toBe(303);
    expect((await ctx.app.inject({ url: `/organismes/${org.slug}` })).statusCode).toBe(410);
    expect(mainText((await ctx.app.inject({ url: `/themes/${theme.slug}` })).body)).not.toContain(
      'Organisme à archiver',
    );
    expect((await client.post(`/admin/organismes/${org.id}/restaurer`)).statusCode).toBe(303);
    expect((await ctx.app.inject({ url: `/organismes/${org.slug}` })).statusCode).toBe(200);
    expect(revisionsOf(org.id).map((r) => r.action)).toEqual(['archive', 'restore']);
  });

  it('marks as verified with the date and the person, apart from edits', async () => {
    const org = createOrganisation(ctx.db, { verifiedAt: '2024-01-01T00:00:00.000Z' });
    expect((await client.post(`/admin/organismes/${org.id}/verifier`)).statusCode).toBe(303);
    const after = row(org.id);
    expect(after.verified_at).toBe(ctx.clock().toISOString());
    expect(after.verified_by).toBe(user.id);
    expect(after.version).toBe(1);
    expect(revisionsOf(org.id).map((r) => r.action)).toEqual(['verify']);
  });

  it('restores an earlier version in one click from the history', async () => {
    const org = createOrganisation(ctx.db, { name: 'Version 1', phone: '418 555-0101' });
    await client.post(`/admin/organismes/${org.id}`, { ...(await formOf(org)), phone: '418 555-0102' });
    await client.post(`/admin/organismes/${org.id}`, {
      ...(await formOf(org)),
      phone: '418 555-0103',
      name: 'Version 3',
    });
    const history = parseHtml((await client.get(`/admin/organismes/${org.id}/historique`)).body);
    const forms = history.querySelectorAll('form[action^="/admin/revisions/"]');
    // Newest first: the second form restores the state after the first edit.
    const response = await client.post(String(forms[1]?.getAttribute('action')));
    expect(response.statusCode).toBe(303);
    expect(row(org.id)).toMatchObject({ name: 'Version 1', phone: '418 555-0102' });
    expect(revisionsOf(org.id).map((r) => r.action)).toEqual(['update', 'update', 'revert']);
  });

  it('lists, searches without accents, filters and sorts', async () => {
    createOrganisation(ctx.db, { name: 'École des Parents', verifiedAt: null });
    createOrganisation(ctx.db, { name: 'Centre Élan', acronym: 'CEL' });
    createOrganisation(ctx.db, { name: 'Archivé', status: 'archived' });
    const names = async (url: string) =>
      parseHtml((await client.get(url)).body)
        .querySelectorAll('tbody td:first-child a')
        .map((a) => a.textContent);
    expect(await names('/admin/organismes')).toEqual(['Centre Élan', 'École des Parents']);
    expect(await names('/admin/organismes?q=ecole')).toEqual(['École des Parents']);
    expect(await names('/admin/organismes?q=cel')).toEqual(['Centre Élan']);
    expect(await names('/admin/organismes?statut=archived')).toEqual(['Archivé']);
    expect(await names('/admin/organismes?averifier=1')).toEqual(['École des Parents']);
    expect(await names('/admin/organismes?q=%25')).toEqual([]);
  });

  it('counts each organisation’s own personnes-ressources in the list', async () => {
    const none = createOrganisation(ctx.db, { name: 'A sans personne' });
    const two = createOrganisation(ctx.db, { name: 'B avec deux' });
    const three = createOrganisation(ctx.db, { name: 'C avec trois' });
    for (const [org, n] of [
      [two, 2],
      [three, 3],
    ] as const)
      for (let i = 0; i < n; i++) createContact(ctx.db, org);
    const rows = parseHtml((await client.get('/admin/organismes')).body).querySelectorAll('tbody tr');
    const counts = Object.fromEntries(
      rows.map((r) => [r.querySelector('td a')?.textContent, r.querySelectorAll('td')[2]?.textContent]),
    );
    expect(counts).toEqual({ [none.name]: '0', [two.name]: '2', [three.name]: '3' });
  });

  it('answers 404 for unknown organisations and rejects a forged CSRF token', async () => {
    expect((await client.get('/admin/organismes/999')).statusCode).toBe(404);
    const org = createOrganisation(ctx.db, { name: 'Intact' });
    const forged = await client.post(`/admin/organismes/${org.id}/archiver`, { _csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
    expect(row(org.id).status).toBe('active');
  });
});
