import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../src/db/schema.js';
import { verifyPassword } from '../../../src/lib/auth/passwords.js';
import { type TestContext } from '../../support/app.js';
import { Client, loginAs, TEST_PASSWORD, signedInTestApp } from '../../support/auth.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let editor: User;
let client: Client;
beforeEach(async () => {
  ({
    ctx,
    user: editor,
    client,
  } = await signedInTestApp({ role: 'editeur', name: 'Édith Éditrice', email: 'edith@cosmoss.example.org' }));
});
afterEach(() => ctx.app.close());

const NEW_PASSWORD = 'une autre phrase bien à moi';
const hashOf = (id: number) =>
  (ctx.db.$client.prepare('select password_hash as h from users where id = ?').get(id) as { h: string }).h;
const sessionsOf = (id: number) =>
  (ctx.db.$client.prepare('select count(*) as n from sessions where user_id = ?').get(id) as { n: number }).n;

describe('« Mon mot de passe »', () => {
  it('is linked from the admin menu for an editor and asks for the current password', async () => {
    const dashboard = parseHtml((await client.get('/admin')).body);
    expect(dashboard.querySelector('nav.admin-nav a[href="/admin/mot-de-passe"]')).not.toBeNull();
    const page = await client.get('/admin/mot-de-passe');
    expect(page.statusCode).toBe(200);
    const html = parseHtml(page.body);
    expect(html.querySelector('#champ-currentPassword')?.getAttribute('autocomplete')).toBe('current-password');
    expect(html.querySelector('#champ-newPassword')?.getAttribute('autocomplete')).toBe('new-password');
    expect(html.querySelector('form input[name="_csrf"]')).not.toBeNull();
  });

  it('changes the password, keeps this browser signed in under a new session id, and ends the other sessions', async () => {
    const elsewhere = await loginAs(ctx.app, editor);
    const before = client.cookies.get('sid');
    await client.get('/admin/mot-de-passe');
    const response = await client.post('/admin/mot-de-passe', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(303);
    expect(await verifyPassword(NEW_PASSWORD, hashOf(editor.id))).toBe(true);
    expect(client.cookies.get('sid')).not.toBe(before);
    const after = await client.get(String(response.headers.location));
    expect(after.statusCode).toBe(200);
    expect(mainText(after.body)).toContain('Votre mot de passe a été changé');
    expect(sessionsOf(editor.id)).toBe(1);
    expect((await elsewhere.get('/admin')).statusCode).toBe(303);
    await expect(loginAs(ctx.app, editor, TEST_PASSWORD)).rejects.toThrow(/422/);
    await loginAs(ctx.app, editor, NEW_PASSWORD);
  });

  it.each([
    [
      'a wrong current password',
      { currentPassword: 'pas le bon', newPassword: NEW_PASSWORD },
      'currentPassword',
      'Le mot de passe actuel est incorrect.',
    ],
    [
      'no current password',
      { currentPassword: '', newPassword: NEW_PASSWORD },
      'currentPassword',
      'Entrez votre mot de passe actuel.',
    ],
    ['no new password', { currentPassword: TEST_PASSWORD, newPassword: '' }, 'newPassword', 'Entrez un mot de passe.'],
    [
      'a short new password',
      { currentPassword: TEST_PASSWORD, newPassword: 'court' },
      'newPassword',
      'au moins 8 caractères',
    ],
    [
      'the site’s territory and a year',
      { currentPassword: TEST_PASSWORD, newPassword: 'Rimouski2024' },
      'newPassword',
      'Rimouski',
    ],
    ['the person’s own name', { currentPassword: TEST_PASSWORD, newPassword: 'edith2024' }, 'newPassword', 'edith'],
  ])('refuses %s with 422, a French message, and writes nothing', async (_case, form, field, message) => {
    await client.get('/admin/mot-de-passe');
    const before = hashOf(editor.id);
    const response = await client.post('/admin/mot-de-passe', form);
    expect(response.statusCode).toBe(422);
    const html = parseHtml(response.body);
    expect(html.querySelector(`#champ-${field}-erreur`)?.text).toContain(message);
    expect(html.querySelector(`.form-alert a[href="#champ-${field}"]`)).not.toBeNull();
    // Passwords are never sent back.
    for (const value of Object.values(form)) if (value) expect(response.body).not.toContain(`value="${value}"`);
    expect(hashOf(editor.id)).toBe(before);
    expect(sessionsOf(editor.id)).toBe(1);
  });

  it('stops checking the current password after five wrong ones', async () => {
    await client.get('/admin/mot-de-passe');
    for (let i = 0; i < 5; i++) {
      expect(
        (await client.post('/admin/mot-de-passe', { currentPassword: `faux ${i}`, newPassword: NEW_PASSWORD }))
          .statusCode,
      ).toBe(422);
    }
    const blocked = await client.post('/admin/mot-de-passe', {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(blocked.statusCode).toBe(429);
    expect(mainText(blocked.body)).toContain('Trop de tentatives');
    expect(await verifyPassword(TEST_PASSWORD, hashOf(editor.id))).toBe(true);
  });

  it('refuses a forged CSRF token', async () => {
    await client.get('/admin/mot-de-passe');
    const response = await client.post('/admin/mot-de-passe', {
      _csrf: 'forged',
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
    });
    expect(response.statusCode).toBe(403);
    expect(await verifyPassword(TEST_PASSWORD, hashOf(editor.id))).toBe(true);
  });

  it('sends anonymous visitors to the login page', async () => {
    const response = await new Client(ctx.app).get('/admin/mot-de-passe');
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/connexion?retour=%2Fadmin%2Fmot-de-passe');
  });
});
