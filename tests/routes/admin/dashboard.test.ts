import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../src/db/schema.js';
import { type TestContext } from '../../support/app.js';
import { type Client, signedInTestApp } from '../../support/auth.js';
import { createContact, createOrganisation, createTheme } from '../../support/factories.js';
import { parseHtml } from '../../support/html.js';

let ctx: TestContext;
let admin: User;
let client: Client;
beforeEach(async () => {
  ({ ctx, user: admin, client } = await signedInTestApp({ role: 'admin', name: 'Alice Admin' }));
});
afterEach(() => ctx.app.close());

/** Each line of "Modifications récentes", after its date and author. */
async function recentChanges(): Promise<string[]> {
  const html = parseHtml((await client.get('/admin')).body);
  return html
    .querySelectorAll('section[aria-labelledby="recent"] li')
    .map((li) => li.textContent.replace(/\s+/g, ' ').trim().split(' — ').slice(2).join(' — '));
}

describe('admin: dashboard, recent changes', () => {
  it('names the organisation, person or thème behind every change, in French', async () => {
    const org = createOrganisation(ctx.db, { name: 'Maison des familles' });
    const julie = createContact(ctx.db, org, { name: 'Julie Côté', position: 0 });
    const marc = createContact(ctx.db, org, { name: 'Marc Roy', position: 1 });
    const theme = createTheme(ctx.db, { name: 'Hébergement', position: 1 });
    await client.get('/admin');
    for (const url of [
      `/admin/organismes/${org.id}/verifier`,
      `/admin/personnes/${julie.id}/verifier`,
      `/admin/personnes/${marc.id}/monter`,
    ]) {
      expect((await client.post(url)).statusCode, url).toBe(303);
    }
    await client.get(`/admin/themes/${theme.id}`);
    const edit = {
      name: 'Hébergement',
      description: 'Un toit.',
      color: '#1E5A44',
      position: '1',
      keywords: '',
      version: '1',
    };
    expect((await client.post(`/admin/themes/${theme.id}`, edit)).statusCode).toBe(303);

    expect(await recentChanges()).toEqual([
      'modification du thème Hébergement',
      'déplacement de la personne Marc Roy (Maison des familles)',
      'vérification de la personne Julie Côté (Maison des familles)',
      'vérification de l’organisme Maison des familles',
    ]);
  });

  it('names an entry by its current name when the change did not record one', async () => {
    const org = createOrganisation(ctx.db, { name: 'Centre Ancien' });
    ctx.db.$client
      .prepare(
        "insert into revisions (entity_type, entity_id, user_id, action, before, after) values ('organisation', ?, ?, 'verify', ?, ?)",
      )
      .run(
        org.id,
        admin.id,
        JSON.stringify({ verifiedAt: null }),
        JSON.stringify({ verifiedAt: '2026-01-15T12:00:00.000Z' }),
      );
    expect(await recentChanges()).toEqual(['vérification de l’organisme Centre Ancien']);
  });
});
