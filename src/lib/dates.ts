const longDate = new Intl.DateTimeFormat('fr-CA', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'America/Toronto',
});

/** "22 novembre 2026" (Quebec's time zone, so a late-evening edit is dated that day). */
export function formatLongDate(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return longDate.format(date).replace(/^1 /, '1er ');
}

/** Machine-readable date for <time datetime>. */
export function isoDate(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return date.toISOString().slice(0, 10);
}

export const STALE_AFTER_DAYS = 365;

/** True when a verification date is missing or older than twelve months. */
export function isStale(verifiedAt: string | null | undefined, now: Date): boolean {
  if (!verifiedAt) return true;
  const ageMs = now.getTime() - new Date(verifiedAt).getTime();
  return ageMs > STALE_AFTER_DAYS * 24 * 60 * 60 * 1000;
}

export function daysAgoIso(days: number, from: Date): string {
  return new Date(from.getTime() - days * 24 * 60 * 60 * 1000).toISOString();
}
