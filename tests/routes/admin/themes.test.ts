import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../src/db/schema.js';
import { contrastOnWhite } from '../../../src/forms/theme.js';
import { type TestContext } from '../../support/app.js';
import { Client, createUser, loginAs, signedInTestApp } from '../../support/auth.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../../support/factories.js';
import { mainText, parseHtml } from '../../support/html.js';
import themesSeed from '../../../seeds/themes.json' with { type: 'json' };

let ctx: TestContext;
let admin: User;
let client: Client;
beforeEach(async () => {
  ({ ctx, user: admin, client } = await signedInTestApp({ role: 'admin' }));
});
afterEach(() => ctx.app.close());

const count = (sql: string, ...params: unknown[]) => (ctx.db.$client.prepare(sql).get(...params) as { n: number }).n;
const themeRow = (id: number) =>
  ctx.db.$client.prepare('select * from themes where id = ?').get(id) as Record<string, unknown> | undefined;
const links = (themeId: number) =>
  ctx.db.$client
    .prepare(
      'select organisation_id, note, contact_id from organisation_themes where theme_id = ? order by organisation_id',
    )
    .all(themeId);
const revisions = (entityType: string, entityId: number) =>
  ctx.db.$client
    .prepare('select action, before, after, user_id from revisions where entity_type = ? and entity_id = ? order by id')
    .all(entityType, entityId) as {
    action: string;
    before: string | null;
    after: string | null;
    user_id: number;
  }[];

const valid = {
  name: 'Transport',
  description: 'Se déplacer sur le territoire.',
  color: '#1E5A44',
  position: '20',
  keywords: 'autobus\ncovoiturage',
};

describe('thème list', () => {
  it('lists thèmes in display order with colour and active/archived counts', async () => {
    const second = createTheme(ctx.db, { name: 'Santé', position: 2, color: '#0B5A8A' });
    const first = createTheme(ctx.db, { name: 'Hébergement', position: 1 });
    const active = createOrganisation(ctx.db);
    const archived = createOrganisation(ctx.db, { status: 'archived' });
    linkTheme(ctx.db, active, second);
    linkTheme(ctx.db, archived, second);
    const response = await client.get('/admin/themes');
    expect(response.statusCode).toBe(200);
    const rows = parseHtml(response.body).querySelectorAll('tbody tr');
    expect(rows.map((row) => row.querySelector('th')?.text.trim())).toEqual(['Hébergement', 'Santé']);
    const cells = rows[1]!.querySelectorAll('td').map((cell) => cell.text.trim());
    expect(cells).toEqual(['2', '1', '1', expect.any(String)]);
    expect(rows[0]!.querySelector('a')?.getAttribute('href')).toBe(`/admin/themes/${first.id}`);
    expect(response.body).toContain('fill="#0B5A8A"');
  });
});

