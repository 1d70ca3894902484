import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { type TestContext } from '../../support/app.js';
import { type Client, signedInTestApp } from '../../support/auth.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../../support/factories.js';
import { parseHtml } from '../../support/html.js';

let ctx: TestContext;
let client: Client;
beforeEach(async () => {
  ({ ctx, client } = await signedInTestApp({ role: 'admin' }));
});
afterEach(() => ctx.app.close());

type Change = [field: string, before: string, after: string];
const changesIn = (item: ReturnType<typeof parseHtml>): Change[] =>
  item
    .querySelectorAll('table.diff tbody tr')
    .map((row) => [row.querySelector('th')!.text, row.querySelector('del')!.text, row.querySelector('ins')!.text]);

describe('admin: organisation history', () => {
  it('labels every field in French, with readable values, and names the person concerned', async () => {
    const org = createOrganisation(ctx.db, { name: 'Maison des familles' });
    const theme = createTheme(ctx.db, { name: 'Hébergement' });
    const julie = createContact(ctx.db, org, {
      name: 'Julie Côté',
      role: 'Intervenante',
      position: 0,
      isPrimary: true,
    });
    const marc = createContact(ctx.db, org, { name: 'Marc Roy', position: 1 });
    linkTheme(ctx.db, org, theme, { contact: julie });
    await client.get(`/admin/organismes/${org.id}`);
    expect((await client.post(`/admin/personnes/${marc.id}/monter`)).statusCode).toBe(303);
    expect((await client.post(`/admin/personnes/${julie.id}/supprimer`)).statusCode).toBe(303);

    const html = parseHtml((await client.get(`/admin/organismes/${org.id}/historique`)).body);
    const [removal, move] = html.querySelectorAll('.history-item');
    expect(removal!.querySelector('.history-title')!.text.replace(/\s+/g, ' ')).toContain(
      'suppression de la personne « Julie Côté »',
    );
    expect(changesIn(removal!)).toEqual(
      expect.arrayContaining([
        ['Nom', 'Julie Côté', '—'],
        ['Personne-ressource principale', 'Oui', '—'],
        ['Ordre d’affichage', '2e de la liste', '—'],
        ['Thèmes dont elle est la référence', 'Hébergement', '—'],
      ]),
    );
    expect(move!.querySelector('.history-title')!.text.replace(/\s+/g, ' ')).toContain(
      'déplacement de la personne « Marc Roy »',
    );
    expect(changesIn(move!)).toEqual([['Ordre d’affichage', '2e de la liste', '1re de la liste']]);
    // No identifier from the code reaches the page.
    for (const [field] of html.querySelectorAll('.history-item').flatMap(changesIn))
      expect(field).not.toMatch(/[a-z][A-Z]|Id$|^[a-z]/);
  });
});

describe('admin: organisation history after a thème deletion', () => {
  it('names the thèmes the organisation moved between', async () => {
    const org = createOrganisation(ctx.db, { name: 'Maison des familles' });
    const old = createTheme(ctx.db, { name: 'Ancien thème' });
    const target = createTheme(ctx.db, { name: 'Thème cible' });
    linkTheme(ctx.db, org, old);
    await client.get(`/admin/themes/${old.id}/supprimer`);
    expect(
      (await client.post(`/admin/themes/${old.id}/supprimer`, { confirmation: 'oui', destination: String(target.id) }))
        .statusCode,
    ).toBe(303);
    const html = parseHtml((await client.get(`/admin/organismes/${org.id}/historique`)).body);
    const [move] = html.querySelectorAll('.history-item');
    expect(changesIn(move!)).toEqual([['Thèmes', 'Ancien thème', 'Thème cible']]);
    // That record holds names only, not a whole entry: "restoring" it would drop every thème link.
    const [revision] = ctx.db.$client
      .prepare("select id from revisions where entity_type = 'organisation' and entity_id = ? and action = 'move'")
      .all(org.id) as { id: number }[];
    await client.post(`/admin/revisions/${revision!.id}/restaurer`);
    expect(
      ctx.db.$client.prepare('select theme_id from organisation_themes where organisation_id = ?').all(org.id),
    ).toEqual([{ theme_id: target.id }]);
    expect(move!.querySelector('form') === null, 'no restore button').toBe(true);
  });
});

describe('admin: thème history', () => {
  it('labels every field in French, the slug included', async () => {
    await client.get('/admin/themes/nouveau');
    const created = await client.post('/admin/themes/nouveau', {
      name: 'Transport',
      description: 'Se déplacer.',
      color: '#1E5A44',
      position: '4',
      keywords: 'autobus',
    });
    const html = parseHtml((await client.get(String(created.headers.location))).body);
    const fields = changesIn(html.querySelector('#historique')!.parentNode).map(([field]) => field);
    expect(fields).toEqual(['Nom', 'Adresse de la page', 'Description', 'Couleur', 'Ordre d’affichage', 'Mots-clés']);
  });
});
