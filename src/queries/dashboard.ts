import { and, asc, count, eq, isNull, lt, notExists, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import type { Db } from '../db/client.js';
import { contacts, organisations } from '../db/schema.js';
import { daysAgoIso, STALE_AFTER_DAYS } from '../lib/dates.js';

export interface VerificationItem {
  kind: 'organisation' | 'contact';
  id: number;
  organisationId: number;
  name: string;
  organisationName: string;
  verifiedAt: string | null;
}

export interface DashboardFigures {
  activeOrganisations: number;
  verifiedOrganisations: number;
  contacts: number;
  verifiedContacts: number;
  /** Oldest verification first; never-verified entries lead. */
  queue: VerificationItem[];
  missingPhone: { id: number; name: string }[];
  missingContact: { id: number; name: string }[];
}

/** Never-verified entries first, then the oldest verification (the order of the verification queue). */
const byVerification = (a: VerificationItem, b: VerificationItem) =>
  a.verifiedAt === b.verifiedAt
    ? 0
    : a.verifiedAt === null
      ? -1
      : b.verifiedAt === null
        ? 1
        : a.verifiedAt < b.verifiedAt
          ? -1
          : 1;

/** The coordination's to-do list: what to verify, what lacks a phone or a person. A handful of queries. */
export function findDashboardFigures(db: Db, queueLength = 20): DashboardFigures {
  const since = daysAgoIso(STALE_AFTER_DAYS, db.clock());
  const active = eq(organisations.status, 'active');
  const verifiedSince = (column: SQLiteColumn) => sql<number>`coalesce(sum(${column} >= ${since}), 0)`.mapWith(Number);
  const stale = (column: SQLiteColumn) => or(isNull(column), lt(column, since));
  const staleFirst = (column: SQLiteColumn) => [sql`${column} is not null`, asc(column)];

  const [orgs] = db
    .select({ total: count(), verified: verifiedSince(organisations.verifiedAt) })
    .from(organisations)
    .where(active)
    .all();
  const [people] = db
    .select({ total: count(), verified: verifiedSince(contacts.verifiedAt) })
    .from(contacts)
    .innerJoin(organisations, eq(organisations.id, contacts.organisationId))
    .where(active)
    .all();
  // The oldest of each kind, merged: the first queueLength of the union without a hand-written UNION.
  const staleOrganisations: VerificationItem[] = db
    .select({
      id: organisations.id,
      organisationId: organisations.id,
      name: organisations.name,
      organisationName: organisations.name,
      verifiedAt: organisations.verifiedAt,
    })
    .from(organisations)
    .where(and(active, stale(organisations.verifiedAt)))
    .orderBy(...staleFirst(organisations.verifiedAt))
    .limit(queueLength)
    .all()
    .map((row) => ({ kind: 'organisation', ...row }));
  // Never-verified people, then the oldest verifications, each read in the order of contacts(verified_at):
  // one query sorting every person by « is not null, verified_at » cost 150–260 ms at 50,000 organisations.
  const contactsWhere = (condition: SQL | undefined) =>
    db
      .select({
        id: contacts.id,
        organisationId: organisations.id,
        name: contacts.name,
        organisationName: organisations.name,
        verifiedAt: contacts.verifiedAt,
      })
      .from(contacts)
      .innerJoin(organisations, eq(organisations.id, contacts.organisationId))
      .where(and(active, condition))
      .orderBy(asc(contacts.verifiedAt))
      .limit(queueLength)
      .all()
      .map((row): VerificationItem => ({ kind: 'contact', ...row }));
  const staleContacts = [
    ...contactsWhere(isNull(contacts.verifiedAt)),
    ...contactsWhere(lt(contacts.verifiedAt, since)),
  ];
  const queue = [...staleOrganisations, ...staleContacts].sort(byVerification).slice(0, queueLength);

  const missingPhone = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(active, or(isNull(organisations.phone), eq(organisations.phone, ''))))
    .orderBy(asc(organisations.name))
    .all();
  const missingContact = db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(
        active,
        notExists(
          db
            .select({ one: sql`1` })
            .from(contacts)
            .where(eq(contacts.organisationId, organisations.id)),
        ),
      ),
    )
    .orderBy(asc(organisations.name))
    .all();
  return {
    activeOrganisations: orgs?.total ?? 0,
    verifiedOrganisations: orgs?.verified ?? 0,
    contacts: people?.total ?? 0,
    verifiedContacts: people?.verified ?? 0,
    queue,
    missingPhone,
    missingContact,
  };
}