describe('role restrictions', () => {
  it('answers 403 (French page) to an editor on every thème URL, GET or POST, and writes nothing', async () => {
    const theme = createTheme(ctx.db, { name: 'Intact', position: 1 });
    const other = createTheme(ctx.db, { name: 'Autre', position: 2 });
    const organisation = createOrganisation(ctx.db);
    linkTheme(ctx.db, organisation, theme);
    const editorClient = await loginAs(ctx.app, await createUser(ctx.db, { role: 'editeur' }));
    const snapshot = () =>
      JSON.stringify([ctx.db.$client.prepare('select * from themes order by id').all(), links(theme.id)]);
    const before = snapshot();
    const gets = [
      '/admin/themes',
      '/admin/themes/nouveau',
      `/admin/themes/${theme.id}`,
      `/admin/themes/${theme.id}/supprimer`,
      '/admin/themes/999',
      '/admin/themes/x',
    ];
    for (const url of gets) {
      const response = await editorClient.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(mainText(response.body), url).toContain('Accès refusé');
    }
    // A fresh, valid CSRF token: the refusal must come from the role, not from a missing token.
    await editorClient.get('/admin');
    const posts: [string, Record<string, string>][] = [
      ['/admin/themes/nouveau', valid],
      [`/admin/themes/${theme.id}`, { ...valid, version: '1' }],
      [`/admin/themes/${theme.id}/supprimer`, { confirmation: 'oui', destination: String(other.id) }],
      [`/admin/themes/${other.id}/supprimer`, { confirmation: 'oui' }],
      [`/admin/themes/${other.id}/monter`, {}],
      [`/admin/themes/${theme.id}/descendre`, {}],
    ];
    for (const [url, form] of posts) {
      const response = await editorClient.post(url, form);
      expect(response.statusCode, url).toBe(403);
      expect(mainText(response.body), url).toContain('Accès refusé');
    }
    expect(snapshot()).toBe(before);
    expect(count('select count(*) as n from revisions')).toBe(0);
    // The same session and token work where editors belong, so the refusals above were about the role.
    expect((await editorClient.post(`/admin/organismes/${organisation.id}/verifier`)).statusCode).toBe(303);
  });

  it('hides the Thèmes link from editors', async () => {
    const editorClient = await loginAs(ctx.app, await createUser(ctx.db, { role: 'editeur' }));
    expect((await editorClient.get('/admin')).body).not.toContain('href="/admin/themes"');
    expect((await client.get('/admin')).body).toContain('href="/admin/themes"');
  });

  it('sends anonymous visitors to the login page', async () => {
    const anonymous = new Client(ctx.app);
    for (const url of ['/admin/themes', '/admin/themes/nouveau', '/admin/themes/1']) {
      const response = await anonymous.get(url);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toMatch(/^\/connexion\?retour=/);
    }
  });
});

