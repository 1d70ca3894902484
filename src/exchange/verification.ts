import { isStale } from '../lib/dates.js';

/**
 * Verification dates on import (decision 062): verifying is a deliberate act, so an import never dates an
 * entry "today". It keeps the current date, or takes the file's (`verifie_le`, HSDS `assured_date`) when that
 * is a plausible past day and later than the current one; otherwise the entry stays unverified.
 */
export type VerificationReason = 'file' | 'kept' | 'none' | 'future' | 'too-old';

export interface VerificationOutcome {
  /** The date the entry will have after the import (ISO), or null: not verified. */
  verifiedAt: string | null;
  reason: VerificationReason;
  /** The day the file gives (AAAA-MM-JJ), plausible or not. */
  fileDay: string | null;
  /** What people added by this row get: the file's plausible date, else nothing. */
  newContactsVerifiedAt: string | null;
  /** The organisation's date changes (an existing entry gets a later date). */
  changed: boolean;
}

/** Dates before this are typing mistakes, not verifications of this directory. */
export const EARLIEST_VERIFICATION_DAY = '2000-01-01';

const DAY = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** `2026-11-22` (a time may follow) → the day, '' for an empty cell, null when it is not a real date. */
export function parseVerificationDay(cell: string): string | null | '' {
  const text = cell.trim();
  if (text === '') return '';
  const match = DAY.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real ? `${match[1]}-${match[2]}-${match[3]}` : null;
}

export const unreadableDayMessage = (cell: string) =>
  `Date de vérification illisible «\u00a0${cell.trim()}\u00a0»\u00a0: écrivez-la AAAA-MM-JJ (par exemple 2026-11-22), ou laissez la cellule vide.`;

const quebecDay = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/Toronto',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today in Quebec, AAAA-MM-JJ: a date of the file is "future" only once it is after this. */
export function today(now: Date): string {
  return quebecDay.format(now);
}

/** Noon UTC shows the same day in every Canadian time zone; never later than `now`. */
function dayToIso(day: string, now: Date): string {
  const noon = new Date(`${day}T12:00:00.000Z`);
  return (noon.getTime() > now.getTime() ? now : noon).toISOString();
}

/** What the import does with an entry's verification date, `current` being null for a new organisation. */
export function planVerification(
  fileDay: string | null,
  current: { verifiedAt: string | null } | null,
  now: Date,
): VerificationOutcome {
  const kept = current?.verifiedAt ?? null;
  const base = { fileDay, newContactsVerifiedAt: null, changed: false };
  if (fileDay === null) return { ...base, verifiedAt: kept, reason: kept ? 'kept' : 'none' };
  if (fileDay > today(now)) return { ...base, verifiedAt: kept, reason: 'future' };
  if (fileDay < EARLIEST_VERIFICATION_DAY) return { ...base, verifiedAt: kept, reason: 'too-old' };
  const fromFile = dayToIso(fileDay, now);
  // Same day or earlier than the current date: the entry keeps what it has.
  if (kept && fileDay <= kept.slice(0, 10))
    return { ...base, newContactsVerifiedAt: fromFile, verifiedAt: kept, reason: 'kept' };
  return { ...base, newContactsVerifiedAt: fromFile, verifiedAt: fromFile, reason: 'file', changed: current !== null };
}

const REASONS: Record<VerificationReason, string> = {
  file: 'date du fichier',
  kept: 'date actuelle conservée',
  none: 'non vérifié\u00a0: aucune date',
  future: 'date future ignorée',
  'too-old': `date antérieure à ${EARLIEST_VERIFICATION_DAY.slice(0, 4)} ignorée`,
};

/** « date du fichier », « date future ignorée (2030-01-01) »… for the preview and the command line. */
export function verificationReason(outcome: VerificationOutcome): string {
  const ignored = outcome.reason === 'future' || outcome.reason === 'too-old';
  const text = ignored ? `${REASONS[outcome.reason]} (${outcome.fileDay})` : REASONS[outcome.reason];
  if (ignored) return outcome.verifiedAt ? `${text}, date actuelle conservée` : `${text}, non vérifié`;
  return text;
}

export type VerificationStanding = 'verified' | 'stale' | 'unverified';

/** Whether the entry will count as verified (within twelve months of `now`), as the dashboard counts it. */
export function verificationStanding(outcome: VerificationOutcome, now: Date): VerificationStanding {
  if (!outcome.verifiedAt) return 'unverified';
  return isStale(outcome.verifiedAt, now) ? 'stale' : 'verified';
}

export interface VerificationRow {
  name: string;
  where: string;
  verifiedAt: string | null;
  standing: VerificationStanding;
  reason: string;
}

/** Per entry, the date it will have and why; with how many will count as verified, for the preview and the CLI. */
export function verificationSummary(
  items: readonly { entry: { where: string; fields: { name: string } }; verification: VerificationOutcome }[],
  now: Date,
) {
  const counts: Record<VerificationStanding, number> = { verified: 0, stale: 0, unverified: 0 };
  const rows: VerificationRow[] = items.map(({ entry, verification }) => {
    const standing = verificationStanding(verification, now);
    counts[standing]++;
    return {
      name: entry.fields.name,
      where: entry.where,
      verifiedAt: verification.verifiedAt,
      standing,
      reason: verificationReason(verification),
    };
  });
  return { counts, rows };
}

/** "Vérification : 3 entrées compteront comme vérifiées, 1 vérifiée il y a plus de 12 mois, 2 non vérifiées." */
export function verificationSentence(counts: Record<VerificationStanding, number>): string {
  const n = (value: number, one: string, many: string) =>
    `${value.toLocaleString('fr-CA')}\u00a0${value > 1 ? many : one}`;
  return `Vérification\u00a0: ${n(counts.verified, 'organisme comptera comme vérifié', 'organismes compteront comme vérifiés')} (depuis 12 mois), ${n(counts.stale, 'vérifié il y a plus de 12 mois', 'vérifiés il y a plus de 12 mois')}, ${n(counts.unverified, 'non vérifié', 'non vérifiés')}.`;
}
