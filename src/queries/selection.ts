import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { contacts, organisations, type Contact, type Organisation } from '../db/schema.js';

export type SelectedPerson = Pick<Contact, 'id' | 'name' | 'role' | 'phone' | 'phoneExtension'>;

export type SelectedOrganisation = Pick<
  Organisation,
  | 'id'
  | 'slug'
  | 'name'
  | 'acronym'
  | 'summary'
  | 'phone'
  | 'phoneExtension'
  | 'tollFreePhone'
  | 'address'
  | 'city'
  | 'postalCode'
  | 'hours'
> & {
  /** The people the public page shows, main one first: the only ones the fiche may name. */
  people: SelectedPerson[];
};

/**
 * The active organisations among `ids`, in the order given; unknown, deleted or archived ids are left
 * out (the caller rewrites the visitor's cookie without them). Two queries whatever the count.
 */
export function findSelectedOrganisations(db: Db, ids: readonly number[]): SelectedOrganisation[] {
  if (ids.length === 0) return [];
  const rows = db
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      acronym: organisations.acronym,
      summary: organisations.summary,
      phone: organisations.phone,
      phoneExtension: organisations.phoneExtension,
      tollFreePhone: organisations.tollFreePhone,
      address: organisations.address,
      city: organisations.city,
      postalCode: organisations.postalCode,
      hours: organisations.hours,
    })
    .from(organisations)
    .where(and(inArray(organisations.id, [...ids]), eq(organisations.status, 'active')))
    .all();
  const people = db
    .select({
      organisationId: contacts.organisationId,
      id: contacts.id,
      name: contacts.name,
      role: contacts.role,
      phone: contacts.phone,
      phoneExtension: contacts.phoneExtension,
    })
    .from(contacts)
    .where(inArray(contacts.organisationId, [...ids]))
    .orderBy(sql`${contacts.isPrimary} desc`, asc(contacts.position), asc(contacts.id))
    .all();
  const byId = new Map(rows.map((row) => [row.id, { ...row, people: [] as SelectedPerson[] }]));
  for (const { organisationId, ...person } of people) byId.get(organisationId)?.people.push(person);
  return ids.flatMap((id) => byId.get(id) ?? []);
}
