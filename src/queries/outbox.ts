import { and, asc, eq, lte, sql } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import { mailOutbox, type OutboxMessage } from '../db/schema.js';

export interface NewMessage {
  recipient: string;
  subject: string;
  text: string;
  html: string;
  requestId?: number | null;
}

/** Queues a message; the sender loop delivers it (a request never waits on SMTP). */
export function enqueueMessage(db: Db, message: NewMessage): OutboxMessage {
  const now = nowIso(db);
  return db
    .insert(mailOutbox)
    .values({ ...message, requestId: message.requestId ?? null, nextAttemptAt: now, createdAt: now })
    .returning()
    .get();
}

/** The oldest message due now, or null. */
export function nextDueMessage(db: Db): OutboxMessage | null {
  return (
    db
      .select()
      .from(mailOutbox)
      .where(and(eq(mailOutbox.status, 'pending'), lte(mailOutbox.nextAttemptAt, nowIso(db))))
      .orderBy(asc(mailOutbox.nextAttemptAt), asc(mailOutbox.id))
      .limit(1)
      .get() ?? null
  );
}

export function markMessageSent(db: Db, id: number): void {
  db.update(mailOutbox)
    .set({ status: 'sent', sentAt: nowIso(db), attempts: sql`${mailOutbox.attempts} + 1`, lastError: null })
    .where(eq(mailOutbox.id, id))
    .run();
}

/** After a failed attempt: retried later (back-off), or given up on after `maxAttempts`. */
export function markMessageFailed(db: Db, message: OutboxMessage, error: string, maxAttempts: number): void {
  const attempts = message.attempts + 1;
  const delayMs = 2 ** attempts * 60_000;
  db.update(mailOutbox)
    .set({
      attempts,
      lastError: error.slice(0, 500),
      status: attempts >= maxAttempts ? 'failed' : 'pending',
      nextAttemptAt: new Date(db.clock().getTime() + delayMs).toISOString(),
    })
    .where(eq(mailOutbox.id, message.id))
    .run();
}

export function countOutbox(db: Db): { pending: number; sent: number; failed: number } {
  const rows = db
    .select({ status: mailOutbox.status, n: sql<number>`count(*)` })
    .from(mailOutbox)
    .groupBy(mailOutbox.status)
    .all();
  const count = (status: string) => rows.find((r) => r.status === status)?.n ?? 0;
  return { pending: count('pending'), sent: count('sent'), failed: count('failed') };
}