describe('creating a thème', () => {
  it('creates it with a slug from the name, normalised keywords and a revision, then redirects with a flash', async () => {
    await client.get('/admin/themes/nouveau');
    const response = await client.post('/admin/themes/nouveau', {
      ...valid,
      name: '  Transport et mobilité ',
      color: '#1e5a44',
      keywords: ' Autobus \n\ncovoiturage\nAUTOBUS\n  Taxi   collectif ',
    });
    expect(response.statusCode).toBe(303);
    const row = ctx.db.$client.prepare('select * from themes where name = ?').get('Transport et mobilité') as Record<
      string,
      unknown
    >;
    expect(row).toMatchObject({
      slug: 'transport-et-mobilite',
      color: '#1E5A44',
      position: 20,
      keywords: 'autobus\ncovoiturage\ntaxi collectif',
    });
    expect(response.headers.location).toBe(`/admin/themes/${row.id}`);
    const page = await client.get(String(response.headers.location));
    expect(mainText(page.body)).toContain('Le thème « Transport et mobilité » a été créé.');
    const [revision] = revisions('theme', Number(row.id));
    expect(revision?.action).toBe('create');
    expect(revision?.user_id).toBe(admin.id);
    expect(JSON.parse(String(revision?.after))).toMatchObject({
      name: 'Transport et mobilité',
      slug: 'transport-et-mobilite',
    });
  });

  it('places a thème typed without a position after the last one', async () => {
    createTheme(ctx.db, { position: 7 });
    await client.get('/admin/themes/nouveau');
    expect((await client.post('/admin/themes/nouveau', { ...valid, position: '' })).statusCode).toBe(303);
    expect(ctx.db.$client.prepare('select position from themes where name = ?').get('Transport')).toEqual({
      position: 8,
    });
  });

  it('takes the colour picker’s value when only the picker was changed (no JavaScript needed)', async () => {
    await client.get('/admin/themes/nouveau');
    await client.post('/admin/themes/nouveau', {
      ...valid,
      color: '#1E5A44',
      colorInitial: '#1e5a44',
      colorPicker: '#5b3b8a',
    });
    expect(ctx.db.$client.prepare('select color from themes where name = ?').get('Transport')).toEqual({
      color: '#5B3B8A',
    });
  });

  const longKeywords = Array.from({ length: 41 }, (_, i) => `mot ${i}`).join('\n');
  const invalid: [string, Record<string, string>, string, string][] = [
    ['missing name', { name: '   ' }, 'name', 'Entrez le nom du thème.'],
    ['name too long', { name: 'n'.repeat(81) }, 'name', 'Le nom ne peut dépasser 80 caractères.'],
    [
      'description too long',
      { description: 'd'.repeat(601) },
      'description',
      'La description ne peut dépasser 600 caractères.',
    ],
    ['missing colour', { color: '' }, 'color', 'Entrez une couleur, par exemple #1E5A44.'],
    ['colour not hex', { color: 'vert' }, 'color', 'Entrez une couleur au format #RRGGBB'],
    ['colour short form', { color: '#abc' }, 'color', 'Entrez une couleur au format #RRGGBB'],
    [
      'colour too pale on white',
      { color: '#FFD700' },
      'color',
      'Cette couleur est trop pâle sur fond blanc (contraste 1,4:1, minimum 4,5:1)',
    ],
    ['colour just under 4.5:1', { color: '#808080' }, 'color', 'contraste 3,9:1'],
    ['position not a number', { position: 'trois' }, 'position', 'L’ordre doit être un nombre entier entre 0 et 9999'],
    ['negative position', { position: '-1' }, 'position', 'L’ordre doit être un nombre entier entre 0 et 9999'],
    ['position too large', { position: '10000' }, 'position', 'L’ordre doit être un nombre entier entre 0 et 9999'],
    ['keyword too long', { keywords: `ok\n${'k'.repeat(61)}` }, 'keywords', 'dépasse 60 caractères'],
    [
      'too many keywords',
      { keywords: longKeywords },
      'keywords',
      'Un thème compte au plus 40 mots-clés (vous en avez 41).',
    ],
    ['keyword list far too long', { keywords: 'x'.repeat(5000) }, 'keywords', 'La liste de mots-clés est trop longue.'],
  ];
  it.each(invalid)(
    'refuses %s with 422, a French message, the values kept and nothing written',
    async (_case, change, field, message) => {
      await client.get('/admin/themes/nouveau');
      const before = count('select count(*) as n from themes');
      const response = await client.post('/admin/themes/nouveau', { ...valid, ...change });
      expect(response.statusCode).toBe(422);
      const html = parseHtml(response.body);
      expect(html.querySelector(`#champ-${field}-erreur`)?.text).toContain(message);
      expect(html.querySelector(`#champ-${field}`)?.getAttribute('aria-invalid')).toBe('true');
      // The summary at the top links to the field.
      expect(html.querySelector(`.form-alert a[href="#champ-${field}"]`)?.text).toContain(message);
      for (const [key, value] of Object.entries({ ...valid, ...change })) {
        const element = html.querySelector(`[name="${key}"]`);
        const shown = element?.tagName === 'TEXTAREA' ? element.text : element?.getAttribute('value');
        expect(shown?.trim()).toBe(value.trim().replace(/\r\n/g, '\n'));
      }
      expect(count('select count(*) as n from themes')).toBe(before);
      expect(count('select count(*) as n from revisions')).toBe(0);
    },
  );

  it('refuses a name already used, whatever its case', async () => {
    createTheme(ctx.db, { name: 'Santé mentale' });
    await client.get('/admin/themes/nouveau');
    const response = await client.post('/admin/themes/nouveau', { ...valid, name: 'SANTÉ MENTALE' });
    expect(response.statusCode).toBe(422);
    expect(mainText(response.body)).toContain('Un thème porte déjà ce nom.');
    expect(response.body).toContain('value="SANTÉ MENTALE"');
    expect(count('select count(*) as n from themes')).toBe(1);
  });

  it('escapes HTML typed in any field', async () => {
    await client.get('/admin/themes/nouveau');
    const response = await client.post('/admin/themes/nouveau', {
      ...valid,
      name: '<script>alert(1)</script>',
      keywords: '<b>gras</b>',
    });
    const page = await client.get(String(response.headers.location));
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<b>gras</b>');
    const invalid = await client.post('/admin/themes/nouveau', {
      ...valid,
      name: '<img src=x onerror=alert(1)>',
      color: 'x',
    });
    expect(invalid.body).not.toContain('<img src=x');
  });
});

