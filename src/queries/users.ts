import { and, asc, eq, sql } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import { sessions, users, type Role, type User } from '../db/schema.js';

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function findUserByEmail(db: Db, email: string): User | null {
  return (
    db
      .select()
      .from(users)
      .where(eq(users.email, normaliseEmail(email)))
      .get() ?? null
  );
}

export function findUserById(db: Db, id: number): User | null {
  return db.select().from(users).where(eq(users.id, id)).get() ?? null;
}

export function listUsers(db: Db): User[] {
  return db.select().from(users).orderBy(asc(users.name)).all();
}

export function countAdmins(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(sql`${users.role} = 'admin' and ${users.disabledAt} is null`)
      .get()?.n ?? 0
  );
}

export function insertUser(db: Db, input: { email: string; name: string; role: Role; passwordHash: string }): User {
  return db
    .insert(users)
    .values({ ...input, email: normaliseEmail(input.email), name: input.name.trim() })
    .returning()
    .get();
}

/** Saves name, email and role unless someone saved the account since `expectedVersion` was read; returns false then. */
export function updateUser(
  db: Db,
  id: number,
  expectedVersion: number,
  changes: Partial<Pick<User, 'name' | 'role' | 'email'>>,
): boolean {
  const values = {
    ...changes,
    ...(changes.email ? { email: normaliseEmail(changes.email) } : {}),
    version: expectedVersion + 1,
    updatedAt: nowIso(db),
  };
  return (
    db
      .update(users)
      .set(values)
      .where(and(eq(users.id, id), eq(users.version, expectedVersion)))
      .run().changes === 1
  );
}

/** A new password ends every session of the account. */
export function setUserPassword(db: Db, id: number, passwordHash: string): void {
  db.update(users)
    .set({ passwordHash, updatedAt: nowIso(db) })
    .where(eq(users.id, id))
    .run();
  db.delete(sessions).where(eq(sessions.userId, id)).run();
}

/**
 * The same password hashed again with today's parameters (decision 105). Sessions stay; a password
 * changed meanwhile is not overwritten.
 */
export function replacePasswordHash(db: Db, id: number, previousHash: string, passwordHash: string): void {
  db.update(users)
    .set({ passwordHash })
    .where(and(eq(users.id, id), eq(users.passwordHash, previousHash)))
    .run();
}

/** Disabling an account ends its sessions at once. */
export function setUserDisabled(db: Db, id: number, disabled: boolean): void {
  db.update(users)
    .set({ disabledAt: disabled ? nowIso(db) : null, updatedAt: nowIso(db) })
    .where(eq(users.id, id))
    .run();
  if (disabled) db.delete(sessions).where(eq(sessions.userId, id)).run();
}

export function recordLogin(db: Db, id: number): void {
  db.update(users)
    .set({ lastLoginAt: nowIso(db) })
    .where(eq(users.id, id))
    .run();
}

/** An account as pages show it: never the password hash. */
export type Account = Omit<User, 'passwordHash'>;

const accountColumns = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  disabledAt: users.disabledAt,
  lastLoginAt: users.lastLoginAt,
  version: users.version,
  createdAt: users.createdAt,
  updatedAt: users.updatedAt,
};

/** Enabled accounts first, then by name. */
export function listAccounts(db: Db): Account[] {
  return db
    .select(accountColumns)
    .from(users)
    .orderBy(sql`${users.disabledAt} is not null`, asc(users.name))
    .all();
}

export function findAccountById(db: Db, id: number): Account | null {
  return db.select(accountColumns).from(users).where(eq(users.id, id)).get() ?? null;
}

export function isEmailTaken(db: Db, email: string, exceptId?: number): boolean {
  const row = db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.email, normaliseEmail(email)))
    .get();
  return row !== undefined && row.id !== exceptId;
}
