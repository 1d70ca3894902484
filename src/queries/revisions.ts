import { and, desc, eq, or, sql } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import { revisions, users, type Revision, type RevisionEntity } from '../db/schema.js';

export type Snapshot = Record<string, unknown>;

export interface RevisionInput {
  entityType: RevisionEntity;
  entityId: number;
  organisationId?: number | null;
  userId: number | null;
  /** create | update | archive | restore | delete | verify | revert */
  action: string;
  before: Snapshot | null;
  after: Snapshot | null;
}

export function recordRevision(db: Db, input: RevisionInput): void {
  db.insert(revisions)
    .values({
      createdAt: nowIso(db),
      ...input,
      organisationId: input.organisationId ?? null,
      before: input.before === null ? null : JSON.stringify(input.before),
      after: input.after === null ? null : JSON.stringify(input.after),
    })
    .run();
}

export type RevisionWithAuthor = Omit<Revision, 'before' | 'after'> & {
  before: Snapshot | null;
  after: Snapshot | null;
  authorName: string | null;
};

const parse = (json: string | null): Snapshot | null => (json === null ? null : (JSON.parse(json) as Snapshot));

function withAuthor(rows: { revision: Revision; authorName: string | null }[]): RevisionWithAuthor[] {
  return rows.map(({ revision, authorName }) => ({
    ...revision,
    before: parse(revision.before),
    after: parse(revision.after),
    authorName,
  }));
}

/** An organisation's own revisions and those of its personnes-ressources, newest first. */
export function listOrganisationRevisions(db: Db, organisationId: number, limit = 200): RevisionWithAuthor[] {
  return withAuthor(
    db
      .select({ revision: revisions, authorName: users.name })
      .from(revisions)
      .leftJoin(users, eq(users.id, revisions.userId))
      .where(
        or(
          and(eq(revisions.entityType, 'organisation'), eq(revisions.entityId, organisationId)),
          eq(revisions.organisationId, organisationId),
        ),
      )
      .orderBy(desc(revisions.id))
      .limit(limit)
      .all(),
  );
}

export function listEntityRevisions(
  db: Db,
  entityType: RevisionEntity,
  entityId: number,
  limit = 200,
): RevisionWithAuthor[] {
  return withAuthor(
    db
      .select({ revision: revisions, authorName: users.name })
      .from(revisions)
      .leftJoin(users, eq(users.id, revisions.userId))
      .where(and(eq(revisions.entityType, entityType), eq(revisions.entityId, entityId)))
      .orderBy(desc(revisions.id))
      .limit(limit)
      .all(),
  );
}

export type RecentRevision = RevisionWithAuthor & {
  /** The entry's name: as the change recorded it, else as it is now (a verification records none). */
  label: string | null;
  /** For a person, the organisation they belong to. */
  organisationName: string | null;
};

export function listRecentRevisions(db: Db, limit = 15): RecentRevision[] {
  const rows = db
    .select({
      revision: revisions,
      authorName: users.name,
      currentName: sql<string | null>`case ${revisions.entityType}
        when 'organisation' then (select o.name from organisations o where o.id = ${revisions.entityId})
        when 'contact' then (select c.name from contacts c where c.id = ${revisions.entityId})
        when 'theme' then (select t.name from themes t where t.id = ${revisions.entityId}) end`,
      organisationName: sql<
        string | null
      >`(select o.name from organisations o where o.id = ${revisions.organisationId})`,
    })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.userId))
    .orderBy(desc(revisions.id))
    .limit(limit)
    .all();
  return withAuthor(rows).map((revision, i) => ({
    ...revision,
    label: String((revision.after ?? revision.before)?.name ?? '') || rows[i]!.currentName,
    organisationName: revision.entityType === 'contact' ? rows[i]!.organisationName : null,
  }));
}

export function findRevision(db: Db, id: number): RevisionWithAuthor | null {
  const row = db
    .select({ revision: revisions, authorName: users.name })
    .from(revisions)
    .leftJoin(users, eq(users.id, revisions.userId))
    .where(eq(revisions.id, id))
    .get();
  return row ? withAuthor([row])[0]! : null;
}

export function countRevisions(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(revisions)
      .get()?.n ?? 0
  );
}
