import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation, User } from '../../src/db/schema.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { Client, createUser, loginAs } from '../support/auth.js';
import { DAY_MS } from '../support/clock.js';
import { createContact, createOrganisation } from '../support/factories.js';
import { formValues } from '../support/forms.js';
import { mainText, parseHtml } from '../support/html.js';

let ctx: TestContext;
let user: User;
let admin: Client;

beforeEach(async () => {
  ctx = await buildTestApp();
  user = await createUser(ctx.db, { name: 'Nadia Coordo' });
  admin = await loginAs(ctx.app, user);
});
afterEach(async () => {
  await ctx.app.close();
});

const oldDate = () => new Date(ctx.clock().getTime() - 400 * DAY_MS).toISOString();

/** Starts a round through the admin form and returns each organisation's link path, from the mail-merge CSV. */
async function startRound(form: Record<string, string | string[]> = {}): Promise<Map<string, string>> {
  await admin.get('/admin/tournees/nouvelle');
  const response = await admin.post('/admin/tournees', { portee: 'toutes', duree: '60', rappel: '14', ...form });
  expect(response.statusCode).toBe(303);
  const csv = await admin.get(`${response.headers.location}/liens.csv`);
  expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
  const links = new Map<string, string>();
  for (const line of csv.body
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .slice(1)
    .filter(Boolean)) {
    const [name, , link] = line.split(';');
    links.set(name!, new URL(link!).pathname);
  }
  return links;
}

describe('verification round: the coordination', () => {
  it('starts a round over stale entries only, with hashed tokens and links for a mail merge', async () => {
    const stale = createOrganisation(ctx.db, { name: 'Ancienne fiche', verifiedAt: oldDate() });
    createOrganisation(ctx.db, { name: 'Fiche récente' });
    createOrganisation(ctx.db, { name: 'Fiche archivée', status: 'archived', verifiedAt: null });
    const links = await startRound({ portee: 'anciennes' });
    expect([...links.keys()]).toEqual(['Ancienne fiche']);
    const token = links.get('Ancienne fiche')!.split('/').pop()!;
    const rows = ctx.db.$client.prepare('select organisation_id, token_hash from verification_requests').all() as {
      organisation_id: number;
      token_hash: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.organisation_id).toBe(stale.id);
    expect(rows[0]!.token_hash).not.toContain(token);
    expect(JSON.stringify(ctx.db.$client.prepare('select * from verification_requests').all())).not.toContain(token);
    const page = mainText((await admin.get('/admin/tournees/1')).body);
    expect(page).toContain('Le courriel n’est pas configuré');
    const printable = await admin.get('/admin/tournees/1/liste');
    expect(printable.body).toContain(`http://127.0.0.1:0/verification/${token}`);
  });

  it('refuses an empty choice with 422 and keeps what was typed', async () => {
    createOrganisation(ctx.db);
    await admin.get('/admin/tournees/nouvelle');
    const response = await admin.post('/admin/tournees', { portee: 'choix', duree: '60', rappel: '90' });
    expect(response.statusCode).toBe(422);
    const text = mainText(response.body);
    expect(text).toContain('Cochez au moins un organisme.');
    expect(text).toContain('Le rappel doit partir avant la fin de validité des liens.');
    expect(parseHtml(response.body).querySelector('#champ-rappel')?.getAttribute('value')).toBe('90');
  });
});

