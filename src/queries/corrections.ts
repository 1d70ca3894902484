import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import {
  correctionReports,
  organisations,
  users,
  type CorrectionProblem,
  type CorrectionReport,
  type CorrectionStatus,
  type Organisation,
} from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';

/**
 * Typed values a report proposes: organisation fields (name → value as stored), and from a partner
 * `newContact`, a new personne-ressource as the contact form parsed it.
 */
export type ProposedValues = Record<string, unknown>;

export interface NewCorrectionReport {
  organisationId: number;
  problems: CorrectionProblem[];
  details: string;
  proposed: ProposedValues;
  reporterName: string | null;
  reporterEmail: string | null;
  requestId?: number | null;
}

/** Stores a report; it changes nothing public until someone of the coordination applies it. */
export function recordCorrectionReport(db: Db, input: NewCorrectionReport): CorrectionReport {
  return db
    .insert(correctionReports)
    .values({
      organisationId: input.organisationId,
      requestId: input.requestId ?? null,
      problems: input.problems.join(','),
      details: input.details,
      proposed: JSON.stringify(input.proposed),
      reporterName: input.reporterName,
      reporterEmail: input.reporterEmail,
      createdAt: nowIso(db),
    })
    .returning()
    .get();
}

export function countPendingReports(db: Db): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(correctionReports)
      .where(eq(correctionReports.status, 'pending'))
      .get()?.n ?? 0
  );
}

export type ReportWithEntry = Omit<CorrectionReport, 'proposed' | 'problems'> & {
  problems: CorrectionProblem[];
  proposed: ProposedValues;
  organisation: Organisation;
  handledByName: string | null;
};

const parseReport = (row: {
  report: CorrectionReport;
  organisation: Organisation;
  handledByName: string | null;
}): ReportWithEntry => ({
  ...row.report,
  problems: row.report.problems ? (row.report.problems.split(',') as CorrectionProblem[]) : [],
  proposed: JSON.parse(row.report.proposed) as ProposedValues,
  organisation: row.organisation,
  handledByName: row.handledByName,
});

const reportsWithEntry = (db: Db) =>
  db
    .select({ report: correctionReports, organisation: organisations, handledByName: users.name })
    .from(correctionReports)
    .innerJoin(organisations, eq(organisations.id, correctionReports.organisationId))
    .leftJoin(users, eq(users.id, correctionReports.handledBy));

/** The queue: pending reports oldest first, each with the entry as it stands now. */
export function listReports(db: Db, status: CorrectionStatus, limit = 100): ReportWithEntry[] {
  return reportsWithEntry(db)
    .where(eq(correctionReports.status, status))
    .orderBy(status === 'pending' ? asc(correctionReports.id) : desc(correctionReports.handledAt))
    .limit(limit)
    .all()
    .map(parseReport);
}

export function findReport(db: Db, id: number): ReportWithEntry | null {
  const row = reportsWithEntry(db).where(eq(correctionReports.id, id)).get();
  return row ? parseReport(row) : null;
}

/**
 * Closes a pending report: who, when, and what was done (or why not). Returns the report as it was
 * before, or null when it was already handled (two people cannot both close it).
 */
export function closeReport(
  db: Db,
  id: number,
  userId: number,
  status: Exclude<CorrectionStatus, 'pending'>,
  note: string,
): CorrectionReport | null {
  return inTransaction(db, () => {
    const closed = db
      .update(correctionReports)
      .set({ status, handledAt: nowIso(db), handledBy: userId, handledNote: note })
      .where(and(eq(correctionReports.id, id), eq(correctionReports.status, 'pending')))
      .returning()
      .get();
    return closed ?? null;
  });
}
