import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../../src/db/schema.js';
import { verifyPassword } from '../../../src/lib/auth/passwords.js';
import { buildTestAppWithHeldRequest, type TestContext } from '../../support/app.js';
import { Client, createUser, loginAs, TEST_PASSWORD, signedInTestApp } from '../../support/auth.js';
import { mainText, parseHtml } from '../../support/html.js';

let ctx: TestContext;
let admin: User;
let client: Client;
beforeEach(async () => {
  ({
    ctx,
    user: admin,
    client,
  } = await signedInTestApp({ role: 'admin', name: 'Alice Admin', email: 'alice@cosmoss.example.org' }));
});
afterEach(() => ctx.app.close());

type UserRow = {
  id: number;
  email: string;
  name: string;
  role: string;
  password_hash: string;
  disabled_at: string | null;
  version: number;
};
const userRow = (id: number) =>
  ctx.db.$client.prepare('select * from users where id = ?').get(id) as UserRow | undefined;
const userByEmail = (email: string) =>
  ctx.db.$client.prepare('select * from users where email = ?').get(email) as UserRow | undefined;
const count = (sql: string, ...params: unknown[]) => (ctx.db.$client.prepare(sql).get(...params) as { n: number }).n;
const sessionsOf = (id: number) => count('select count(*) as n from sessions where user_id = ?', id);
const snapshot = () =>
  JSON.stringify(
    ctx.db.$client.prepare('select id, email, name, role, password_hash, disabled_at from users order by id').all(),
  );

const newAccount = {
  name: 'Bruno Éditeur',
  email: 'Bruno@COSMOSS.example.org',
  role: 'editeur',
  password: 'une longue phrase secrète',
};

describe('role restrictions', () => {
  it('answers 403 to an editor on every accounts URL, GET or POST, and writes nothing', async () => {
    const editor = await createUser(ctx.db, { role: 'editeur' });
    const other = await createUser(ctx.db, { role: 'editeur' });
    const editorClient = await loginAs(ctx.app, editor);
    const before = snapshot();
    for (const url of [
      '/admin/comptes',
      '/admin/comptes/nouveau',
      `/admin/comptes/${other.id}`,
      '/admin/comptes/999',
      '/admin/comptes/x',
    ]) {
      const response = await editorClient.get(url);
      expect(response.statusCode, url).toBe(403);
      expect(mainText(response.body)).toContain('Accès refusé');
    }
    await editorClient.get('/admin');
    const posts: [string, Record<string, string>][] = [
      ['/admin/comptes/nouveau', newAccount],
      [`/admin/comptes/${other.id}`, { name: 'Piraté', email: other.email, role: 'admin' }],
      [`/admin/comptes/${editor.id}`, { name: editor.name, email: editor.email, role: 'admin' }],
      [`/admin/comptes/${admin.id}/desactiver`, {}],
      [`/admin/comptes/${other.id}/reactiver`, {}],
      [`/admin/comptes/${admin.id}/mot-de-passe`, { password: 'une autre phrase secrète' }],
    ];
    for (const [url, form] of posts) {
      const response = await editorClient.post(url, form);
      expect(response.statusCode, url).toBe(403);
    }
    expect(snapshot()).toBe(before);
    expect(sessionsOf(admin.id)).toBe(1);
  });

  it('hides the Comptes link from editors', async () => {
    const editorClient = await loginAs(ctx.app, await createUser(ctx.db, { role: 'editeur' }));
    expect((await editorClient.get('/admin')).body).not.toContain('href="/admin/comptes"');
    expect((await client.get('/admin')).body).toContain('href="/admin/comptes"');
  });

  it('sends anonymous visitors to the login page', async () => {
    const anonymous = new Client(ctx.app);
    for (const url of ['/admin/comptes', '/admin/comptes/nouveau', `/admin/comptes/${admin.id}`]) {
      const response = await anonymous.get(url);
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`/connexion?retour=${encodeURIComponent(url)}`);
    }
  });
});

