import type { FastifyInstance } from 'fastify';
import type { VerificationRequest } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { formatLongDate } from '../lib/dates.js';
import { verificationRequestMessage } from '../lib/mail-messages.js';
import { linkKey, tokenFor } from '../lib/verification-tokens.js';
import { enqueueMessage } from '../queries/outbox.js';
import { getMeta } from '../queries/site-meta.js';
import { listRequestsDueForReminder, markReminded } from '../queries/verification-rounds.js';

/** The key of verification links, derived from the site secret (SESSION_SECRET or the generated one). */
export function verificationKey(app: FastifyInstance): Buffer {
  const secret = app.config.sessionSecret ?? getMeta(app.db, 'session_secret');
  if (!secret) throw new Error('site secret missing: the auth plugin creates it at start');
  return linkKey(secret);
}

/** The absolute link a partner opens; PUBLIC_URL when set, else the address the server listens on. */
export function verificationLink(app: FastifyInstance, request: Pick<VerificationRequest, 'tokenSalt'>): string {
  const base = app.config.publicUrl ?? `http://${app.config.host}:${app.config.port}`;
  return `${base}/verification/${tokenFor(verificationKey(app), request.tokenSalt)}`;
}

/** Queues the French message with the link, or its one reminder. */
export function queueVerificationMessage(
  app: FastifyInstance,
  request: VerificationRequest,
  organisationName: string,
  reminder: boolean,
): void {
  if (!request.recipient) return;
  const message = verificationRequestMessage({
    siteName: app.config.siteName,
    organisationName,
    link: verificationLink(app, request),
    expiresOn: formatLongDate(request.expiresAt),
    reminder,
    replyTo: app.config.coordinationEmail,
  });
  enqueueMessage(app.db, { recipient: request.recipient, requestId: request.id, ...message });
}

/** One reminder per unanswered request, once the round's delay has passed (run by the sender loop). */
export function queueDueReminders(app: FastifyInstance): number {
  const due = listRequestsDueForReminder(app.db);
  for (const request of due) {
    inTransaction(app.db, () => {
      queueVerificationMessage(app, request, request.organisationName, true);
      markReminded(app.db, request.id);
    });
  }
  return due.length;
}
