import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import nodemailer, { type Transporter } from 'nodemailer';
import { correctionHandledMessage } from '../lib/mail-messages.js';
import type { ReportWithEntry } from '../queries/corrections.js';
import { enqueueMessage, markMessageFailed, markMessageSent, nextDueMessage } from '../queries/outbox.js';
import { queueDueReminders } from './verification-links.js';

/** A message is given up on (status « failed ») after this many attempts, about an hour apart at the end. */
export const MAX_ATTEMPTS = 6;
const LOOP_MS = 15_000;

export interface Mailer {
  /** True when SMTP_URL is set; otherwise nothing is queued and pages say links go out by hand. */
  configured: boolean;
  /** Sends the messages due now, one at a time (at most `max`); returns how many went out. */
  sendDue(options?: { max?: number }): Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

/**
 * The outbox sender (decision 092): a message is marked sent only after the SMTP server accepted it,
 * so a crash loses nothing and can send at most the one message in flight twice.
 */
export const mailerPlugin = fp(async function mailer(app: FastifyInstance) {
  const settings = app.config.mail;
  // One pooled connection: a round's messages go out one after the other without reconnecting each time.
  const transport: Transporter | null = settings
    ? nodemailer.createTransport({ url: settings.smtpUrl, pool: true, maxConnections: 1 })
    : null;
  let running: Promise<number> | null = null;

  async function drain(max: number): Promise<number> {
    if (!transport || !settings) return 0;
    queueDueReminders(app);
    let sent = 0;
    while (sent < max) {
      const message = nextDueMessage(app.db);
      if (!message) break;
      try {
        await transport.sendMail({
          from: { name: app.config.siteName, address: settings.from },
          replyTo: app.config.coordinationEmail,
          to: message.recipient,
          subject: message.subject,
          text: message.text,
          html: message.html,
        });
        markMessageSent(app.db, message.id);
        sent += 1;
      } catch (error) {
        // The recipient's address stays out of the log; the message id finds it for the coordination.
        const { code, responseCode } = error as { code?: string; responseCode?: number };
        app.log.warn({ messageId: message.id, code, responseCode }, 'e-mail not sent');
        // A 5xx answer (unknown mailbox…) will not change on retry: the message bounced.
        const permanent = responseCode !== undefined && responseCode >= 500;
        markMessageFailed(app.db, message, (error as Error).message, permanent ? 0 : MAX_ATTEMPTS);
      }
    }
    return sent;
  }

  const sendDue: Mailer['sendDue'] = async ({ max = Number.POSITIVE_INFINITY } = {}) => {
    // One sender at a time: the loop and a test (or the round page) never send the same message twice.
    while (running) await running;
    running = drain(max).finally(() => (running = null));
    return running;
  };

  app.decorate('mailer', { configured: transport !== null, sendDue });
  if (transport && app.config.env !== 'test') {
    const timer = setInterval(() => void sendDue().catch((error) => app.log.error(error)), LOOP_MS);
    timer.unref();
    app.addHook('onClose', async () => clearInterval(timer));
  }
  app.addHook('onClose', async () => {
    while (running) await running;
    transport?.close();
  });
});

/** Tells the reporter, when they left an address and e-mail is configured, that their report was handled. */
export function notifyReporter(
  app: FastifyInstance,
  report: ReportWithEntry,
  outcome: 'applied' | 'rejected',
  reason?: string,
): boolean {
  if (!app.mailer.configured || !report.reporterEmail) return false;
  const message = correctionHandledMessage({
    siteName: app.config.siteName,
    organisationName: report.organisation.name,
    outcome,
    reason,
    replyTo: app.config.coordinationEmail,
  });
  enqueueMessage(app.db, { recipient: report.reporterEmail, ...message });
  return true;
}
