import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  contacts,
  organisations,
  organisationThemes,
  revisions,
  type Contact,
  type Organisation,
  type OrganisationTheme,
  type Revision,
} from '../db/schema.js';

// The whole-directory reads of the import/export code: three queries whatever the size.

export interface DirectoryEntry {
  organisation: Organisation;
  /** The main person first, then the others in their display order. */
  contacts: Contact[];
  links: OrganisationTheme[];
}

/** Every entry (or, with `ids`, those organisations only, in any order): three queries whatever the size. */
export function loadDirectory(db: Db, options: { activeOnly: boolean; ids?: readonly number[] }): DirectoryEntry[] {
  const only = options.ids ? [...options.ids] : null;
  const orgs = db
    .select()
    .from(organisations)
    .where(
      and(
        options.activeOnly ? eq(organisations.status, 'active') : undefined,
        only ? inArray(organisations.id, only) : undefined,
      ),
    )
    .orderBy(asc(organisations.name), asc(organisations.id))
    .all();
  const entries = new Map<number, DirectoryEntry>(
    orgs.map((organisation) => [organisation.id, { organisation, contacts: [], links: [] }]),
  );
  const people = db
    .select()
    .from(contacts)
    .where(only ? inArray(contacts.organisationId, only) : undefined)
    .orderBy(desc(contacts.isPrimary), asc(contacts.position), asc(contacts.id))
    .all();
  for (const person of people) entries.get(person.organisationId)?.contacts.push(person);
  const links = db
    .select()
    .from(organisationThemes)
    .where(only ? inArray(organisationThemes.organisationId, only) : undefined)
    .orderBy(asc(organisationThemes.themeId))
    .all();
  for (const link of links) entries.get(link.organisationId)?.links.push(link);
  return [...entries.values()];
}

/** Revisions of the given organisations and of their people, oldest first (HSDS metadata rows). */
export function listRevisionsOf(db: Db, organisationIds: number[]): Revision[] {
  if (organisationIds.length === 0) return [];
  const ids = new Set(organisationIds);
  return db
    .select()
    .from(revisions)
    .where(inArray(revisions.entityType, ['organisation', 'contact']))
    .orderBy(asc(revisions.id))
    .all()
    .filter((r) => ids.has(r.entityType === 'organisation' ? r.entityId : (r.organisationId ?? -1)));
}

/** People of active organisations, and how many of them consented to appear in the open data. */
export function countOpenDataPeople(db: Db): { published: number; total: number } {
  const row = db
    .select({
      total: count(),
      published: sql<number>`coalesce(sum(${contacts.openDataConsentAt} is not null), 0)`.mapWith(Number),
    })
    .from(contacts)
    .innerJoin(organisations, eq(organisations.id, contacts.organisationId))
    .where(eq(organisations.status, 'active'))
    .get();
  return { published: row?.published ?? 0, total: row?.total ?? 0 };
}