describe('editing a thème', () => {
  it('shows the current values and the slug hint, saves changes, keeps the slug, and shows the history', async () => {
    const theme = createTheme(ctx.db, {
      name: 'Employabilité',
      keywords: 'emploi\ntravail',
      color: '#1E5A44',
      position: 3,
    });
    const form = await client.get(`/admin/themes/${theme.id}`);
    expect(form.statusCode).toBe(200);
    const html = parseHtml(form.body);
    expect(html.querySelector('#champ-name')?.getAttribute('value')).toBe('Employabilité');
    expect(html.querySelector('#champ-keywords')?.text).toBe('emploi\ntravail');
    expect(html.querySelector('#champ-colorPicker')?.getAttribute('type')).toBe('color');
    expect(mainText(form.body)).toContain(`/themes/${theme.slug}`);
    expect(html.querySelector('input[name="version"]')?.getAttribute('value')).toBe('1');
    const response = await client.post(`/admin/themes/${theme.id}`, {
      version: '1',
      name: 'Emploi et formation',
      description: 'Trouver un emploi.',
      color: '#143D2E',
      position: '4',
      keywords: 'emploi\nformation',
    });
    expect(response.statusCode).toBe(303);
    expect(themeRow(theme.id)).toMatchObject({
      name: 'Emploi et formation',
      slug: theme.slug,
      color: '#143D2E',
      position: 4,
      keywords: 'emploi\nformation',
    });
    const [revision] = revisions('theme', theme.id);
    expect(revision?.action).toBe('update');
    expect(JSON.parse(String(revision?.before))).toMatchObject({ name: 'Employabilité' });
    expect(JSON.parse(String(revision?.after))).toMatchObject({ name: 'Emploi et formation' });
    const page = await client.get(`/admin/themes/${theme.id}`);
    const text = mainText(page.body);
    expect(text).toContain('a été enregistré');
    expect(text).toContain('Historique');
    expect(text).toContain('modification du thème');
    expect(parseHtml(page.body).querySelector('.diff del')?.text).toBe('Employabilité');
    expect(text).toContain(admin.name);
  });

  it('keeps the position when the field is left empty, and records nothing when nothing changed', async () => {
    const theme = createTheme(ctx.db, { name: 'Santé', position: 5, description: '', keywords: '' });
    await client.get(`/admin/themes/${theme.id}`);
    const response = await client.post(`/admin/themes/${theme.id}`, {
      name: 'Santé',
      description: '',
      color: '#1E5A44',
      position: '',
      keywords: '',
      version: '1',
    });
    expect(response.statusCode).toBe(303);
    expect(themeRow(theme.id)?.position).toBe(5);
    expect(revisions('theme', theme.id)).toEqual([]);
    expect(mainText((await client.get(`/admin/themes/${theme.id}`)).body)).toContain(
      'Aucune modification à enregistrer.',
    );
  });

  it('refuses another thème’s name but accepts its own', async () => {
    createTheme(ctx.db, { name: 'Hébergement' });
    const theme = createTheme(ctx.db, { name: 'Logement' });
    await client.get(`/admin/themes/${theme.id}`);
    const taken = await client.post(`/admin/themes/${theme.id}`, { ...valid, name: 'hébergement', version: '1' });
    expect(taken.statusCode).toBe(422);
    expect(mainText(taken.body)).toContain('Un thème porte déjà ce nom.');
    expect(themeRow(theme.id)?.name).toBe('Logement');
    expect(
      (await client.post(`/admin/themes/${theme.id}`, { ...valid, name: 'Logement', version: '1' })).statusCode,
    ).toBe(303);
  });

  it('re-indexes the thème’s organisations for search when renamed', async () => {
    const theme = createTheme(ctx.db, { name: 'Logement' });
    linkTheme(ctx.db, createOrganisation(ctx.db, { name: 'Maison Le Toit' }), theme);
    await client.get(`/admin/themes/${theme.id}`);
    await client.post(`/admin/themes/${theme.id}`, { ...valid, name: 'Itinérance', version: '1' });
    const search = await ctx.app.inject({ url: '/recherche?q=itinerance' });
    expect(mainText(search.body)).toContain('Maison Le Toit');
  });

  it('shows a conflict page with both versions instead of overwriting a newer save', async () => {
    const theme = createTheme(ctx.db, { name: 'Logement', description: 'Trouver un toit.', position: 3 });
    await client.get(`/admin/themes/${theme.id}`);
    const other = await loginAs(ctx.app, await createUser(ctx.db, { role: 'admin', name: 'Autre administratrice' }));
    await other.get(`/admin/themes/${theme.id}`);
    const theirs = {
      ...valid,
      name: 'Logement',
      description: 'Se loger à prix abordable.',
      position: '3',
      version: '1',
    };
    expect((await other.post(`/admin/themes/${theme.id}`, theirs)).statusCode).toBe(303);

    const mine = { ...theirs, description: 'Un toit pour chacun.' };
    const conflict = await client.post(`/admin/themes/${theme.id}`, mine);
    expect(conflict.statusCode).toBe(409);
    const text = mainText(conflict.body);
    expect(text).toContain('Quelqu’un d’autre a enregistré ce thème pendant que vous le modifiiez.');
    const row = parseHtml(conflict.body).querySelector('table.diff tbody tr');
    expect(row?.querySelector('th')?.text).toBe('Description');
    expect(row?.querySelector('del')?.text).toBe('Se loger à prix abordable.');
    expect(row?.querySelector('ins')?.text).toBe('Un toit pour chacun.');
    // The form keeps what this person typed, so saving again is a deliberate overwrite of the newer version.
    expect(parseHtml(conflict.body).querySelector('#champ-description')?.text).toBe('Un toit pour chacun.');
    expect(themeRow(theme.id)).toMatchObject({ description: 'Se loger à prix abordable.', version: 2 });
    const again = parseHtml(conflict.body).querySelector('input[name="version"]')?.getAttribute('value');
    expect(again).toBe('2');
    expect((await client.post(`/admin/themes/${theme.id}`, { ...mine, version: again! })).statusCode).toBe(303);
    expect(themeRow(theme.id)).toMatchObject({ description: 'Un toit pour chacun.', version: 3 });
    expect(revisions('theme', theme.id).map((r) => r.action)).toEqual(['update', 'update']);
  });

  it('lets exactly one of 20 concurrent saves of a thème through; the 19 others get the conflict page', async () => {
    const theme = createTheme(ctx.db, { name: 'Logement', position: 3 });
    await client.get(`/admin/themes/${theme.id}`);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.post(`/admin/themes/${theme.id}`, {
          ...valid,
          name: 'Logement',
          description: `Version ${i}`,
          version: '1',
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 303)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    for (const response of responses.filter((r) => r.statusCode === 409))
      expect(mainText(response.body)).toContain('Quelqu’un d’autre a enregistré ce thème');
    const winner = statuses.indexOf(303);
    expect(themeRow(theme.id)).toMatchObject({ description: `Version ${winner}`, version: 2 });
    expect(revisions('theme', theme.id)).toHaveLength(1);
  });

  it('refuses a save without a version as a conflict rather than overwriting', async () => {
    const theme = createTheme(ctx.db, { name: 'Logement', description: 'Avant.' });
    await client.get(`/admin/themes/${theme.id}`);
    const response = await client.post(`/admin/themes/${theme.id}`, {
      ...valid,
      name: 'Logement',
      description: 'Après.',
    });
    expect(response.statusCode).toBe(409);
    expect(themeRow(theme.id)?.description).toBe('Avant.');
  });

  it('treats a move up or down as a save, so a form drawn before it cannot put the old order back', async () => {
    const first = createTheme(ctx.db, { name: 'Premier', position: 1 });
    const second = createTheme(ctx.db, { name: 'Second', position: 2 });
    await client.get(`/admin/themes/${second.id}`);
    await client.post(`/admin/themes/${second.id}/monter`);
    expect(themeRow(second.id)).toMatchObject({ position: 1, version: 2 });
    expect(themeRow(first.id)).toMatchObject({ position: 2, version: 2 });
    const stale = await client.post(`/admin/themes/${second.id}`, {
      ...valid,
      name: 'Second',
      position: '2',
      version: '1',
    });
    expect(stale.statusCode).toBe(409);
    const rows = parseHtml(stale.body).querySelectorAll('.form-alert table.diff tbody tr');
    const order = rows.find((row) => row.querySelector('th')?.text === 'Ordre d’affichage');
    expect([order?.querySelector('del')?.text, order?.querySelector('ins')?.text]).toEqual(['1', '2']);
    expect(themeRow(second.id)?.position).toBe(1);
  });

  it('answers 404 for an unknown or malformed id', async () => {
    expect((await client.get('/admin/themes/999')).statusCode).toBe(404);
    expect((await client.get('/admin/themes/abc')).statusCode).toBe(404);
  });
});

describe('reordering', () => {
  it('moves a thème up and down with buttons, renumbering positions, with revisions', async () => {
    const a = createTheme(ctx.db, { name: 'A', position: 10 });
    const b = createTheme(ctx.db, { name: 'B', position: 10 });
    const c = createTheme(ctx.db, { name: 'C', position: 30 });
    await client.get('/admin/themes');
    const response = await client.post(`/admin/themes/${c.id}/monter`);
    expect(response.statusCode).toBe(303);
    const order = () =>
      (ctx.db.$client.prepare('select name from themes order by position, name').all() as { name: string }[]).map(
        (r) => r.name,
      );
    expect(order()).toEqual(['A', 'C', 'B']);
    expect([a, b, c].map((t) => themeRow(t.id)?.position)).toEqual([1, 3, 2]);
    expect(revisions('theme', c.id).map((r) => r.action)).toEqual(['update']);
    await client.post(`/admin/themes/${a.id}/descendre`);
    expect(order()).toEqual(['C', 'A', 'B']);
    const top = await client.post(`/admin/themes/${c.id}/monter`);
    expect(top.statusCode).toBe(303);
    expect(mainText((await client.get('/admin/themes')).body)).toContain('est déjà le premier');
    expect(order()).toEqual(['C', 'A', 'B']);
  });
});

describe('deleting a thème', () => {
  it('deletes a thème without organisations after confirmation, with a revision', async () => {
    const theme = createTheme(ctx.db, { name: 'Vide' });
    await client.get(`/admin/themes/${theme.id}`);
    const ask = await client.post(`/admin/themes/${theme.id}/supprimer`);
    expect(ask.statusCode).toBe(200);
    expect(mainText(ask.body)).toContain('Aucun organisme n’est classé sous ce thème.');
    expect(themeRow(theme.id)).toBeDefined();
    const response = await client.post(`/admin/themes/${theme.id}/supprimer`, { confirmation: 'oui' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/themes');
    expect(themeRow(theme.id)).toBeUndefined();
    expect(revisions('theme', theme.id).map((r) => r.action)).toEqual(['delete']);
    expect(JSON.parse(String(revisions('theme', theme.id)[0]?.before))).toMatchObject({ name: 'Vide' });
    expect(mainText((await client.get('/admin/themes')).body)).toContain('Le thème « Vide » a été supprimé.');
  });

  it('first asks where to move the organisations (active and archived), and never deletes without an answer', async () => {
    const theme = createTheme(ctx.db, { name: 'Ancien' });
    const other = createTheme(ctx.db, { name: 'Nouveau' });
    const active = createOrganisation(ctx.db, { name: 'Organisme actif' });
    const archived = createOrganisation(ctx.db, { name: 'Organisme archivé', status: 'archived' });
    linkTheme(ctx.db, active, theme);
    linkTheme(ctx.db, archived, theme);
    await client.get(`/admin/themes/${theme.id}`);
    const ask = await client.post(`/admin/themes/${theme.id}/supprimer`);
    expect(ask.statusCode).toBe(200);
    const text = mainText(ask.body);
    expect(text).toContain('Ce thème est attribué à 2 organismes (dont 1 archivé)');
    expect(text).toContain('Organisme actif');
    expect(text).toContain('Organisme archivé');
    const options = parseHtml(ask.body)
      .querySelectorAll('#champ-destination option')
      .map((o) => o.getAttribute('value'));
    expect(options).toEqual(['', String(other.id), 'retirer']);

    for (const destination of ['', String(theme.id), '99999', 'n’importe quoi']) {
      const refused = await client.post(`/admin/themes/${theme.id}/supprimer`, { confirmation: 'oui', destination });
      expect(refused.statusCode).toBe(422);
      expect(parseHtml(refused.body).querySelector('#champ-destination-erreur')?.text).toMatch(/Choisissez/);
    }
    expect(themeRow(theme.id)).toBeDefined();
    expect(links(theme.id)).toHaveLength(2);
    expect(count('select count(*) as n from revisions')).toBe(0);
  });

  it('moves the organisations to another thème, merging with existing links, then deletes, in one go with revisions', async () => {
    const theme = createTheme(ctx.db, { name: 'Ancien' });
    const target = createTheme(ctx.db, { name: 'Cible' });
    const onlyOld = createOrganisation(ctx.db, { name: 'Seulement ancien' });
    const both = createOrganisation(ctx.db, { name: 'Les deux' });
    const archived = createOrganisation(ctx.db, { name: 'Archivé', status: 'archived' });
    const oldPerson = createContact(ctx.db, onlyOld);
    const keptPerson = createContact(ctx.db, both);
    const droppedPerson = createContact(ctx.db, both);
    linkTheme(ctx.db, onlyOld, theme, { note: 'note ancienne', contact: oldPerson });
    linkTheme(ctx.db, both, theme, { note: 'note à oublier', contact: droppedPerson });
    linkTheme(ctx.db, both, target, { note: 'note gardée', contact: keptPerson });
    linkTheme(ctx.db, archived, theme);
    await client.get(`/admin/themes/${theme.id}/supprimer`);
    const response = await client.post(`/admin/themes/${theme.id}/supprimer`, {
      confirmation: 'oui',
      destination: String(target.id),
    });
    expect(response.statusCode).toBe(303);
    expect(themeRow(theme.id)).toBeUndefined();
    expect(links(target.id)).toEqual([
      { organisation_id: onlyOld.id, note: 'note ancienne', contact_id: oldPerson.id },
      { organisation_id: both.id, note: 'note gardée', contact_id: keptPerson.id },
      { organisation_id: archived.id, note: null, contact_id: null },
    ]);
    expect(revisions('theme', theme.id).map((r) => r.action)).toEqual(['move', 'delete']);
    const targetRevision = revisions('theme', target.id)[0]!;
    expect(targetRevision.action).toBe('move');
    expect(JSON.parse(String(targetRevision.after)).organisations).toHaveLength(3);
    const orgRevision = revisions('organisation', both.id)[0]!;
    expect(orgRevision.action).toBe('move');
    expect(JSON.parse(String(orgRevision.before))).toEqual({
      name: 'Les deux',
      themes: expect.arrayContaining(['Ancien', 'Cible']),
    });
    expect(JSON.parse(String(orgRevision.after))).toEqual({ name: 'Les deux', themes: ['Cible'] });
    expect(mainText((await client.get('/admin/themes')).body)).toContain(
      'Le thème « Ancien » a été supprimé (3 organismes déplacés).',
    );
    const history = mainText((await client.get(`/admin/themes/${target.id}`)).body);
    expect(history).toContain('déplacement du thème');
    expect(history).toContain('Organismes');
  });

  it('removes the thème from its organisations when asked, warning about those left without thème', async () => {
    const theme = createTheme(ctx.db, { name: 'Retiré' });
    const kept = createTheme(ctx.db, { name: 'Gardé' });
    const alone = createOrganisation(ctx.db, { name: 'Seul' });
    const twice = createOrganisation(ctx.db, { name: 'Double' });
    linkTheme(ctx.db, alone, theme);
    linkTheme(ctx.db, twice, theme);
    linkTheme(ctx.db, twice, kept);
    const ask = await client.get(`/admin/themes/${theme.id}/supprimer`);
    expect(mainText(ask.body)).toContain('Un organisme n’a que ce thème');
    const response = await client.post(`/admin/themes/${theme.id}/supprimer`, {
      confirmation: 'oui',
      destination: 'retirer',
    });
    expect(response.statusCode).toBe(303);
    expect(themeRow(theme.id)).toBeUndefined();
    expect(count('select count(*) as n from organisation_themes where organisation_id = ?', alone.id)).toBe(0);
    expect(links(kept.id)).toHaveLength(1);
    expect(revisions('organisation', alone.id).map((r) => r.action)).toEqual(['move']);
    expect(mainText((await client.get('/admin/themes')).body)).toContain('thème retiré de 2 organismes');
  });

  it('asks again when organisations were added after the confirmation page was drawn', async () => {
    const theme = createTheme(ctx.db, { name: 'Course' });
    await client.get(`/admin/themes/${theme.id}/supprimer`);
    linkTheme(ctx.db, createOrganisation(ctx.db), theme);
    const response = await client.post(`/admin/themes/${theme.id}/supprimer`, { confirmation: 'oui' });
    expect(response.statusCode).toBe(422);
    expect(mainText(response.body)).toContain('Choisissez où déplacer les organismes de ce thème.');
    expect(links(theme.id)).toHaveLength(1);
  });

  it('is protected by the database too: a thème that still lists organisations cannot be deleted silently', () => {
    const theme = createTheme(ctx.db);
    linkTheme(ctx.db, createOrganisation(ctx.db), theme);
    expect(() => ctx.db.$client.prepare('delete from themes where id = ?').run(theme.id)).toThrow(/FOREIGN KEY/);
    expect(links(theme.id)).toHaveLength(1);
  });
});

describe('CSRF', () => {
  it('refuses every thème POST with a forged token and writes nothing', async () => {
    const theme = createTheme(ctx.db, { name: 'Intact' });
    linkTheme(ctx.db, createOrganisation(ctx.db), theme);
    const other = createTheme(ctx.db);
    await client.get('/admin/themes');
    const attempts: [string, Record<string, string>][] = [
      ['/admin/themes/nouveau', valid],
      [`/admin/themes/${theme.id}`, valid],
      [`/admin/themes/${theme.id}/supprimer`, { confirmation: 'oui', destination: String(other.id) }],
      [`/admin/themes/${theme.id}/monter`, {}],
    ];
    for (const [url, form] of attempts) {
      const response = await client.post(url, { ...form, _csrf: 'forged' });
      expect(response.statusCode).toBe(403);
    }
    expect(themeRow(theme.id)?.name).toBe('Intact');
    expect(count('select count(*) as n from themes')).toBe(2);
    expect(links(theme.id)).toHaveLength(1);
    expect(count('select count(*) as n from revisions')).toBe(0);
  });
});

describe('thème colours', () => {
  it('computes WCAG contrast on white', () => {
    expect(contrastOnWhite('#000000')).toBeCloseTo(21, 5);
    expect(contrastOnWhite('#FFFFFF')).toBeCloseTo(1, 5);
    expect(contrastOnWhite('#767676')).toBeGreaterThanOrEqual(4.5);
    expect(contrastOnWhite('#777777')).toBeLessThan(4.5);
  });

  it('accepts every official thème colour, so editing a seeded thème never fails on its colour', () => {
    for (const theme of themesSeed as { color: string }[])
      expect(contrastOnWhite(theme.color)).toBeGreaterThanOrEqual(4.5);
  });
});
