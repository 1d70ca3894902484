import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import {
  contacts,
  organisations,
  verificationRequests,
  verificationRounds,
  type Organisation,
  type VerificationRequest,
  type VerificationRound,
} from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { daysAgoIso, STALE_AFTER_DAYS } from '../lib/dates.js';
import { recordRevision } from './revisions.js';

/** An organisation a round can include, with the address its link would go to. */
export interface RoundCandidate {
  id: number;
  name: string;
  verifiedAt: string | null;
  /** The main contact's e-mail, else the organisation's; null: the link goes out by hand. */
  recipient: string | null;
}

export function listRoundCandidates(db: Db): RoundCandidate[] {
  return db.all<RoundCandidate>(sql`
    select o.id, o.name, o.verified_at as verifiedAt,
      coalesce(nullif((select c.email from contacts c where c.organisation_id = o.id and c.is_primary = 1), ''),
               nullif(o.email, '')) as recipient
    from organisations o where o.status = 'active' order by o.name collate nocase`);
}

/** Share of active entries verified within 12 months, in per mille (the dashboard's figure). */
export function verifiedPermille(db: Db): number {
  const since = daysAgoIso(STALE_AFTER_DAYS, db.clock());
  const [row] = db.all<{ total: number; verified: number }>(sql`
    select count(*) as total, coalesce(sum(verified_at >= ${since}), 0) as verified
    from organisations where status = 'active'`);
  return row && row.total ? Math.round((1000 * row.verified) / row.total) : 0;
}

export interface NewRequest {
  organisationId: number;
  recipient: string | null;
  tokenHash: string;
  tokenSalt: string;
}

export function createRound(
  db: Db,
  input: { userId: number; expiresAt: string; reminderAfterDays: number; requests: NewRequest[] },
): { round: VerificationRound; requests: VerificationRequest[] } {
  return inTransaction(db, () => {
    const now = nowIso(db);
    const round = db
      .insert(verificationRounds)
      .values({
        createdBy: input.userId,
        expiresAt: input.expiresAt,
        reminderAfterDays: input.reminderAfterDays,
        verifiedPermilleBefore: verifiedPermille(db),
        createdAt: now,
      })
      .returning()
      .get();
    const requests = input.requests.map((request) =>
      db
        .insert(verificationRequests)
        .values({ ...request, roundId: round.id, expiresAt: input.expiresAt, createdAt: now })
        .returning()
        .get(),
    );
    return { round, requests };
  });
}

export function listRounds(db: Db): (VerificationRound & { requests: number; answered: number })[] {
  return db.all(sql`
    select r.id, r.created_by as createdBy, r.expires_at as expiresAt, r.reminder_after_days as reminderAfterDays,
      r.verified_permille_before as verifiedPermilleBefore, r.created_at as createdAt,
      count(q.id) as requests, coalesce(sum(q.answered_at is not null), 0) as answered
    from verification_rounds r left join verification_requests q on q.round_id = r.id
    group by r.id order by r.id desc`);
}

export function findRound(db: Db, id: number): VerificationRound | null {
  return db.select().from(verificationRounds).where(eq(verificationRounds.id, id)).get() ?? null;
}

/** One line of the round's progress table: the request, its organisation and its last message. */
export interface RoundRequestRow {
  request: VerificationRequest;
  organisationName: string;
  messageStatus: 'pending' | 'sent' | 'failed' | null;
}

export function listRoundRequests(db: Db, roundId: number): RoundRequestRow[] {
  return db
    .select({
      request: verificationRequests,
      organisationName: organisations.name,
      messageStatus: sql<RoundRequestRow['messageStatus']>`(select m.status from mail_outbox m
        where m.request_id = ${verificationRequests.id} order by m.id limit 1)`,
    })
    .from(verificationRequests)
    .innerJoin(organisations, eq(organisations.id, verificationRequests.organisationId))
    .where(eq(verificationRequests.roundId, roundId))
    .orderBy(asc(organisations.name))
    .all();
}

export interface RoundProgress {
  total: number;
  sent: number;
  byHand: number;
  opened: number;
  confirmed: number;
  changes: number;
  noAnswer: number;
  bounced: number;
  revoked: number;
}

/** The figures of the round page and the dashboard. « bounced »: the SMTP server refused, given up on. */
export function roundProgress(rows: RoundRequestRow[]): RoundProgress {
  const count = (test: (row: RoundRequestRow) => boolean) => rows.filter(test).length;
  return {
    total: rows.length,
    sent: count((r) => r.messageStatus === 'sent'),
    byHand: count((r) => r.request.recipient === null || r.messageStatus === null),
    opened: count((r) => r.request.openedAt !== null),
    confirmed: count((r) => r.request.answer === 'confirmed'),
    changes: count((r) => r.request.answer === 'changes'),
    noAnswer: count((r) => r.request.answer === null && r.request.revokedAt === null),
    bounced: count((r) => r.messageStatus === 'failed'),
    revoked: count((r) => r.request.revokedAt !== null),
  };
}

