import { parse } from 'csv-parse/sync';
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestContext } from '../../support/app.js';
import { Client, signedInTestApp } from '../../support/auth.js';
import { createOrganisation } from '../../support/factories.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let client: Client;

beforeEach(async () => {
  ({ ctx, client } = await signedInTestApp({ name: 'Nadia Coordo' }));
});
afterEach(() => ctx.app.close());

const flagOf = (id: number) =>
  (ctx.db.$client.prepare('select emergency from organisations where id = ?').get(id) as { emergency: number })
    .emergency;

describe('the « Ressource d’urgence ou 24/7 » flag', () => {
  it('is a checkbox of the admin form, saved checked and unchecked, refused with a French error when garbled', async () => {
    const org = createOrganisation(ctx.db, { name: 'Refuge du Vent' });
    const page = parseHtml((await client.get(`/admin/organismes/${org.id}`)).body);
    const box = page.querySelector('input[type="checkbox"][name="emergency"]');
    expect(box?.hasAttribute('checked')).toBe(false);
    expect(page.querySelector('#champ-emergency label')?.textContent).toContain('Ressource d’urgence ou 24/7');

    const save = (extra: Record<string, string>, version: number) =>
      client.post(`/admin/organismes/${org.id}`, { name: 'Refuge du Vent', version: String(version), ...extra });
    expect((await save({ emergency: 'oui' }, 1)).statusCode).toBe(303);
    expect(flagOf(org.id)).toBe(1);
    const checked = parseHtml((await client.get(`/admin/organismes/${org.id}`)).body);
    expect(checked.querySelector('input[name="emergency"]')?.hasAttribute('checked')).toBe(true);
    expect((await save({}, 2)).statusCode).toBe(303);
    expect(flagOf(org.id)).toBe(0);

    const refused = await save({ emergency: 'peut-être' }, 3);
    expect(refused.statusCode).toBe(422);
    expect(mainText(refused.body)).toContain('Répondez « oui » ou « non ».');
  });

  it('is an oui/non column of the CSV export and a feature attribute of the HSDS package', async () => {
    const flagged = createOrganisation(ctx.db, { name: 'Refuge du Vent', emergency: true });
    createOrganisation(ctx.db, { name: 'Bureau du Jour' });
    const csv = await ctx.app.inject({ url: '/donnees/repertoire.csv' });
    const rows = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true, delimiter: [',', ';'] }) as Record<
      string,
      string
    >[];
    expect(Object.fromEntries(rows.map((r) => [r.nom, r.urgence_24_7]))).toEqual({
      'Refuge du Vent': 'oui',
      'Bureau du Jour': 'non',
    });

    const zip = await ctx.app.inject({ url: '/donnees/hsds.zip' });
    const files = unzipSync(new Uint8Array(zip.rawPayload));
    const read = (suffix: string) => {
      const name = Object.keys(files).find((n) => n.endsWith(suffix))!;
      return parse(strFromU8(files[name]!), { columns: true }) as Record<string, string>[];
    };
    const term = read('taxonomy_terms.csv').find((t) => t.code === 'urgence-24-7');
    expect(term?.name).toBe('Ressource d’urgence ou 24/7');
    const services = read('services.csv');
    const flaggedService = services.find((s) => s.organization_id && s.name === flagged.name);
    const attributes = read('attributes.csv').filter((a) => a.taxonomy_term_id === term!.id);
    expect(attributes.map((a) => a.link_id)).toEqual([flaggedService!.id]);
  });
});
