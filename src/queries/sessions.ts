import crypto from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
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

export function saveSessionData(db: Db, id: string, data: string, userId: number | null, expiresAt: Date): void {
  db.insert(sessions)
    .values({ idHash: hashId(id), data, userId, expiresAt: expiresAt.toISOString() })
    .onConflictDoUpdate({ target: sessions.idHash, set: { data, userId, expiresAt: expiresAt.toISOString() } })
    .run();
}

export function deleteSession(db: Db, id: string): void {
  db.delete(sessions).where(eq(sessions.idHash, hashId(id))).run();
}

export function deleteExpiredSessions(db: Db, now: Date = db.clock()): number {
  return db.delete(sessions).where(lt(sessions.expiresAt, now.toISOString())).run().changes;
}
