import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Organisation, User } from '../../../src/db/schema.js';
import { recordCorrectionReport } from '../../../src/queries/corrections.js';
import { type TestContext } from '../../support/app.js';
import { Client, signedInTestApp } from '../../support/auth.js';
import { createContact, createOrganisation, createTheme, linkTheme } from '../../support/factories.js';
import { formValues } from '../../support/forms.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let user: User;
let client: Client;

beforeEach(async () => {
  ({ ctx, user, client } = await signedInTestApp({ name: 'Nadia Coordo' }));
});
afterEach(() => ctx.app.close());

function report(organisation: Organisation, proposed: Record<string, string> = { phone: '418 555-0199' }) {
  return recordCorrectionReport(ctx.db, {
    organisationId: organisation.id,
    problems: ['telephone'],
    details: 'Le numéro a changé.',
    proposed,
    reporterName: 'Julie Roy',
    reporterEmail: 'julie.roy@example.org',
  });
}
const reportRow = (id: number) =>
  ctx.db.$client.prepare('select * from correction_reports where id = ?').get(id) as Record<string, unknown>;

describe('admin: correction queue', () => {
  it('counts pending reports on the dashboard', async () => {
    const organisation = createOrganisation(ctx.db);
    report(organisation);
    report(organisation);
    const text = mainText((await client.get('/admin')).body);
    expect(text).toContain('2 signalements attendent votre examen.');
  });

  it('is for signed-in accounts only', async () => {
    const anonymous = await ctx.app.inject({ url: '/admin/signalements' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/connexion?retour=%2Fadmin%2Fsignalements');
  });

  it('shows each report beside the current entry, with who sent it', async () => {
    const organisation = createOrganisation(ctx.db, { name: 'Maison des familles', phone: '418 555-0100' });
    createContact(ctx.db, organisation, { name: 'Marie Tremblay' });
    const created = report(organisation);
    const response = await client.get('/admin/signalements');
    expect(response.statusCode).toBe(200);
    const item = parseHtml(response.body).querySelector(`#signalement-${created.id}`)!;
    const text = item.textContent.replace(/\s+/g, ' ');
    expect(text).toContain('Maison des familles');
    expect(text).toContain('Le numéro de téléphone');
    expect(text).toContain('Téléphone principal418 555-0100418 555-0199');
    expect(text).toContain('Marie Tremblay');
    expect(text).toContain('julie.roy@example.org');
    expect(item.querySelector('a.button')?.getAttribute('href')).toBe(
      `/admin/organismes/${organisation.id}?signalement=${created.id}`,
    );
  });

  it('« Appliquer » pre-fills the edit form; saving goes through the normal path and closes the report', async () => {
    const organisation = createOrganisation(ctx.db, { name: 'Maison des familles', phone: '418 555-0100' });
    linkTheme(ctx.db, organisation, createTheme(ctx.db, { name: 'Familles' }));
    const created = report(organisation);
    expect((await ctx.app.inject({ url: '/arbre' })).body).toContain('418 555-0100');
    const edit = await client.get(`/admin/organismes/${organisation.id}?signalement=${created.id}`);
    const values = formValues(edit.body, `/admin/organismes/${organisation.id}`);
    expect(values.phone).toBe('418 555-0199');
    expect(values.signalement).toBe(String(created.id));
    const saved = await client.post(`/admin/organismes/${organisation.id}`, values);
    expect(saved.statusCode).toBe(303);
    expect(reportRow(created.id)).toMatchObject({
      status: 'applied',
      handled_by: user.id,
      handled_at: '2026-11-22T15:00:00.000Z',
      handled_note: 'Fiche modifiée\u00a0: Téléphone principal.',
    });
    const revision = ctx.db.$client
      .prepare("select action, user_id from revisions where entity_type = 'organisation' and entity_id = ?")
      .get(organisation.id);
    expect(revision).toEqual({ action: 'update', user_id: user.id });
    expect(mainText((await ctx.app.inject({ url: `/organismes/${organisation.slug}` })).body)).toContain(
      '418 555-0199',
    );
    const arbre = (await ctx.app.inject({ url: '/arbre' })).body;
    expect(arbre).toContain('418 555-0199');
    expect(arbre).not.toContain('418 555-0100');
    const queue = mainText((await client.get('/admin/signalements')).body);
    expect(queue).toContain('En attente (0)');
    expect(queue).toContain('Appliqué');
    expect(queue).toContain('Nadia Coordo');
  });

  it('lets the coordination keep some proposed values and leave the others, field by field', async () => {
    const organisation = createOrganisation(ctx.db, { phone: '418 555-0100', email: 'info@exemple.org' });
    const created = report(organisation, { phone: '418 555-0199', email: 'nouveau@exemple.org' });
    const queue = parseHtml((await client.get('/admin/signalements')).body);
    const form = queue.querySelector(`#signalement-${created.id} form.proposed-form`)!;
    expect(form.getAttribute('method')).toBe('get');
    expect(form.querySelectorAll('input[name=champ]').map((box) => box.getAttribute('value'))).toEqual([
      'phone',
      'email',
    ]);
    // Only the e-mail ticked: the phone stays as it is.
    const edit = await client.get(`/admin/organismes/${organisation.id}?signalement=${created.id}&champ=email`);
    const values = formValues(edit.body, `/admin/organismes/${organisation.id}`);
    expect(values).toMatchObject({ phone: '418 555-0100', email: 'nouveau@exemple.org' });
    expect((await client.post(`/admin/organismes/${organisation.id}`, values)).statusCode).toBe(303);
    expect(reportRow(created.id)).toMatchObject({ status: 'applied', handled_note: 'Fiche modifiée\u00a0: Courriel.' });
  });

  it('keeps the report pending when the save meets a conflict', async () => {
    const organisation = createOrganisation(ctx.db, { phone: '418 555-0100' });
    const created = report(organisation);
    const edit = await client.get(`/admin/organismes/${organisation.id}?signalement=${created.id}`);
    const values = formValues(edit.body, `/admin/organismes/${organisation.id}`);
    ctx.db.$client.prepare('update organisations set version = version + 1 where id = ?').run(organisation.id);
    const conflict = await client.post(`/admin/organismes/${organisation.id}`, values);
    expect(conflict.statusCode).toBe(409);
    expect(formValues(conflict.body, `/admin/organismes/${organisation.id}`).signalement).toBe(String(created.id));
    expect(reportRow(created.id).status).toBe('pending');
  });

  it('« Rejeter » needs a reason, then records who, when and why', async () => {
    const organisation = createOrganisation(ctx.db);
    const created = report(organisation);
    await client.get('/admin/signalements');
    const missing = await client.post(`/admin/signalements/${created.id}/rejeter`, { reason: '' });
    expect(missing.statusCode).toBe(422);
    expect(mainText(missing.body)).toContain('Indiquez pourquoi ce signalement est rejeté.');
    const rejected = await client.post(`/admin/signalements/${created.id}/rejeter`, {
      reason: 'Le numéro indiqué est celui d’un autre organisme.',
    });
    expect(rejected.statusCode).toBe(303);
    expect(reportRow(created.id)).toMatchObject({
      status: 'rejected',
      handled_by: user.id,
      handled_note: 'Le numéro indiqué est celui d’un autre organisme.',
    });
    expect(organisation.phone).toBe(
      (ctx.db.$client.prepare('select phone from organisations where id = ?').get(organisation.id) as { phone: string })
        .phone,
    );
    const again = await client.post(`/admin/signalements/${created.id}/traite`, {});
    expect(again.statusCode).toBe(303);
    expect(reportRow(created.id).status).toBe('rejected');
  });

  it('« Marquer comme traité » closes a report handled elsewhere (a person changed, say)', async () => {
    const organisation = createOrganisation(ctx.db);
    const created = report(organisation, {});
    await client.get('/admin/signalements');
    const done = await client.post(`/admin/signalements/${created.id}/traite`, { note: 'Personne remplacée.' });
    expect(done.statusCode).toBe(303);
    expect(reportRow(created.id)).toMatchObject({ status: 'applied', handled_note: 'Personne remplacée.' });
  });

  it('answers 404 for an unknown report', async () => {
    await client.get('/admin/signalements');
    expect((await client.post('/admin/signalements/999/rejeter', { reason: 'x' })).statusCode).toBe(404);
    expect((await client.post('/admin/signalements/abc/traite', {})).statusCode).toBe(404);
  });
});
