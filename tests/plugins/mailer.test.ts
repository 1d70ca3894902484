import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { User } from '../../src/db/schema.js';
import { MAX_ATTEMPTS } from '../../src/plugins/mailer.js';
import { recordCorrectionReport } from '../../src/queries/corrections.js';
import { enqueueMessage } from '../../src/queries/outbox.js';
import { buildTestApp, type TestContext } from '../support/app.js';
import { Client, createUser, loginAs } from '../support/auth.js';
import { DAY_MS } from '../support/clock.js';
import { createOrganisation } from '../support/factories.js';
import { mainText } from '../support/html.js';
import { startSmtpServer } from '../support/smtp.js';

let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let hold: Promise<void> = Promise.resolve();
let ctx: TestContext;
let user: User;
let client: Client;

const mailConfig = (url: string) => ({
  mail: { smtpUrl: url, from: 'repertoire@cosmoss.example.org' },
  coordinationEmail: 'coordination@cosmoss.example.org',
});

beforeEach(async () => {
  smtp = await startSmtpServer({
    refuse: (to) => (to.startsWith('later') ? 450 : to.startsWith('unknown') ? 550 : undefined),
    holdData: () => hold,
  });
  ctx = await buildTestApp(mailConfig(smtp.url));
  user = await createUser(ctx.db);
  client = await loginAs(ctx.app, user);
});
afterEach(async () => {
  await ctx.app.close();
  await smtp.close();
});

const outbox = () =>
  ctx.db.$client.prepare('select recipient, status, attempts, last_error from mail_outbox order by id').all() as {
    recipient: string;
    status: string;
    attempts: number;
    last_error: string | null;
  }[];

function report(reporterEmail: string | null) {
  const organisation = createOrganisation(ctx.db, { name: 'Maison des familles' });
  return recordCorrectionReport(ctx.db, {
    organisationId: organisation.id,
    problems: ['heures'],
    details: 'Fermé le lundi.',
    proposed: {},
    reporterName: null,
    reporterEmail,
  });
}

describe('e-mail to the person who reported', () => {
  it('is queued when the report is rejected, and the sender delivers it in French over SMTP', async () => {
    const created = report('julie.roy@example.org');
    await client.get('/admin/signalements');
    const response = await client.post(`/admin/signalements/${created.id}/rejeter`, {
      reason: 'Les heures affichées sont déjà les bonnes.',
    });
    expect(response.statusCode).toBe(303);
    // The request only queued it: nothing reached the server yet.
    expect(smtp.received).toHaveLength(0);
    expect(outbox()).toMatchObject([{ recipient: 'julie.roy@example.org', status: 'pending' }]);
    expect(await ctx.app.mailer.sendDue()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail!.to).toEqual(['julie.roy@example.org']);
    expect(mail!.from).toBe('repertoire@cosmoss.example.org');
    expect(mail!.subject).toBe('Votre signalement\u00a0: Maison des familles');
    expect(mail!.text).toContain('Les heures affichées sont déjà les bonnes.');
    expect(mail!.html).toContain('<p>Bonjour,</p>');
    expect(mail!.html).not.toMatch(/<img/i);
    expect(mail!.raw).toMatch(/^Reply-To: coordination@cosmoss\.example\.org/im);
    expect(outbox()).toMatchObject([{ status: 'sent', attempts: 1 }]);
  });

  it('sends nothing when the reporter left no address', async () => {
    const created = report(null);
    await client.get('/admin/signalements');
    await client.post(`/admin/signalements/${created.id}/traite`, {});
    expect(outbox()).toHaveLength(0);
  });

  it('retries a message refused for now with back-off, then gives up and says so', async () => {
    enqueueMessage(ctx.db, { recipient: 'later@example.org', subject: 'Essai', text: 'x', html: '<p>x</p>' });
    expect(await ctx.app.mailer.sendDue()).toBe(0);
    expect(outbox()[0]).toMatchObject({ status: 'pending', attempts: 1 });
    // Not due again right away: the back-off holds it.
    expect(await ctx.app.mailer.sendDue()).toBe(0);
    expect(outbox()[0]!.attempts).toBe(1);
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      ctx.clock.advance(DAY_MS);
      await ctx.app.mailer.sendDue();
    }
    expect(outbox()[0]).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(outbox()[0]!.last_error).toContain('450');
  });

  it('counts a message refused for good (5xx) as undelivered at once', async () => {
    enqueueMessage(ctx.db, { recipient: 'unknown@example.org', subject: 'Essai', text: 'x', html: '<p>x</p>' });
    await ctx.app.mailer.sendDue();
    expect(outbox()[0]).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('marks a message sent only once the server accepted it: a crash in flight can only send that one again', async () => {
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    for (const n of [1, 2, 3]) {
      enqueueMessage(ctx.db, { recipient: `p${n}@example.org`, subject: 'Essai', text: 'x', html: '<p>x</p>' });
    }
    const sending = ctx.app.mailer.sendDue();
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The first message is with the server: a crash now would leave it pending (sent again later), and the rest untouched.
    expect(outbox().map((m) => m.status)).toEqual(['pending', 'pending', 'pending']);
    release();
    expect(await sending).toBe(3);
    expect(outbox().map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
    expect(smtp.received.map((m) => m.to[0])).toEqual(['p1@example.org', 'p2@example.org', 'p3@example.org']);
  });
});

describe('without e-mail configured', () => {
  it('queues nothing and the queue page says so', async () => {
    const plain = await buildTestApp();
    try {
      const admin = await loginAs(plain.app, await createUser(plain.db));
      const organisation = createOrganisation(plain.db);
      const created = recordCorrectionReport(plain.db, {
        organisationId: organisation.id,
        problems: ['autre'],
        details: 'x',
        proposed: {},
        reporterName: null,
        reporterEmail: 'julie@example.org',
      });
      const page = await admin.get('/admin/signalements');
      expect(mainText(page.body)).toContain('Le courriel n’est pas configuré');
      await admin.post(`/admin/signalements/${created.id}/traite`, {});
      expect(plain.db.$client.prepare('select count(*) as n from mail_outbox').get()).toEqual({ n: 0 });
      expect(plain.app.mailer.configured).toBe(false);
      expect(await plain.app.mailer.sendDue()).toBe(0);
    } finally {
      await plain.app.close();
    }
  });
});
