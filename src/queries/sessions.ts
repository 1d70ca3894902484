import crypto from 'node:crypto';
import { and, eq, gt, lt, ne, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { sessions } from '../db/schema.js';

const hashId = (id: string) => crypto.createHash('sha256').update(id).digest('base64url');

/** Session data still within its idle lifetime, or null. */
export function findSessionData(db: Db, id: string, now: Date = db.clock()): string | null {
  return (
    db
      .select({ data: sessions.data })
      .from(sessions)
      .where(and(eq(sessions.idHash, hashId(id)), gt(sessions.expiresAt, now.toISOString())))
      .get()?.data ?? null
  );
}

/** The row of a new signed-in session: only sign-in creates rows, so an ended session cannot come back. */
export function insertSession(db: Db, id: string, data: string, userId: number, expiresAt: Date): void {
  db.insert(sessions)
    .values({ idHash: hashId(id), data, userId, expiresAt: expiresAt.toISOString() })
    .run();
}

/**
 * Saves a session that still exists (never re-creates one deleted meanwhile), and only when its data
 * changed or its stored expiry is older than `refreshBefore`. Returns whether a row was written.
 */
export function updateSession(db: Db, id: string, data: string, expiresAt: Date, refreshBefore: Date): boolean {
  const stale = or(ne(sessions.data, data), lt(sessions.expiresAt, refreshBefore.toISOString()));
  return (
    db
      .update(sessions)
      .set({ data, expiresAt: expiresAt.toISOString() })
      .where(and(eq(sessions.idHash, hashId(id)), stale))
      .run().changes > 0
  );
}

export function deleteSession(db: Db, id: string): void {
  db.delete(sessions)
    .where(eq(sessions.idHash, hashId(id)))
    .run();
}

export function deleteExpiredSessions(db: Db, now: Date = db.clock()): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run().changes;
}
