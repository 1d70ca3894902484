import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { contacts, organisations, organisationThemes, themes, type Contact, type Organisation } from '../db/schema.js';
import { compareFrench } from '../lib/sort.js';
import type { OrganisationThemeLink, ThemeBadge } from './organisations.js';

/** One organisation of the printed Répertoire: what its public page shows. */
export interface BookEntry {
  organisation: Organisation;
  /** Every person the public page lists (the website publishes them all, decision 073 concerns open data). */
  contacts: Contact[];
  themes: OrganisationThemeLink[];
}

export interface BookContents {
  /** Every thème, for the choice form. */
  allThemes: ThemeBadge[];
  /** The thèmes printed: the chosen ones, or all of them. */
  themes: ThemeBadge[];
  isSubset: boolean;
  unknownSlugs: string[];
  /** Active organisations A–Z, only those under a chosen thème when there is a choice. */
  entries: BookEntry[];
}

/**
 * The whole printed Répertoire in three queries whatever its size: organisations, people, thème links.
 * Unknown slugs are returned, not ignored: the page says which one it does not know.
 */
export function loadBook(db: Db, themeSlugs: string[]): BookContents {
  const allThemes = db
    .select({ id: themes.id, slug: themes.slug, name: themes.name, color: themes.color })
    .from(themes)
    .orderBy(asc(themes.position), asc(themes.name))
    .all();
  const bySlug = new Map(allThemes.map((theme) => [theme.slug, theme]));
  const unknownSlugs = themeSlugs.filter((slug) => !bySlug.has(slug));
  const chosen = new Set(themeSlugs.filter((slug) => bySlug.has(slug)));
  const isSubset = chosen.size > 0;
  const printedThemes = isSubset ? allThemes.filter((theme) => chosen.has(theme.slug)) : allThemes;

  const links = db
    .select({
      organisationId: organisationThemes.organisationId,
      theme: { id: themes.id, slug: themes.slug, name: themes.name, color: themes.color },
      note: organisationThemes.note,
      contactId: organisationThemes.contactId,
    })
    .from(organisationThemes)
    .innerJoin(themes, eq(themes.id, organisationThemes.themeId))
    .orderBy(asc(themes.position), asc(themes.name))
    .all();
  const linksByOrganisation = new Map<number, OrganisationThemeLink[]>();
  for (const { organisationId, ...link } of links) {
    linksByOrganisation.set(organisationId, [...(linksByOrganisation.get(organisationId) ?? []), link]);
  }

  const people = db
    .select()
    .from(contacts)
    .innerJoin(organisations, eq(organisations.id, contacts.organisationId))
    .where(eq(organisations.status, 'active'))
    .orderBy(sql`${contacts.isPrimary} desc`, asc(contacts.position), asc(contacts.id))
    .all();
  const peopleByOrganisation = new Map<number, Contact[]>();
  for (const { contacts: person } of people) {
    peopleByOrganisation.set(person.organisationId, [
      ...(peopleByOrganisation.get(person.organisationId) ?? []),
      person,
    ]);
  }

  const entries = db
    .select()
    .from(organisations)
    .where(eq(organisations.status, 'active'))
    .all()
    .map((organisation) => ({
      organisation,
      contacts: peopleByOrganisation.get(organisation.id) ?? [],
      themes: linksByOrganisation.get(organisation.id) ?? [],
    }))
    .filter((entry) => !isSubset || entry.themes.some((link) => chosen.has(link.theme.slug)))
    .sort((a, b) => compareFrench(a.organisation.name, b.organisation.name));

  return { allThemes, themes: printedThemes, isSubset, unknownSlugs, entries };
}