describe('verification round: the partner', () => {
  let organisation: Organisation;
  let link: string;
  beforeEach(async () => {
    organisation = createOrganisation(ctx.db, { name: 'Maison des familles', verifiedAt: oldDate() });
    createContact(ctx.db, organisation, { name: 'Marie Tremblay', isPrimary: true, email: 'marie@example.org' });
    link = (await startRound()).get('Maison des familles')!;
  });

  it('shows the entry as it stands and confirms it, as a verification by the partner', async () => {
    const partner = new Client(ctx.app);
    const page = await partner.get(link);
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    const text = mainText(page.body);
    expect(text).toContain('Marie Tremblay');
    expect(text).toContain(organisation.phone!);
    const confirmed = await partner.post(`${link}/confirmer`);
    expect(confirmed.statusCode).toBe(303);
    const row = ctx.db.$client
      .prepare('select verified_at, verified_by from organisations where id = ?')
      .get(organisation.id);
    expect(row).toEqual({ verified_at: '2026-11-22T15:00:00.000Z', verified_by: null });
    const revision = ctx.db.$client
      .prepare("select action, user_id from revisions where entity_id = ? and action like 'verify%'")
      .get(organisation.id);
    expect(revision).toEqual({ action: 'verify_partner', user_id: null });
    const history = mainText((await admin.get(`/admin/organismes/${organisation.id}/historique`)).body);
    expect(history).toContain('vérification par l’organisme (tournée)');
    const dashboard = mainText((await admin.get('/admin')).body);
    expect(dashboard).toContain('fiches confirmées par l’organisme : 1');
    expect(dashboard).toContain('0 % au début de la tournée, 100 % aujourd’hui');
    // Usable several times until it expires.
    expect((await partner.get(link)).statusCode).toBe(200);
  });

  it('answers 404 to a tampered token and 410 once expired or revoked', async () => {
    const tampered = link.slice(0, -1) + (link.endsWith('A') ? 'B' : 'A');
    expect((await ctx.app.inject({ url: tampered })).statusCode).toBe(404);
    expect((await ctx.app.inject({ url: '/verification/court' })).statusCode).toBe(404);
    ctx.clock.advance(61 * DAY_MS);
    const expired = await ctx.app.inject({ url: link });
    expect(expired.statusCode).toBe(410);
    expect(mainText(expired.body)).toContain('La période de vérification de ce lien est terminée.');
    const partner = new Client(ctx.app);
    await partner.get('/signaler/' + organisation.slug);
    expect((await partner.post(`${link}/confirmer`)).statusCode).toBe(410);
    expect(
      ctx.db.$client.prepare('select verified_at from organisations where id = ?').get(organisation.id),
    ).not.toEqual({ verified_at: ctx.clock().toISOString() });
  });

  it('stops working when the coordination revokes it', async () => {
    const round = await admin.get('/admin/tournees/1');
    const action = parseHtml(round.body).querySelector('form[action$="/retirer"]')!.getAttribute('action')!;
    expect((await admin.post(action)).statusCode).toBe(303);
    const revoked = await ctx.app.inject({ url: link });
    expect(revoked.statusCode).toBe(410);
    expect(mainText(revoked.body)).toContain('La coordination a retiré ce lien.');
  });

  it('takes proposed changes (422 when invalid), which land in the queue and are applied through the edit form', async () => {
    const partner = new Client(ctx.app);
    const form = await partner.get(`${link}/proposer`);
    const values = formValues(form.body, `${link}/proposer`);
    expect(values.name).toBe('Maison des familles');
    const invalid = await partner.post(`${link}/proposer`, {
      ...values,
      phone: '12',
      nouvelle_name: 'Julie Roy',
      nouvelle_email: 'x',
    });
    expect(invalid.statusCode).toBe(422);
    expect(mainText(invalid.body)).toContain('Numéro à 10 chiffres attendu');
    expect(mainText(invalid.body)).toContain('Courriel invalide');
    expect(parseHtml(invalid.body).querySelector('#champ-nouvelle_name')?.getAttribute('value')).toBe('Julie Roy');
    const contact = ctx.db.$client
      .prepare('select id from contacts where organisation_id = ?')
      .get(organisation.id) as { id: number };
    const sent = await partner.post(`${link}/proposer`, {
      ...values,
      phone: '418 555-0177',
      hours: 'Lundi au jeudi, 9 h à 16 h',
      left: String(contact.id),
      nouvelle_name: 'Julie Roy',
      nouvelle_role: 'Intervenante',
      nouvelle_email: 'julie@example.org',
    });
    expect(sent.statusCode).toBe(303);
    // Nothing published yet.
    expect(mainText((await ctx.app.inject({ url: `/organismes/${organisation.slug}` })).body)).not.toContain(
      '418 555-0177',
    );
    const queue = await admin.get('/admin/signalements');
    const item = parseHtml(queue.body).querySelector('.report')!;
    const text = item.textContent.replace(/\s+/g, ' ');
    expect(text).toContain('proposé par l’organisme lors d’une tournée de vérification');
    expect(text).toContain(`Téléphone principal${organisation.phone}418 555-0177`);
    expect(text).toContain('A quitté l’organisme : Marie Tremblay.');
    expect(text).toContain('Nouvelle personne-ressource : Julie Roy (Intervenante, julie@example.org).');
    const addPerson = item.querySelector('a[href*="/personnes/nouvelle?signalement="]')!.getAttribute('href')!;
    const personForm = formValues((await admin.get(addPerson)).body, `/admin/organismes/${organisation.id}/personnes`);
    expect(personForm).toMatchObject({ name: 'Julie Roy', role: 'Intervenante', email: 'julie@example.org' });
    expect(personForm.isPrimary).toBeUndefined();
    const apply = item.querySelector('a.button')!.getAttribute('href')!;
    const edit = await admin.get(apply);
    const editValues = formValues(edit.body, `/admin/organismes/${organisation.id}`);
    expect(editValues.phone).toBe('418 555-0177');
    expect(editValues.hours).toBe('Lundi au jeudi, 9 h à 16 h');
    // Accepting per field: the coordination keeps the old hours and takes the phone.
    const saved = await admin.post(`/admin/organismes/${organisation.id}`, { ...editValues, hours: '' });
    expect(saved.statusCode).toBe(303);
    expect(
      ctx.db.$client.prepare('select phone, hours, version from organisations where id = ?').get(organisation.id),
    ).toEqual({
      phone: '418 555-0177',
      hours: null,
      version: 2,
    });
    expect(ctx.db.$client.prepare('select status, handled_note from correction_reports').get()).toEqual({
      status: 'applied',
      handled_note: 'Fiche modifiée\u00a0: Téléphone principal.',
    });
    expect(mainText((await admin.get('/admin/tournees/1')).body)).toContain('changements proposés');
  });

  it('asks to use « Tout est exact » when nothing was changed', async () => {
    const partner = new Client(ctx.app);
    const form = await partner.get(`${link}/proposer`);
    const response = await partner.post(`${link}/proposer`, formValues(form.body, `${link}/proposer`));
    expect(response.statusCode).toBe(422);
    expect(mainText(response.body)).toContain('Vous n’avez rien changé.');
  });
});
