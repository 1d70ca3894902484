import { unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation, Theme } from '../../src/db/schema.js';
import type { TestContext } from '../support/app.js';
import { Client, signedInTestApp } from '../support/auth.js';
import { createOrganisation, createTheme, linkTheme } from '../support/factories.js';
import { mainText } from '../support/html.js';
import { readIndependently, recordsByHeader } from '../support/independent-csv.js';

let ctx: TestContext;
let client: Client;
let adminId: number;
let org: Organisation;
let theme: Theme;

beforeEach(async () => {
  let user;
  ({ ctx, user, client } = await signedInTestApp({ role: 'admin' }));
  adminId = user.id;
  theme = createTheme(ctx.db, { name: 'Hébergement' });
  org = createOrganisation(ctx.db, { name: 'Auberge du Cœur', phone: '418 555-0100' });
  linkTheme(ctx.db, org, theme);
});
afterEach(() => ctx.app.close());

const person = (name: string, phone: string, email: string, consent: boolean) => ({
  name,
  role: 'Intervenante',
  phone,
  phoneExtension: '',
  email,
  ...(consent ? { openDataConsent: 'on' } : {}),
});

async function addPeople() {
  await client.get(`/admin/organismes/${org.id}/personnes/nouvelle`);
  for (const body of [
    person('Julie Consentante', '418 555-0111', 'julie@exemple.org', true),
    person('Marc Réservé', '418 555-0122', 'marc@exemple.org', false),
  ]) {
    expect((await client.post(`/admin/organismes/${org.id}/personnes`, body)).statusCode).toBe(303);
  }
  const rows = ctx.db.$client
    .prepare('select id, name, open_data_consent_at as at, open_data_consent_by as "by" from contacts order by id')
    .all() as { id: number; name: string; at: string | null; by: number | null }[];
  // Marc is the one the thème designates: the export must drop the designation, not the thème.
  ctx.db.$client
    .prepare('update organisation_themes set contact_id = ? where organisation_id = ?')
    .run(rows[1]!.id, org.id);
  return rows;
}

const MARC = ['Marc Réservé', '418 555-0122', '555-0122', 'marc@exemple.org'];

describe('consent to the open data (Québec privacy law)', () => {
  it('records who consented, when, by whom; without consent a person is off by default', async () => {
    const [julie, marc] = await addPeople();
    expect(julie).toMatchObject({ name: 'Julie Consentante', at: ctx.clock().toISOString(), by: adminId });
    expect(marc).toMatchObject({ name: 'Marc Réservé', at: null, by: null });
  });

  it('leaves people without consent out of the CSV, the HSDS package and the API, and keeps the main line', async () => {
    await addPeople();
    const csv = (await ctx.app.inject({ url: '/donnees/repertoire.csv' })).body;
    const rows = recordsByHeader(readIndependently(csv, ';'));
    expect(rows).toHaveLength(1);
    expect(Object.values(rows[0]!)).toEqual(expect.arrayContaining(['Julie Consentante', '418 555-0100']));
    for (const value of MARC) expect(csv).not.toContain(value);

    const files = unzipSync(new Uint8Array((await ctx.app.inject({ url: '/donnees/hsds.zip' })).rawPayload));
    const all = Object.values(files)
      .map((bytes) => new TextDecoder().decode(bytes))
      .join('\n');
    expect(new TextDecoder().decode(files['contacts.csv'])).toContain('Julie Consentante');
    for (const value of MARC) expect(all).not.toContain(value);

    const api = (await ctx.app.inject({ url: `/api/v1/organisations/${org.slug}` })).json();
    expect(api.data.contacts.map((c: { name: string }) => c.name)).toEqual(['Julie Consentante']);
    expect(api.data.themes).toEqual([expect.objectContaining({ name: 'Hébergement', contact_id: null })]);
    expect(JSON.stringify(api)).not.toContain('Marc');

    // The website still shows both to the intervenants.
    const page = mainText((await ctx.app.inject({ url: `/organismes/${org.slug}` })).body);
    expect(page).toContain('Julie Consentante');
    expect(page).toContain('Marc Réservé');
    expect(mainText((await ctx.app.inject({ url: '/donnees' })).body)).toContain('1 sur 2 aujourd’hui');
  });

  it('takes a withdrawn consent out of the files at once, and the history says so', async () => {
    const [julie] = await addPeople();
    await client.get(`/admin/personnes/${julie!.id}`);
    const withdrawn = { ...person('Julie Consentante', '418 555-0111', 'julie@exemple.org', false), version: '1' };
    expect((await client.post(`/admin/personnes/${julie!.id}`, withdrawn)).statusCode).toBe(303);
    expect((await ctx.app.inject({ url: '/donnees/repertoire.csv' })).body).not.toContain('Julie');
    const history = mainText((await client.get(`/admin/organismes/${org.id}/historique`)).body);
    expect(history).toContain('Consentement aux données ouvertes');
  });
});
