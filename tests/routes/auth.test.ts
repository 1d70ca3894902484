import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setUserDisabled } from '../../src/queries/users.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { Client, createUser, loginAs, TEST_PASSWORD } from '../support/auth.js';
import { mainText } from '../support/html.js';

let ctx: TestContext;
beforeEach(async () => {
  ctx = await buildTestApp();
});
afterEach(async () => {
  await ctx.app.close();
});

describe('login and logout', () => {
  it('sends anonymous visitors of /admin to the login page, then back', async () => {
    const user = await createUser(ctx.db, { email: 'coord@cosmoss.example.org' });
    const client = new Client(ctx.app);
    const denied = await client.get('/admin/organismes?page=2');
    expect(denied.statusCode).toBe(303);
    expect(denied.headers.location).toBe('/connexion?retour=%2Fadmin%2Forganismes%3Fpage%3D2');
    const form = await client.get(String(denied.headers.location));
    expect(form.statusCode).toBe(200);
    const response = await client.post('/connexion', { email: ' Coord@COSMOSS.example.org ', password: TEST_PASSWORD, retour: '/admin/organismes?page=2' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/organismes?page=2');
    const dashboard = await client.get('/admin');
    expect(dashboard.statusCode).toBe(200);
    expect(mainText(dashboard.body)).toContain(`Bonjour ${user.name}`);
  });

  it('issues a new HttpOnly, SameSite=Lax session cookie at login', async () => {
    const user = await createUser(ctx.db);
    const client = new Client(ctx.app);
    await client.get('/connexion');
    const before = client.cookies.get('sid');
    const response = await client.post('/connexion', { email: user.email, password: TEST_PASSWORD });
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^sid=/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(client.cookies.get('sid')).not.toBe(before);
  });

  it('uses a Secure __Host- cookie when the public URL is https (behind a TLS proxy)', async () => {
    const secure = await buildTestApp({ publicUrl: 'https://repertoire.example.org' });
    const user = await createUser(secure.db);
    const https = { 'x-forwarded-proto': 'https' };
    const form = await secure.app.inject({ url: '/connexion', headers: https });
    const sid = form.cookies.find((c) => c.name === '__Host-sid');
    expect(sid?.secure).toBe(true);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const response = await secure.app.inject({
      method: 'POST',
      url: '/connexion',
      headers: { ...https, cookie: `__Host-sid=${sid?.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, email: user.email, password: TEST_PASSWORD }).toString(),
    });
    expect(response.statusCode).toBe(303);
    const cookie = String(response.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-sid=/);
    expect(cookie).toContain('Secure');
    expect(cookie).toContain('Path=/');
    expect(cookie).not.toContain('Domain');
    await secure.app.close();
  });

  it('gives the same French message for an unknown email and a wrong password, keeping the email', async () => {
    await createUser(ctx.db, { email: 'vrai@cosmoss.example.org' });
    const client = new Client(ctx.app);
    await client.get('/connexion');
    const unknown = await client.post('/connexion', { email: 'inconnu@cosmoss.example.org', password: TEST_PASSWORD });
    const wrong = await client.post('/connexion', { email: 'vrai@cosmoss.example.org', password: 'mauvais mot de passe' });
    for (const response of [unknown, wrong]) {
      expect(response.statusCode).toBe(422);
      expect(mainText(response.body)).toContain('Courriel ou mot de passe incorrect.');
    }
    expect(wrong.body).toContain('value="vrai@cosmoss.example.org"');
    expect(wrong.body).not.toContain('mauvais mot de passe');
  });

  it('re-renders the form with field errors when fields are empty', async () => {
    const client = new Client(ctx.app);
    await client.get('/connexion');
    const response = await client.post('/connexion', { email: '', password: '' });
    expect(response.statusCode).toBe(422);
    const text = mainText(response.body);
    expect(text).toContain('Entrez votre courriel.');
    expect(text).toContain('Entrez votre mot de passe.');
    expect(response.body).toContain('aria-invalid="true"');
  });

  it('rejects a login form without a valid CSRF token', async () => {
    const user = await createUser(ctx.db);
    const client = new Client(ctx.app);
    await client.get('/connexion');
    const response = await client.post('/connexion', { _csrf: 'forged', email: user.email, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(403);
    expect(mainText(response.body)).toContain('Accès refusé');
  });

  it('limits failed logins per account with a French message, even with the right password', async () => {
    const user = await createUser(ctx.db);
    const client = new Client(ctx.app);
    await client.get('/connexion');
    for (let i = 0; i < 5; i++) await client.post('/connexion', { email: user.email, password: `faux ${i}` });
    const blocked = await client.post('/connexion', { email: user.email, password: TEST_PASSWORD });
    expect(blocked.statusCode).toBe(429);
    expect(mainText(blocked.body)).toContain('Trop de tentatives de connexion');
  });

  it('limits login attempts per address', async () => {
    const client = new Client(ctx.app);
    await client.get('/connexion');
    let last;
    for (let i = 0; i < 21; i++) last = await client.post('/connexion', { email: `x${i}@example.org`, password: 'nope' });
    expect(last?.statusCode).toBe(429);
    expect(mainText(String(last?.body))).toContain('Trop de');
  });

  it('ends the session at logout, server side', async () => {
    const user = await createUser(ctx.db);
    const client = await loginAs(ctx.app, user);
    const stolen = new Map(client.cookies);
    const response = await client.post('/deconnexion');
    expect(response.statusCode).toBe(303);
    expect(ctx.db.$client.prepare('select count(*) as n from sessions where user_id = ?').get(user.id)).toEqual({ n: 0 });
    const replay = new Client(ctx.app);
    replay.cookies = stolen;
    expect((await replay.get('/admin')).statusCode).toBe(303);
  });

  it('ends every session of a disabled account at once, and refuses its login', async () => {
    const user = await createUser(ctx.db);
    const client = await loginAs(ctx.app, user);
    setUserDisabled(ctx.db, user.id, true);
    expect((await client.get('/admin')).statusCode).toBe(303);
    await expect(loginAs(ctx.app, user)).rejects.toThrow(/422/);
  });

  it('never creates a default account', () => {
    expect(ctx.db.$client.prepare('select count(*) as n from users').get()).toEqual({ n: 0 });
  });
});
