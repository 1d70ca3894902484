import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../../src/config.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { Client, createUser, loginAs } from '../support/auth.js';
import { DAY_MS } from '../support/clock.js';
import { createContact, createOrganisation } from '../support/factories.js';
import { formValues } from '../support/forms.js';
import { mainText } from '../support/html.js';
import { startSmtpServer } from '../support/smtp.js';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let ctx: TestContext;
let admin: Client;
const config = () => ({
  mail: { smtpUrl: smtp.url, from: 'repertoire@cosmoss.example.org' },
  coordinationEmail: 'coordination@cosmoss.example.org',
  publicUrl: 'http://repertoire.example.org',
});

beforeEach(async () => {
  smtp = await startSmtpServer();
  ctx = await buildTestApp(config());
  admin = await loginAs(ctx.app, await createUser(ctx.db));
  const old = new Date(ctx.clock().getTime() - 400 * DAY_MS).toISOString();
  for (let n = 1; n <= 10; n++) {
    const organisation = createOrganisation(ctx.db, {
      name: `Organisme ${String(n).padStart(2, '0')}`,
      verifiedAt: old,
      email: n % 2 ? `organisme${n}@example.org` : null,
    });
    if (n % 2 === 0)
      createContact(ctx.db, organisation, {
        name: `Personne ${n}`,
        isPrimary: true,
        email: `personne${n}@example.org`,
      });
  }
});
afterEach(async () => {
  await ctx.app.close();
  await smtp.close();
});

const linkIn = (text: string) =>
  new URL(/http:\/\/repertoire\.example\.org\/verification\/\S+/.exec(text)![0]).pathname;

describe('a round with e-mail configured', () => {
  it('sends one message per organisation, survives a stopped sender, and counts the answers', async () => {
    await admin.get('/admin/tournees/nouvelle');
    const started = await admin.post('/admin/tournees', { portee: 'toutes', duree: '60', rappel: '14' });
    expect(started.statusCode).toBe(303);
    expect(smtp.received).toHaveLength(0);

    // The sender stops after 4 messages (a crash, a restart); another process picks up the rest.
    expect(await ctx.app.mailer.sendDue({ max: 4 })).toBe(4);
    const restarted = await buildApp(testConfig(config()), { db: ctx.db });
    await restarted.ready();
    expect(await restarted.mailer.sendDue()).toBe(6);
    await restarted.close();
    expect(smtp.received).toHaveLength(10);
    const recipients = smtp.received.flatMap((m) => m.to).sort();
    expect(new Set(recipients).size).toBe(10);
    expect(recipients).toContain('personne2@example.org');
    expect(recipients).toContain('organisme1@example.org');

    const first = smtp.received.find((m) => m.to[0] === 'organisme1@example.org')!;
    expect(first.subject).toBe('Vérification de votre fiche\u00a0: Organisme 01');
    expect(first.text).toContain('Le lien est valable jusqu’au 21 janvier 2027.');
    expect(first.html).toContain('<a href="http://repertoire.example.org/verification/');

    // One partner confirms, one proposes a new person, the others do nothing.
    const confirming = new Client(ctx.app);
    const confirmLink = linkIn(first.text);
    await confirming.get(confirmLink);
    expect((await confirming.post(`${confirmLink}/confirmer`)).statusCode).toBe(303);
    const second = smtp.received.find((m) => m.to[0] === 'personne2@example.org')!;
    const proposing = new Client(ctx.app);
    const proposeLink = linkIn(second.text);
    const form = await proposing.get(`${proposeLink}/proposer`);
    const proposed = await proposing.post(`${proposeLink}/proposer`, {
      ...formValues(form.body, `${proposeLink}/proposer`),
      nouvelle_name: 'Julie Roy',
      nouvelle_role: 'Intervenante',
    });
    expect(proposed.statusCode).toBe(303);

    const dashboard = mainText((await admin.get('/admin')).body);
    expect(dashboard).toContain(
      'Organismes : 10 · courriels envoyés : 10 · liens ouverts : 2 · fiches confirmées par l’organisme : 1 · changements proposés : 1 · sans réponse : 8 · courriels non distribués : 0.',
    );
    expect(dashboard).toContain('0 % au début de la tournée, 10 % aujourd’hui');
    expect(dashboard).toContain('1 signalement attend votre examen.');

    // Fourteen days later, the 8 who did not answer get their one reminder.
    ctx.clock.advance(14 * DAY_MS);
    expect(await ctx.app.mailer.sendDue()).toBe(8);
    const reminders = smtp.received.slice(10);
    expect(reminders.every((m) => m.subject.startsWith('Rappel — Vérification de votre fiche'))).toBe(true);
    expect(reminders.flatMap((m) => m.to)).not.toContain('organisme1@example.org');
    // The reminder carries the same link as the first message.
    const reminderToThird = reminders.find((m) => m.to[0] === 'organisme3@example.org')!;
    const firstToThird = smtp.received.find((m) => m.to[0] === 'organisme3@example.org')!;
    expect(linkIn(reminderToThird.text)).toBe(linkIn(firstToThird.text));
    ctx.clock.advance(7 * DAY_MS);
    expect(await ctx.app.mailer.sendDue()).toBe(0);
    // (The clock moved past the session's lifetime: sign in again.)
    admin = await loginAs(ctx.app, await createUser(ctx.db));
    expect(mainText((await admin.get('/admin/tournees/1')).body)).toContain('rappel le 6 décembre 2026');
  });
});
