import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedDatabase } from '../../../src/queries/seed.js';
import type { User } from '../../../src/db/schema.js';
import { layoutHeader } from '../../../src/exchange/columns.js';
import { writeSpreadsheetCsv } from '../../../src/exchange/csv-write.js';
import { findOrganisationById } from '../../../src/queries/organisation-edits.js';
import { type TestContext } from '../../support/app.js';
import { createUser, loginAs, type Client, signedInTestApp } from '../../support/auth.js';
import { createOrganisation, createTheme } from '../../support/factories.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let user: User;
let client: Client;
beforeEach(async () => {
  ({ ctx, user, client } = await signedInTestApp({ name: 'Julie Coordonnatrice' }));
});
afterEach(() => ctx.app.close());

/** Posts a multipart form as a browser does, with the session cookie. */
async function upload(
  bytes: Uint8Array,
  fileName = 'import.csv',
  options: { csrf?: string | null; cookie?: string } = {},
) {
  const boundary = '----repertoire' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  const csrf = options.csrf === undefined ? client.csrf : options.csrf;
  if (csrf !== null)
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="fichier"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(bytes),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return ctx.app.inject({
    method: 'POST',
    url: '/admin/import',
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: options.cookie ?? [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
    payload: Buffer.concat(parts),
  });
}

function csv(rows: Record<string, string>[]): Uint8Array {
  const header = layoutHeader(3);
  return new TextEncoder().encode(
    writeSpreadsheetCsv(
      header,
      rows.map((row) => header.map((c) => row[c] ?? '')),
    ),
  );
}

/** Confirms the preview, then follows its progress page to the outcome, as a browser does. */
async function apply(previewUrl: string, fingerprint: string) {
  const started = await client.post(`${previewUrl}/appliquer`, { empreinte: fingerprint });
  expect(started.statusCode).toBe(303);
  expect(started.headers.location).toBe(`${previewUrl}/progression`);
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

const snapshot = () =>
  JSON.stringify(
    ['organisations', 'contacts', 'organisation_themes', 'revisions'].map((t) =>
      ctx.db.$client.prepare(`select * from ${t} order by 1`).all(),
    ),
  );

describe('GET /admin/import', () => {
  it('shows the upload form, the template link and the documented columns', async () => {
    const response = await client.get('/admin/import');
    expect(response.statusCode).toBe(200);
    const doc = parseHtml(response.body);
    const form = doc.querySelector('form[enctype="multipart/form-data"]');
    expect(form?.querySelector('input[type="file"][name="fichier"]')).not.toBeNull();
    expect(form?.querySelector('input[name="_csrf"]')?.getAttribute('value')).toBeTruthy();
    expect(doc.querySelectorAll('main a').map((a) => a.getAttribute('href'))).toContain('/donnees/modele.csv');
    expect(mainText(response.body)).toContain('personneN_courriel');
  });

  it('sends anonymous visitors to the login page, even when they upload', async () => {
    const anonymous = await ctx.app.inject({ url: '/admin/import' });
    expect(anonymous.statusCode).toBe(303);
    const post = await upload(csv([]), 'x.csv', { cookie: '' });
    expect(post.statusCode).toBe(303);
    expect(post.headers.location).toContain('/connexion');
  });
});

describe('upload, preview, commit', () => {
  it('previews without writing, then imports everything in one go with revisions by the importing user', async () => {
    const theme = createTheme(ctx.db, { name: 'Santé mentale' });
    const existing = createOrganisation(ctx.db, {
      name: 'Centre Le Phare',
      phone: '418 555-0101',
      territory: 'Ville de Rimouski',
    });
    const before = snapshot();
    const file = csv([
      {
        nom: 'Centre le phare',
        telephone: '418.555.0169',
        territoire: 'Ville de Rimouski',
        resume: existing.summary,
        description: existing.description,
        themes: 'Santé mentale : 12-17 ans',
        personne1_nom: 'Éric Gosselin',
        personne1_fonction: 'Coordonnateur',
        personne1_themes: 'sante-mentale',
      },
      {
        nom: 'Maison des jeunes L’Escale',
        groupes: 'jeunes',
        age_min: '12',
        age_max: '17',
        code_postal: 'g5l4b6',
        themes: 'sante-mentale',
        personne1_nom: 'Jessica Bérubé',
        personne1_telephone: '(418) 555-0157',
        personne1_poste: 'poste 11',
      },
    ]);
    const uploaded = await upload(file);
    expect(uploaded.statusCode).toBe(303);
    const previewUrl = uploaded.headers.location as string;
    expect(previewUrl).toMatch(/^\/admin\/import\/[A-Za-z0-9_-]{22,}$/);
    expect(snapshot()).toBe(before);

    const preview = await client.get(previewUrl);
    expect(preview.statusCode).toBe(200);
    const text = mainText(preview.body);
    expect(text).toContain('1 organisme sera créé');
    expect(text).toContain('1 sera modifié');
    expect(text).toContain('Maison des jeunes L’Escale');
    expect(text).toContain('418 555-0101');
    expect(text).toContain('418 555-0169');
    expect(text).toContain('Personne « Éric Gosselin »');
    expect(snapshot()).toBe(before);

    const fingerprint = parseHtml(preview.body).querySelector('input[name="empreinte"]')?.getAttribute('value') ?? '';
    const committed = await apply(previewUrl, fingerprint);
    expect(committed.statusCode).toBe(303);
    const after = await client.get('/admin/import');
    expect(mainText(after.body)).toContain('Importation terminée : 1 organisme créé, 1 modifié, 0 inchangé.');
    expect(findOrganisationById(ctx.db, existing.id)?.phone).toBe('418 555-0169');
    const created = ctx.db.$client
      .prepare("select * from organisations where name = 'Maison des jeunes L’Escale'")
      .get() as { id: number; postal_code: string };
    expect(created.postal_code).toBe('G5L 4B6');
    const authors = ctx.db.$client.prepare('select distinct user_id from revisions').all() as { user_id: number }[];
    expect(authors).toEqual([{ user_id: user.id }]);
    const link = ctx.db.$client
      .prepare(
        'select t.note, c.name from organisation_themes t join contacts c on c.id = t.contact_id where t.organisation_id = ?',
      )
      .get(existing.id);
    expect(link).toEqual({ note: '12-17 ans', name: 'Éric Gosselin' });
    expect(
      (
        ctx.db.$client.prepare('select phone_extension from contacts where name = ?').get('Jessica Bérubé') as {
          phone_extension: string;
        }
      ).phone_extension,
    ).toBe('11');
    void theme;
    // The staged file is gone: the same preview cannot be applied twice.
    expect((await client.get(previewUrl)).statusCode).toBe(404);
  });

  it('says in the preview which entries will count as verified and why, and documents the rule', async () => {
    createOrganisation(ctx.db, { name: 'Centre Le Phare', verifiedAt: '2021-05-05T12:00:00.000Z' });
    createOrganisation(ctx.db, { name: 'Maison Marie-Élisabeth', verifiedAt: null });
    // Dates far in the past or future: the route uses the real clock, and this test must pass on any day.
    const uploaded = await upload(
      csv([
        { nom: 'Centre Le Phare', verifie_le: '' },
        { nom: 'Maison Marie-Élisabeth', verifie_le: '2999-01-01' },
        { nom: 'Nouvel organisme', verifie_le: '2020-03-04' },
        { nom: 'Organisme sans date' },
      ]),
    );
    const preview = await client.get(uploaded.headers.location as string);
    expect(preview.statusCode).toBe(200);
    const rows = parseHtml(preview.body)
      .querySelectorAll('section[aria-labelledby="verification"] tbody tr')
      .map((tr) =>
        [tr.querySelector('th')?.textContent, ...tr.querySelectorAll('td').map((td) => td.textContent)].map((t) =>
          t?.replace(/\s+/g, ' ').trim(),
        ),
      );
    expect(rows).toEqual([
      ['Centre Le Phare (ligne 2)', '5 mai 2021 (plus de 12 mois)', 'date actuelle conservée'],
      ['Maison Marie-Élisabeth (ligne 3)', 'non vérifié', 'date future ignorée (2999-01-01), non vérifié'],
      ['Nouvel organisme (ligne 4)', '4 mars 2020 (plus de 12 mois)', 'date du fichier'],
      ['Organisme sans date (ligne 5)', 'non vérifié', 'non vérifié : aucune date'],
    ]);
    expect(mainText(preview.body)).toContain(
      'Vérification : 0 organisme comptera comme vérifié (depuis 12 mois), 2 vérifiés il y a plus de 12 mois, 2 non vérifiés.',
    );
    const help = mainText((await client.get('/admin/import')).body);
    expect(help).not.toContain('ignoré à l’importation');
    expect(help).toContain('une date passée (depuis 2000) devient la date de vérification');
  });

  it('refuses to apply when the directory changed since the preview, and shows the new preview', async () => {
    const org = createOrganisation(ctx.db, { name: 'Centre Le Phare' });
    const uploaded = await upload(
      csv([{ nom: 'Centre Le Phare', telephone: '418 555-0169', personne1_nom: 'Anne Roy' }]),
    );
    const preview = await client.get(uploaded.headers.location as string);
    const fingerprint = parseHtml(preview.body).querySelector('input[name="empreinte"]')?.getAttribute('value') ?? '';
    ctx.db.$client
      .prepare('update organisations set version = version + 1, city = ? where id = ?')
      .run('Rimouski', org.id);
    const before = snapshot();
    const response = await apply(uploaded.headers.location as string, fingerprint);
    expect(response.statusCode).toBe(409);
    expect(mainText(response.body)).toContain('Le répertoire a changé depuis l’aperçu');
    expect(snapshot()).toBe(before);
  });

  it('lists every problem with its line, column and a French message, and offers no commit', async () => {
    const before = snapshot();
    const uploaded = await upload(
      csv([
        { nom: '', telephone: '555' },
        { nom: 'Organisme B', courriel: 'pas-un-courriel', themes: 'inexistant' },
      ]),
    );
    const preview = await client.get(uploaded.headers.location as string);
    expect(preview.statusCode).toBe(422);
    const rows = parseHtml(preview.body)
      .querySelectorAll('main table tbody tr')
      .map((tr) => tr.querySelectorAll('td').map((td) => td.textContent.replace(/\s+/g, ' ').trim()));
    expect(rows).toEqual(
      expect.arrayContaining([
        ['ligne 2', 'nom', 'Le nom de l’organisme est obligatoire.'],
        ['ligne 2', 'telephone', 'Numéro à 10 chiffres attendu, par exemple 418 555-0123.'],
        ['ligne 3', 'courriel', 'Courriel invalide, par exemple nom@organisme.org.'],
        ['ligne 3', 'themes', expect.stringContaining('Thème inconnu « inexistant »')],
      ]),
    );
    expect(parseHtml(preview.body).querySelector('input[name="empreinte"]')).toBeNull();
    expect(snapshot()).toBe(before);
  });

  it('refuses a file of more than 5 000 organisations, states the limit beforehand, and writes nothing', async () => {
    expect(mainText((await client.get('/admin/import')).body)).toMatch(/10 Mo et 5\s000 organismes au plus/);
    const before = snapshot();
    const uploaded = await upload(csv(Array.from({ length: 5_001 }, (_, i) => ({ nom: `Organisme ${i}` }))));
    const preview = await client.get(uploaded.headers.location as string);
    expect(preview.statusCode).toBe(422);
    expect(mainText(preview.body)).toMatch(
      /Le fichier compte plus de 5\s000 lignes de données, la limite d’une importation par le Web/,
    );
    expect(parseHtml(preview.body).querySelector('input[name="empreinte"]')).toBeNull();
    expect(snapshot()).toBe(before);
  });

  it('refuses a multipart upload without the CSRF token', async () => {
    const response = await upload(csv([{ nom: 'X' }]), 'x.csv', { csrf: null });
    expect(response.statusCode).toBe(403);
    const forged = await upload(csv([{ nom: 'X' }]), 'x.csv', { csrf: 'forged' });
    expect(forged.statusCode).toBe(403);
  });

  it('keeps the staged file private to the session that sent it', async () => {
    const uploaded = await upload(csv([{ nom: 'Organisme privé' }]));
    const other = await loginAs(ctx.app, await createUser(ctx.db));
    expect((await other.get(uploaded.headers.location as string)).statusCode).toBe(404);
  });

  it('refuses a 50 MB file with a clear French message and writes nothing', async () => {
    seedDatabase(ctx.db, 'demo');
    const before = snapshot();
    const big = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    const response = await upload(big, 'enorme.csv');
    expect(response.statusCode).toBe(413);
    expect(mainText(response.body)).toContain(
      'Le fichier dépasse 10 Mo, la limite d’un envoi par le Web : rien n’a été importé.',
    );
    expect(snapshot()).toBe(before);
  });
});
