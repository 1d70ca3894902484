import { eq } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import {
  contacts,
  organisations,
  organisationThemes,
  type Contact,
  type NewContact,
  type NewOrganisation,
  type Organisation,
  type OrganisationTheme,
} from '../db/schema.js';
import { slugify, uniqueSlug } from '../lib/slug.js';

export type OrganisationInput = Omit<NewOrganisation, 'id' | 'slug' | 'createdAt' | 'updatedAt' | 'version'> & {
  slug?: string;
};

function slugTaken(db: Db, slug: string): boolean {
  return (
    db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get() !== undefined
  );
}

/** Creates an organisation; its slug derives from the name (made unique) unless given. */
export function insertOrganisation(db: Db, input: OrganisationInput): Organisation {
  const slug = input.slug ?? uniqueSlug(slugify(input.name), (s) => slugTaken(db, s));
  const now = nowIso(db);
  return db
    .insert(organisations)
    .values({ createdAt: now, updatedAt: now, ...input, slug })
    .returning()
    .get();
}

export type ContactInput = Omit<NewContact, 'id' | 'createdAt' | 'updatedAt' | 'version'>;

export function insertContact(db: Db, input: ContactInput): Contact {
  const now = nowIso(db);
  return db
    .insert(contacts)
    .values({ createdAt: now, updatedAt: now, ...input })
    .returning()
    .get();
}

export function linkOrganisationToTheme(
  db: Db,
  link: Pick<OrganisationTheme, 'organisationId' | 'themeId'> & Partial<Pick<OrganisationTheme, 'note' | 'contactId'>>,
): void {
  db.insert(organisationThemes).values(link).run();
}