describe('account list', () => {
  it('shows name, email, role, state and last login, never a password hash', async () => {
    const disabled = await createUser(ctx.db, { name: 'Zoé Partie', role: 'editeur' });
    ctx.db.$client.prepare("update users set disabled_at = '2026-11-22T15:00:00.000Z' where id = ?").run(disabled.id);
    const response = await client.get('/admin/comptes');
    expect(response.statusCode).toBe(200);
    const rows = parseHtml(response.body)
      .querySelectorAll('tbody tr')
      .map((row) => row.text.replace(/\s+/g, ' ').trim());
    expect(rows[0]).toMatch(/^Alice Admin \(vous\) alice@cosmoss\.example\.org Administrateur Actif \d+/);
    expect(rows[1]).toBe(`Zoé Partie ${disabled.email} Éditeur Désactivé le 22 novembre 2026 Jamais`);
    expect(response.body).not.toContain('scrypt$');
  });
});

describe('creating an account', () => {
  it('creates it with a lowercased email and a hashed password, then the person can sign in', async () => {
    await client.get('/admin/comptes/nouveau');
    const response = await client.post('/admin/comptes/nouveau', newAccount);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/admin/comptes');
    const row = userByEmail('bruno@cosmoss.example.org');
    expect(row).toMatchObject({ name: 'Bruno Éditeur', role: 'editeur', disabled_at: null });
    expect(row!.password_hash).toMatch(/^scrypt\$/);
    expect(await verifyPassword(newAccount.password, row!.password_hash)).toBe(true);
    const list = await client.get('/admin/comptes');
    expect(mainText(list.body)).toContain('Le compte de Bruno Éditeur a été créé.');
    const bruno = new Client(ctx.app);
    await bruno.get('/connexion');
    expect(
      (await bruno.post('/connexion', { email: 'bruno@cosmoss.example.org', password: newAccount.password }))
        .statusCode,
    ).toBe(303);
  });

  const invalid: [string, Record<string, string>, string, string][] = [
    ['missing name', { name: ' ' }, 'name', 'Entrez le nom de la personne.'],
    ['name too long', { name: 'n'.repeat(121) }, 'name', 'Le nom ne peut dépasser 120 caractères.'],
    ['missing email', { email: '' }, 'email', 'Entrez un courriel.'],
    ['malformed email', { email: 'bruno at cosmoss' }, 'email', 'Entrez un courriel valide'],
    [
      'email too long',
      { email: `${'b'.repeat(250)}@example.org` },
      'email',
      'Le courriel ne peut dépasser 254 caractères.',
    ],
    ['unknown role', { role: 'superadmin' }, 'role', 'Choisissez un rôle'],
    ['missing role', { role: '' }, 'role', 'Choisissez un rôle'],
    ['missing password', { password: '' }, 'password', 'Entrez un mot de passe.'],
    ['short password', { password: 'court1' }, 'password', 'au moins 8 caractères'],
    ['common password', { password: 'motdepasse123' }, 'password', 'Ce mot de passe est trop courant'],
    ['password made of the site’s name and a year', { password: 'cosmoss2026' }, 'password', 'COSMOSS'],
    ['password made of the person’s name', { password: 'Bruno1984!' }, 'password', 'bruno'],
    ['password too long', { password: 'p'.repeat(257) }, 'password', 'ne peut dépasser 256 caractères'],
  ];
  it.each(invalid)(
    'refuses %s with 422, a French message, the values kept and nothing written',
    async (_case, change, field, message) => {
      await client.get('/admin/comptes/nouveau');
      const before = snapshot();
      const form = { ...newAccount, ...change };
      const response = await client.post('/admin/comptes/nouveau', form);
      expect(response.statusCode).toBe(422);
      const html = parseHtml(response.body);
      expect(html.querySelector(`#champ-${field}-erreur`)?.text).toContain(message);
      expect(html.querySelector(`.form-alert a[href="#champ-${field}"]`)?.text).toContain(message);
      expect(html.querySelector('#champ-name')?.getAttribute('value')).toBe(form.name);
      expect(html.querySelector('#champ-email')?.getAttribute('value')).toBe(form.email);
      if (form.role === 'editeur')
        expect(html.querySelector('input[name="role"][value="editeur"]')?.hasAttribute('checked')).toBe(true);
      // A password is never sent back to the browser.
      expect(html.querySelector('#champ-password')?.getAttribute('value')).toBe('');
      if (form.password) expect(response.body).not.toContain(form.password);
      expect(snapshot()).toBe(before);
    },
  );

  it('refuses an email already used (whatever its case) with 422, keeping the values', async () => {
    await client.get('/admin/comptes/nouveau');
    const response = await client.post('/admin/comptes/nouveau', { ...newAccount, email: 'ALICE@cosmoss.example.org' });
    expect(response.statusCode).toBe(422);
    expect(parseHtml(response.body).querySelector('#champ-email-erreur')?.text).toContain(
      'Un compte utilise déjà ce courriel.',
    );
    expect(response.body).toContain('value="Bruno Éditeur"');
    expect(count('select count(*) as n from users')).toBe(1);
  });

  it('escapes HTML in names', async () => {
    await client.get('/admin/comptes/nouveau');
    await client.post('/admin/comptes/nouveau', { ...newAccount, name: '<script>alert(1)</script>' });
    const list = await client.get('/admin/comptes');
    expect(list.body).not.toContain('<script>alert(1)</script>');
    expect(list.body).toContain('&lt;script&gt;');
  });
});

