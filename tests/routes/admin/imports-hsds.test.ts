import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../../src/queries/seed.js';
import { type TestContext } from '../../support/app.js';
import { signedInTestApp, type Client } from '../../support/auth.js';
import { mainText, parseHtml } from '../../support/html.js';
import { officialExampleFiles, zipOf } from '../../support/hsds-packages.js';

let ctx: TestContext;
let client: Client;
beforeEach(async () => {
  ({ ctx, client } = await signedInTestApp({ name: 'Julie Coordonnatrice' }));
});
afterEach(() => ctx.app.close());

/** Posts a multipart form as a browser does, with the session cookie. */
async function upload(bytes: Uint8Array, fileName: string) {
  const boundary = '----repertoire' + Math.random().toString(16).slice(2);
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${client.csrf}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${fileName}"\r\nContent-Type: application/zip\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return ctx.app.inject({
    method: 'POST',
    url: '/admin/import',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
    payload,
  });
}

async function apply(previewUrl: string, fingerprint: string) {
  const started = await client.post(`${previewUrl}/appliquer`, { empreinte: fingerprint });
  expect(started.statusCode).toBe(303);
  let response = await client.get(`${previewUrl}/progression`);
  for (
    let i = 0;
    i < 200 && response.statusCode === 200 && mainText(response.body).includes('Importation en cours');
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    response = await client.get(`${previewUrl}/progression`);
  }
  return response;
}

describe('/admin/import with an HSDS package', () => {
  it('previews the official 3.0 example per file and field, then imports it', async () => {
    const uploaded = await upload(zipOf(officialExampleFiles('hsds/')), 'exemple-hsds.zip');
    expect(uploaded.statusCode).toBe(303);
    const previewUrl = uploaded.headers.location as string;
    const preview = await client.get(previewUrl);
    expect(preview.statusCode).toBe(200);
    const text = mainText(preview.body);
    expect(text).toContain('1 organisme sera créé');
    expect(text).toContain('Contenu du paquet HSDS 3.0.0');
    expect(text).toContain('phones.csv, ligne 2');
    expect(text).toContain('Numéro « +44 1234 234567 » hors Amérique du Nord');
    expect(text).toContain('Termes de classement sans thème (1)');
    expect(text).toContain('champ assured_date du service');
    const doc = parseHtml(preview.body);
    const summaries = doc.querySelectorAll('#hsds ~ details summary, section[aria-labelledby="hsds"] details summary');
    expect(summaries.map((s) => s.text.replace(/\s+/g, ' ').trim())).toContain(
      'services.csv — 1 ligne : 9 valeurs importées, 9 transformées, 2 laissées de côté',
    );
    const fingerprint = doc.querySelector('input[name="empreinte"]')?.getAttribute('value') ?? '';
    const committed = await apply(previewUrl, fingerprint);
    expect(committed.statusCode).toBe(303);
    const after = await client.get('/admin/import');
    expect(mainText(after.body)).toContain('Importation terminée : 1 organisme créé, 0 modifié, 0 inchangé.');
    const row = ctx.db.$client.prepare('select name, address, city from organisations').get();
    expect(row).toEqual({
      name: 'Example Organization Inc.',
      address: '1-30 Main Street, MyVillage, MyRegion MyState ABC 1234 US',
      city: 'MyCity',
    });
  });

  it('refuses an archive holding two packages, naming them, with nothing written', async () => {
    const uploaded = await upload(zipOf({ ...officialExampleFiles('a/'), ...officialExampleFiles('b/') }), 'deux.zip');
    const preview = await client.get(uploaded.headers.location as string);
    expect(preview.statusCode).toBe(422);
    expect(mainText(preview.body)).toContain(
      'L’archive contient 2 paquets (fichiers datapackage.json) : « a/datapackage.json », « b/datapackage.json ».',
    );
    expect(ctx.db.$client.prepare('select count(*) as n from organisations').get()).toEqual({ n: 0 });
  });

  it('lets the coordination link a term that matches no thème, then imports with it', async () => {
    seedDatabase(ctx.db, 'themes');
    const org = '11111111-1111-4111-8111-111111111111';
    const service = '22222222-2222-4222-8222-222222222222';
    const files = {
      'organizations.csv': `id,name\n${org},Maison Soleil\n`,
      'services.csv': `id,organization_id,name\n${service},${org},Maison Soleil\n`,
      'taxonomy_terms.csv': 'id,code,name,taxonomy\nt3,ABC,Employment,Autre\n',
      'attributes.csv': `id,link_id,taxonomy_term_id,link_type\na1,${service},t3,theme\n`,
    };
    const uploaded = await upload(zipOf(files), 'termes.zip');
    const previewUrl = uploaded.headers.location as string;
    const before = parseHtml((await client.get(previewUrl)).body);
    expect(before.querySelector('select[name="terme_0"]')).not.toBeNull();
    expect(before.querySelector('input[name="id_0"]')?.getAttribute('value')).toBe('t3');
    const mapped = await client.post(`${previewUrl}/termes`, { id_0: 't3', terme_0: 'employabilite' });
    expect(mapped.statusCode).toBe(303);
    const after = await client.get(previewUrl);
    expect(mainText(after.body)).not.toContain('Termes de classement sans thème');
    expect(mainText(after.body)).toContain('1 thème');
    const fingerprint = parseHtml(after.body).querySelector('input[name="empreinte"]')?.getAttribute('value') ?? '';
    expect((await apply(previewUrl, fingerprint)).statusCode).toBe(303);
    const linked = ctx.db.$client
      .prepare('select t.slug from organisation_themes ot join themes t on t.id = ot.theme_id')
      .all();
    expect(linked).toEqual([{ slug: 'employabilite' }]);
  });
});
