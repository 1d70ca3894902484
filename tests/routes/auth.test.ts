import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/lib/auth/passwords.js';
import { findUserById, setUserDisabled } from '../../src/queries/users.js';
import { buildTestApp, buildTestAppWithHeldRequest, type TestContext } from '../support/app.js';
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
    const response = await client.post('/connexion', {
      email: ' Coord@COSMOSS.example.org ',
      password: TEST_PASSWORD,
      retour: '/admin/organismes?page=2',
    });
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
    const response = await client.post('/connexion', { email: user.email, password: TEST_PASSWORD });
    const cookie = [response.headers['set-cookie']].flat().find((c) => String(c).startsWith('sid='));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
  });

  it('gives a new session id at login even to a browser that already holds one (no fixation)', async () => {
    const first = await createUser(ctx.db);
    const second = await createUser(ctx.db);
    const client = await loginAs(ctx.app, first);
    const before = client.cookies.get('sid');
    expect((await client.post('/connexion', { email: second.email, password: TEST_PASSWORD })).statusCode).toBe(303);
    expect(client.cookies.get('sid')).toBeDefined();
    expect(client.cookies.get('sid')).not.toBe(before);
    const replay = new Client(ctx.app);
    replay.cookies.set('sid', String(before));
    expect((await replay.get('/admin')).statusCode).toBe(303);
  });

  it('uses a Secure __Host- cookie when the public URL is https (behind a TLS proxy)', async () => {
    const secure = await buildTestApp({ publicUrl: 'https://repertoire.example.org', trustProxyHops: 1 });
    const user = await createUser(secure.db);
    const https = { 'x-forwarded-proto': 'https' };
    const form = await secure.app.inject({ url: '/connexion', headers: https });
    const csrf = form.cookies.find((c) => c.name === '__Host-csrf');
    expect(csrf?.secure).toBe(true);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
    const response = await secure.app.inject({
      method: 'POST',
      url: '/connexion',
      headers: { ...https, cookie: `__Host-csrf=${csrf?.value}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, email: user.email, password: TEST_PASSWORD }).toString(),
    });
    expect(response.statusCode).toBe(303);
    const cookie = String([response.headers['set-cookie']].flat().find((c) => String(c).startsWith('__Host-sid=')));
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
    const wrong = await client.post('/connexion', {
      email: 'vrai@cosmoss.example.org',
      password: 'mauvais mot de passe',
    });
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

  it('rejects a login form whose token comes from another browser', async () => {
    const user = await createUser(ctx.db);
    const other = new Client(ctx.app);
    await other.get('/connexion');
    const client = new Client(ctx.app);
    const response = await client.post('/connexion', { _csrf: other.csrf, email: user.email, password: TEST_PASSWORD });
    expect(response.statusCode).toBe(403);
  });

  it('writes nothing to the database for anonymous visitors of the login page', async () => {
    const users = await Promise.all(Array.from({ length: 10 }, () => createUser(ctx.db)));
    ctx.queries.length = 0;
    for (const user of users) {
      const visitor = new Client(ctx.app);
      expect((await visitor.get('/connexion')).statusCode).toBe(200);
      expect(visitor.csrf).not.toBe('');
      // A failed attempt writes nothing either.
      expect((await visitor.post('/connexion', { email: user.email, password: 'pas le bon' })).statusCode).toBe(422);
    }
    expect(ctx.db.$client.prepare('select count(*) as n from sessions').get()).toEqual({ n: 0 });
    expect(ctx.queries.filter((sql) => /^\s*(insert|update|delete|replace)/i.test(sql))).toEqual([]);
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
    // Existing accounts: an unknown email costs a full-strength decoy hash.
    const users = await Promise.all(Array.from({ length: 21 }, () => createUser(ctx.db)));
    const client = new Client(ctx.app);
    await client.get('/connexion');
    let last;
    for (const user of users) last = await client.post('/connexion', { email: user.email, password: 'nope' });
    expect(last?.statusCode).toBe(429);
    expect(mainText(String(last?.body))).toContain('Trop de');
  });

  it('counts attempts per address behind a proxy, whatever the client writes in X-Forwarded-For', async () => {
    const proxied = await buildTestApp({ publicUrl: 'http://repertoire.example.org', trustProxyHops: 1 });
    const users = await Promise.all(Array.from({ length: 21 }, () => createUser(proxied.db)));
    const client = new Client(proxied.app);
    await client.get('/connexion');
    let last;
    for (const [i, user] of users.entries()) {
      // The proxy appends the address it saw; the client controls everything to its left.
      client.origin = { headers: { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` } };
      last = await client.post('/connexion', { email: user.email, password: 'nope' });
    }
    expect(last?.statusCode).toBe(429);
    // Another visitor behind the same proxy keeps their own budget.
    client.origin = { headers: { 'x-forwarded-for': '203.0.113.8' } };
    expect((await client.post('/connexion', { email: users[0]!.email, password: 'nope' })).statusCode).toBe(422);
    await proxied.app.close();
  });

  it('counts guesses before checking them: 60 sent at once from 60 addresses, only 50 are evaluated', async () => {
    const user = await createUser(ctx.db);
    const attackers = Array.from(
      { length: 60 },
      (_, i) => new Client(ctx.app, { remoteAddress: `203.0.113.${i + 1}` }),
    );
    for (const attacker of attackers) await attacker.get('/connexion');
    const responses = await Promise.all(
      attackers.map((attacker, i) => attacker.post('/connexion', { email: user.email, password: `faux ${i}` })),
    );
    const codes = responses.map((response) => response.statusCode);
    expect(codes.filter((code) => code === 422)).toHaveLength(50);
    expect(codes.filter((code) => code === 429)).toHaveLength(10);
  });

  it('lets the owner sign in from another address while one address is locked out of the account', async () => {
    const user = await createUser(ctx.db);
    const attacker = new Client(ctx.app, { remoteAddress: '203.0.113.66' });
    await attacker.get('/connexion');
    for (let i = 0; i < 5; i++)
      expect((await attacker.post('/connexion', { email: user.email, password: `faux ${i}` })).statusCode).toBe(422);
    expect((await attacker.post('/connexion', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(429);
    const owner = await loginAs(ctx.app, user, TEST_PASSWORD, { remoteAddress: '198.51.100.7' });
    expect((await owner.get('/admin')).statusCode).toBe(200);
  });

  it('bounds guesses on an account across addresses, yet a browser that signed in before still gets in', async () => {
    const user = await createUser(ctx.db);
    const owner = await loginAs(ctx.app, user, TEST_PASSWORD, { remoteAddress: '198.51.100.7' });
    await owner.post('/deconnexion');
    let evaluated = 0;
    for (let address = 1; address <= 12; address++) {
      const attacker = new Client(ctx.app, { remoteAddress: `203.0.113.${address}` });
      await attacker.get('/connexion');
      for (let i = 0; i < 5; i++) {
        if (
          (await attacker.post('/connexion', { email: user.email, password: `faux ${address} ${i}` })).statusCode ===
          422
        )
          evaluated++;
      }
    }
    expect(evaluated).toBe(50);
    // A browser that never signed in to this account waits, even with the right password.
    const stranger = new Client(ctx.app, { remoteAddress: '192.0.2.1' });
    await stranger.get('/connexion');
    const refused = await stranger.post('/connexion', { email: user.email, password: TEST_PASSWORD });
    expect(refused.statusCode).toBe(429);
    expect(mainText(refused.body)).toContain('appareil');
    // The owner's browser still signs in.
    await owner.get('/connexion');
    expect((await owner.post('/connexion', { email: user.email, password: TEST_PASSWORD })).statusCode).toBe(303);
  });

  it('ends the session at logout, server side', async () => {
    const user = await createUser(ctx.db);
    const client = await loginAs(ctx.app, user);
    const stolen = new Map(client.cookies);
    const response = await client.post('/deconnexion');
    expect(response.statusCode).toBe(303);
    expect(ctx.db.$client.prepare('select count(*) as n from sessions where user_id = ?').get(user.id)).toEqual({
      n: 0,
    });
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

  it('never brings back a session that logout ended while one of its requests was in flight', async () => {
    const held = await buildTestAppWithHeldRequest();
    const user = await createUser(held.db);
    const client = await loginAs(held.app, user);
    const stolen = new Map(client.cookies);
    const slow = held.app.inject({ url: '/lent', headers: { cookie: client.cookieHeader() } });
    await held.started;
    expect((await client.post('/deconnexion')).statusCode).toBe(303);
    held.release();
    expect((await slow).statusCode).toBe(200);
    expect(held.db.$client.prepare('select count(*) as n from sessions').get()).toEqual({ n: 0 });
    const replay = new Client(held.app);
    replay.cookies = stolen;
    expect((await replay.get('/admin')).statusCode).toBe(303);
    await held.app.close();
  });

  it('does not rewrite the session row on every signed-in request', async () => {
    const client = await loginAs(ctx.app, await createUser(ctx.db));
    // Every row written bumps the data version that the page caches are keyed on.
    const changes = () => (ctx.db.$client.prepare('select total_changes() as n').get() as { n: number }).n;
    const before = changes();
    for (let i = 0; i < 3; i++) expect((await client.get('/admin')).statusCode).toBe(200);
    expect(changes()).toBe(before);
  });

  it('makes a hash of the 128 MiB kind again at sign-in, and the session it opened stays open', async () => {
    const user = await createUser(ctx.db);
    const older = await hashPassword(TEST_PASSWORD, { N: 2 ** 17, r: 8, p: 1 });
    ctx.db.$client.prepare('UPDATE users SET password_hash = ? WHERE id = ?').run(older, user.id);
    const client = await loginAs(ctx.app, user);
    const stored = findUserById(ctx.db, user.id)!.passwordHash;
    expect(stored).toMatch(/^scrypt\$32768\$8\$3\$/);
    expect(await verifyPassword(TEST_PASSWORD, stored)).toBe(true);
    expect((await client.get('/admin')).statusCode).toBe(200);
  });

  it('never creates a default account', () => {
    expect(ctx.db.$client.prepare('select count(*) as n from users').get()).toEqual({ n: 0 });
  });
});