describe('editing an account', () => {
  it('changes name, email and role', async () => {
    const bruno = await createUser(ctx.db, { name: 'Bruno', role: 'editeur' });
    const page = await client.get(`/admin/comptes/${bruno.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('scrypt$');
    const response = await client.post(`/admin/comptes/${bruno.id}`, {
      name: 'Bruno Bélanger',
      email: 'BB@cosmoss.example.org',
      role: 'admin',
      version: '1',
    });
    expect(response.statusCode).toBe(303);
    expect(userRow(bruno.id)).toMatchObject({ name: 'Bruno Bélanger', email: 'bb@cosmoss.example.org', role: 'admin' });
    expect(mainText((await client.get(`/admin/comptes/${bruno.id}`)).body)).toContain(
      'Le compte de Bruno Bélanger a été enregistré.',
    );
  });

  const invalid: [string, Record<string, string>, string, string][] = [
    ['missing name', { name: '' }, 'name', 'Entrez le nom de la personne.'],
    ['malformed email', { email: 'pas-un-courriel' }, 'email', 'Entrez un courriel valide'],
    ['unknown role', { role: 'root' }, 'role', 'Choisissez un rôle'],
    [
      'email of another account',
      { email: 'alice@cosmoss.example.org' },
      'email',
      'Un compte utilise déjà ce courriel.',
    ],
  ];
  it.each(invalid)(
    'refuses %s with 422, a French message, the values kept and nothing written',
    async (_case, change, field, message) => {
      const bruno = await createUser(ctx.db, { name: 'Bruno', email: 'bruno@cosmoss.example.org' });
      await client.get(`/admin/comptes/${bruno.id}`);
      const before = snapshot();
      const form = { name: 'Bruno B.', email: 'bruno.b@cosmoss.example.org', role: 'editeur', version: '1', ...change };
      const response = await client.post(`/admin/comptes/${bruno.id}`, form);
      expect(response.statusCode).toBe(422);
      const html = parseHtml(response.body);
      expect(html.querySelector(`#champ-${field}-erreur`)?.text).toContain(message);
      expect(html.querySelector(`.form-alert a[href="#champ-${field}"]`)).not.toBeNull();
      expect(html.querySelector('#champ-name')?.getAttribute('value')).toBe(form.name);
      expect(html.querySelector('#champ-email')?.getAttribute('value')).toBe(form.email);
      expect(snapshot()).toBe(before);
    },
  );

  it('shows a conflict page with both versions instead of overwriting a newer save', async () => {
    const bruno = await createUser(ctx.db, { name: 'Bruno', email: 'bruno@cosmoss.example.org', role: 'editeur' });
    const page = parseHtml((await client.get(`/admin/comptes/${bruno.id}`)).body);
    expect(page.querySelector('input[name="version"]')?.getAttribute('value')).toBe('1');
    const bea = await loginAs(ctx.app, await createUser(ctx.db, { role: 'admin', name: 'Béa' }));
    await bea.get(`/admin/comptes/${bruno.id}`);
    expect(
      (
        await bea.post(`/admin/comptes/${bruno.id}`, {
          name: 'Bruno Bélanger',
          email: bruno.email,
          role: 'editeur',
          version: '1',
        })
      ).statusCode,
    ).toBe(303);

    const mine = { name: 'Bruno', email: bruno.email, role: 'admin', version: '1' };
    const conflict = await client.post(`/admin/comptes/${bruno.id}`, mine);
    expect(conflict.statusCode).toBe(409);
    const html = parseHtml(conflict.body);
    expect(mainText(conflict.body)).toContain(
      'Quelqu’un d’autre a enregistré ce compte pendant que vous le modifiiez.',
    );
    const rows = html
      .querySelectorAll('.form-alert table.diff tbody tr')
      .map((row) => [row.querySelector('th')?.text, row.querySelector('del')?.text, row.querySelector('ins')?.text]);
    expect(rows).toEqual([
      ['Nom', 'Bruno Bélanger', 'Bruno'],
      ['Rôle', 'éditeur', 'administrateur'],
    ]);
    expect(userRow(bruno.id)).toMatchObject({ name: 'Bruno Bélanger', role: 'editeur', version: 2 });
    // The form keeps what this person chose; saving again with the newer version is a deliberate overwrite.
    expect(html.querySelector('#champ-name')?.getAttribute('value')).toBe('Bruno');
    const again = html.querySelector('input[name="version"]')?.getAttribute('value');
    expect(again).toBe('2');
    expect((await client.post(`/admin/comptes/${bruno.id}`, { ...mine, version: again! })).statusCode).toBe(303);
    expect(userRow(bruno.id)).toMatchObject({ name: 'Bruno', role: 'admin', version: 3 });
  });

  it('lets exactly one of 20 concurrent saves of an account through; the 19 others get the conflict page', async () => {
    const bruno = await createUser(ctx.db, { name: 'Bruno', email: 'bruno@cosmoss.example.org' });
    await client.get(`/admin/comptes/${bruno.id}`);
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        client.post(`/admin/comptes/${bruno.id}`, {
          name: `Bruno ${i}`,
          email: bruno.email,
          role: 'editeur',
          version: '1',
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 303)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    expect(userRow(bruno.id)).toMatchObject({ name: `Bruno ${statuses.indexOf(303)}`, version: 2 });
  });

  it('answers 404 for an unknown account', async () => {
    expect((await client.get('/admin/comptes/999')).statusCode).toBe(404);
  });
});

describe('disabling and enabling', () => {
  it('ends the disabled account’s sessions at once, refuses its login, and enables it again', async () => {
    const bruno = await createUser(ctx.db);
    const brunoClient = await loginAs(ctx.app, bruno);
    expect(sessionsOf(bruno.id)).toBe(1);
    await client.get(`/admin/comptes/${bruno.id}`);
    const response = await client.post(`/admin/comptes/${bruno.id}/desactiver`);
    expect(response.statusCode).toBe(303);
    expect(userRow(bruno.id)?.disabled_at).not.toBeNull();
    expect(sessionsOf(bruno.id)).toBe(0);
    expect((await brunoClient.get('/admin')).statusCode).toBe(303);
    await expect(loginAs(ctx.app, bruno)).rejects.toThrow(/422/);
    const page = await client.get(`/admin/comptes/${bruno.id}`);
    expect(mainText(page.body)).toContain('est désactivé');
    expect((await client.post(`/admin/comptes/${bruno.id}/reactiver`)).statusCode).toBe(303);
    expect(userRow(bruno.id)?.disabled_at).toBeNull();
    expect((await loginAs(ctx.app, bruno)).cookies.size).toBeGreaterThan(0);
  });
});

describe('resetting a password', () => {
  it('refuses the old password and accepts the new one; the account’s sessions end', async () => {
    const bruno = await createUser(ctx.db);
    const brunoClient = await loginAs(ctx.app, bruno);
    await client.get(`/admin/comptes/${bruno.id}`);
    const response = await client.post(`/admin/comptes/${bruno.id}/mot-de-passe`, {
      password: 'nouvelle phrase de passe',
    });
    expect(response.statusCode).toBe(303);
    expect(sessionsOf(bruno.id)).toBe(0);
    expect((await brunoClient.get('/admin')).statusCode).toBe(303);
    await expect(loginAs(ctx.app, bruno, TEST_PASSWORD)).rejects.toThrow(/422/);
    await loginAs(ctx.app, bruno, 'nouvelle phrase de passe');
    // The admin's own session is untouched.
    expect((await client.get('/admin/comptes')).statusCode).toBe(200);
  });

  it.each([
    ['', 'Entrez un mot de passe.'],
    ['court', 'au moins 8 caractères'],
    ['azertyuiop', 'trop courant'],
    ['aaaaaaaa', 'répète'],
    ['        ', 'espaces'],
    ['Rimouski2024', 'Rimouski'],
    ['Neigette 2025 !', 'Neigette'],
  ])('refuses %j with 422 and a French message, writing nothing', async (password, message) => {
    const bruno = await createUser(ctx.db);
    await client.get(`/admin/comptes/${bruno.id}`);
    const before = snapshot();
    const response = await client.post(`/admin/comptes/${bruno.id}/mot-de-passe`, { password });
    expect(response.statusCode).toBe(422);
    const html = parseHtml(response.body);
    expect(html.querySelector('#champ-newPassword-erreur')?.text).toContain(message);
    expect(html.querySelector('.form-alert a[href="#champ-newPassword"]')).not.toBeNull();
    expect(snapshot()).toBe(before);
  });

  it('sends an administrator to « Mon mot de passe », which asks for the current one, for their own', async () => {
    const page = parseHtml((await client.get(`/admin/comptes/${admin.id}`)).body);
    expect(page.querySelector(`form[action="/admin/comptes/${admin.id}/mot-de-passe"]`)).toBeNull();
    expect(page.querySelector('main a[href="/admin/mot-de-passe"]')).not.toBeNull();
    const before = snapshot();
    const response = await client.post(`/admin/comptes/${admin.id}/mot-de-passe`, { password: 'ma nouvelle phrase' });
    expect(response.statusCode).toBe(422);
    expect(parseHtml(response.body).querySelector('#champ-newPassword-erreur')?.text).toContain('Mon mot de passe');
    expect(snapshot()).toBe(before);
  });

  it('never brings back a session of the account that was in flight during the reset', async () => {
    const held = await buildTestAppWithHeldRequest();
    const alice = await createUser(held.db, { role: 'admin' });
    const bruno = await createUser(held.db);
    const aliceClient = await loginAs(held.app, alice);
    const brunoClient = await loginAs(held.app, bruno);
    const slow = held.app.inject({ url: '/lent', headers: { cookie: brunoClient.cookieHeader() } });
    await held.started;
    await aliceClient.get(`/admin/comptes/${bruno.id}`);
    expect(
      (await aliceClient.post(`/admin/comptes/${bruno.id}/mot-de-passe`, { password: 'nouvelle phrase de passe' }))
        .statusCode,
    ).toBe(303);
    held.release();
    expect((await slow).statusCode).toBe(200);
    expect(held.db.$client.prepare('select count(*) as n from sessions where user_id = ?').get(bruno.id)).toEqual({
      n: 0,
    });
    expect((await brunoClient.get('/admin')).statusCode).toBe(303);
    await held.app.close();
  });
});

describe('administrator protections', () => {
  it('refuses to let an admin disable or demote themself, with a French message', async () => {
    await createUser(ctx.db, { role: 'admin' });
    await client.get(`/admin/comptes/${admin.id}`);
    const before = snapshot();
    const disable = await client.post(`/admin/comptes/${admin.id}/desactiver`);
    expect(disable.statusCode).toBe(422);
    expect(mainText(disable.body)).toContain('Vous ne pouvez pas désactiver votre propre compte.');
    const demote = await client.post(`/admin/comptes/${admin.id}`, {
      name: admin.name,
      email: admin.email,
      role: 'editeur',
      version: '1',
    });
    expect(demote.statusCode).toBe(422);
    expect(parseHtml(demote.body).querySelector('#champ-role-erreur')?.text).toContain(
      'Vous ne pouvez pas retirer votre propre rôle d’administrateur',
    );
    expect(snapshot()).toBe(before);
    expect(sessionsOf(admin.id)).toBe(1);
  });

  it('never disables or demotes the last active administrator, with a French message', async () => {
    // A disabled admin does not count: Alice is the last active one.
    const former = await createUser(ctx.db, { role: 'admin', name: 'Ancienne admin' });
    ctx.db.$client.prepare("update users set disabled_at = '2026-01-01T00:00:00.000Z' where id = ?").run(former.id);
    await client.get(`/admin/comptes/${admin.id}`);
    const before = snapshot();
    const demote = await client.post(`/admin/comptes/${admin.id}`, {
      name: admin.name,
      email: admin.email,
      role: 'editeur',
      version: '1',
    });
    expect(demote.statusCode).toBe(422);
    expect(parseHtml(demote.body).querySelector('#champ-role-erreur')?.text).toContain(
      'C’est le dernier compte administrateur actif',
    );
    const disable = await client.post(`/admin/comptes/${admin.id}/desactiver`);
    expect(disable.statusCode).toBe(422);
    expect(mainText(disable.body)).toContain(
      'C’est le dernier compte administrateur actif : nommez d’abord un autre administrateur.',
    );
    expect(snapshot()).toBe(before);
    expect(count("select count(*) as n from users where role = 'admin' and disabled_at is null")).toBe(1);
    // The disabled admin is not protected by that rule.
    expect(
      (
        await client.post(`/admin/comptes/${former.id}`, {
          name: former.name,
          email: former.email,
          role: 'editeur',
          version: '1',
        })
      ).statusCode,
    ).toBe(303);
  });

  it('lets one admin demote and disable another while at least one active admin remains', async () => {
    const bea = await createUser(ctx.db, { role: 'admin', name: 'Béa' });
    const beaClient = await loginAs(ctx.app, bea);
    await client.get(`/admin/comptes/${bea.id}`);
    expect(
      (
        await client.post(`/admin/comptes/${bea.id}`, {
          name: bea.name,
          email: bea.email,
          role: 'editeur',
          version: '1',
        })
      ).statusCode,
    ).toBe(303);
    expect(userRow(bea.id)?.role).toBe('editeur');
    // Béa is now an editor: her open session no longer reaches the accounts pages.
    expect((await beaClient.get('/admin/comptes')).statusCode).toBe(403);
    expect((await client.post(`/admin/comptes/${bea.id}/desactiver`)).statusCode).toBe(303);
    expect(sessionsOf(bea.id)).toBe(0);
  });
});

describe('CSRF', () => {
  it('refuses every accounts POST with a forged token and writes nothing', async () => {
    const bruno = await createUser(ctx.db);
    await client.get('/admin/comptes');
    const before = snapshot();
    const posts: [string, Record<string, string>][] = [
      ['/admin/comptes/nouveau', newAccount],
      [`/admin/comptes/${bruno.id}`, { name: 'X', email: bruno.email, role: 'admin' }],
      [`/admin/comptes/${bruno.id}/desactiver`, {}],
      [`/admin/comptes/${bruno.id}/mot-de-passe`, { password: 'une autre phrase secrète' }],
    ];
    for (const [url, form] of posts) {
      const response = await client.post(url, { ...form, _csrf: 'forged' });
      expect(response.statusCode, url).toBe(403);
    }
    expect(snapshot()).toBe(before);
  });
});
