import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
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

/** The coordination's to-do list: what to verify, what lacks a phone or a person. A handful of queries. */
export function findDashboardFigures(db: Db, queueLength = 20): DashboardFigures {
  const since = daysAgoIso(STALE_AFTER_DAYS, db.clock());
  const all = <T>(query: ReturnType<typeof sql>) => db.all<T>(query);
  const [orgs] = all<{ total: number; verified: number }>(sql`
    select count(*) as total, coalesce(sum(verified_at >= ${since}), 0) as verified
    from organisations where status = 'active'`);
  const [people] = all<{ total: number; verified: number }>(sql`
    select count(*) as total, coalesce(sum(c.verified_at >= ${since}), 0) as verified
    from contacts c join organisations o on o.id = c.organisation_id where o.status = 'active'`);
  const queue = all<VerificationItem>(sql`
    select * from (
      select 'organisation' as kind, id, id as organisationId, name, name as organisationName, verified_at as verifiedAt
      from organisations where status = 'active' and (verified_at is null or verified_at < ${since})
      union all
      select 'contact', c.id, o.id, c.name, o.name, c.verified_at
      from contacts c join organisations o on o.id = c.organisation_id
      where o.status = 'active' and (c.verified_at is null or c.verified_at < ${since})
    ) order by verifiedAt is not null, verifiedAt limit ${queueLength}`);
  const missingPhone = all<{ id: number; name: string }>(sql`
    select id, name from organisations where status = 'active' and (phone is null or phone = '') order by name`);
  const missingContact = all<{ id: number; name: string }>(sql`
    select o.id, o.name from organisations o where o.status = 'active'
    and not exists (select 1 from contacts c where c.organisation_id = o.id) order by o.name`);
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