export type LinkState = 'ok' | 'expired' | 'revoked';

export interface RequestWithEntry {
  request: VerificationRequest;
  organisation: Organisation;
  state: LinkState;
}

/** The request behind a link's token hash; expired and revoked ones are returned with their state. */
export function findRequestByTokenHash(db: Db, tokenHash: string): RequestWithEntry | null {
  const row = db
    .select({ request: verificationRequests, organisation: organisations })
    .from(verificationRequests)
    .innerJoin(organisations, eq(organisations.id, verificationRequests.organisationId))
    .where(eq(verificationRequests.tokenHash, tokenHash))
    .get();
  if (!row) return null;
  const state: LinkState = row.request.revokedAt ? 'revoked' : row.request.expiresAt <= nowIso(db) ? 'expired' : 'ok';
  return { ...row, state };
}

export function findRequest(db: Db, id: number): VerificationRequest | null {
  return db.select().from(verificationRequests).where(eq(verificationRequests.id, id)).get() ?? null;
}

export function markRequestOpened(db: Db, id: number): void {
  db.update(verificationRequests)
    .set({ openedAt: nowIso(db) })
    .where(and(eq(verificationRequests.id, id), isNull(verificationRequests.openedAt)))
    .run();
}

export function revokeRequest(db: Db, id: number): boolean {
  const changed = db
    .update(verificationRequests)
    .set({ revokedAt: nowIso(db) })
    .where(and(eq(verificationRequests.id, id), isNull(verificationRequests.revokedAt)))
    .run();
  return changed.changes > 0;
}

/**
 * « Tout est exact »: the entry and its personnes-ressources are verified today, by the organisation
 * itself (no account: verified_by stays empty and the revision says « verify_partner »).
 */
export function confirmByPartner(db: Db, request: VerificationRequest): void {
  inTransaction(db, () => {
    const now = nowIso(db);
    const current = db.select().from(organisations).where(eq(organisations.id, request.organisationId)).get();
    if (!current) return;
    db.update(organisations).set({ verifiedAt: now, verifiedBy: null }).where(eq(organisations.id, current.id)).run();
    db.update(contacts).set({ verifiedAt: now, verifiedBy: null }).where(eq(contacts.organisationId, current.id)).run();
    recordRevision(db, {
      entityType: 'organisation',
      entityId: current.id,
      userId: null,
      action: 'verify_partner',
      before: { verifiedAt: current.verifiedAt },
      after: { verifiedAt: now, verificationRequest: request.id },
    });
    markAnswered(db, request.id, 'confirmed');
  });
}

export function markAnswered(db: Db, id: number, answer: 'confirmed' | 'changes'): void {
  db.update(verificationRequests)
    .set({ answer, answeredAt: nowIso(db) })
    .where(eq(verificationRequests.id, id))
    .run();
}

/** Requests owed their one reminder: not answered, not revoked, still valid, past the round's delay. */
export function listRequestsDueForReminder(db: Db): (VerificationRequest & { organisationName: string })[] {
  const now = nowIso(db);
  return db
    .select({ request: verificationRequests, organisationName: organisations.name })
    .from(verificationRequests)
    .innerJoin(verificationRounds, eq(verificationRounds.id, verificationRequests.roundId))
    .innerJoin(organisations, eq(organisations.id, verificationRequests.organisationId))
    .where(
      and(
        isNull(verificationRequests.answeredAt),
        isNull(verificationRequests.revokedAt),
        isNull(verificationRequests.remindedAt),
        sql`${verificationRequests.recipient} is not null`,
        sql`${verificationRounds.reminderAfterDays} > 0`,
        sql`${verificationRequests.expiresAt} > ${now}`,
        sql`strftime('%Y-%m-%dT%H:%M:%fZ', ${verificationRequests.createdAt}, '+' || ${verificationRounds.reminderAfterDays} || ' days') <= ${now}`,
      ),
    )
    .orderBy(asc(verificationRequests.id))
    .all()
    .map((row) => ({ ...row.request, organisationName: row.organisationName }));
}

export function markReminded(db: Db, id: number): void {
  db.update(verificationRequests)
    .set({ remindedAt: nowIso(db) })
    .where(eq(verificationRequests.id, id))
    .run();
}

/** The dashboard's view of the latest round: its figures and the verified share then and now. */
export function latestRoundSummary(
  db: Db,
): { round: VerificationRound; progress: RoundProgress; verifiedPermilleNow: number } | null {
  const round = db
    .select()
    .from(verificationRounds)
    .orderBy(sql`${verificationRounds.id} desc`)
    .limit(1)
    .get();
  if (!round) return null;
  return { round, progress: roundProgress(listRoundRequests(db, round.id)), verifiedPermilleNow: verifiedPermille(db) };
}
