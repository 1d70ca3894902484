import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import {
  contacts,
  organisations,
  organisationThemes,
  themes,
  type Contact,
  type Organisation,
  type Theme,
} from '../db/schema.js';
import { compareFrench, sortByName } from '../lib/sort.js';
import { indexLetter } from '../lib/view-helpers.js';
import { rememberedPerVersion } from './search-cache.js';

const summaryColumns = {
  id: organisations.id,
  slug: organisations.slug,
  name: organisations.name,
  acronym: organisations.acronym,
  summary: organisations.summary,
  phone: organisations.phone,
  phoneExtension: organisations.phoneExtension,
  ageMin: organisations.ageMin,
  ageMax: organisations.ageMax,
  territory: organisations.territory,
  audiences: organisations.audiences,
  verifiedAt: organisations.verifiedAt,
};
export type OrganisationSummary = Pick<Organisation, keyof typeof summaryColumns>;

const contactColumns = {
  id: contacts.id,
  name: contacts.name,
  role: contacts.role,
  phone: contacts.phone,
  phoneExtension: contacts.phoneExtension,
  email: contacts.email,
  verifiedAt: contacts.verifiedAt,
};
export type ContactSummary = Pick<Contact, keyof typeof contactColumns>;

export type ThemeBadge = Pick<Theme, 'id' | 'slug' | 'name' | 'color'>;

/** One organisation as listed under one thème. */
export interface ThemeEntry {
  themeId: number;
  note: string | null;
  /** True when the coordination chose this person for the thème; false when it is the organisation's main contact. */
  contactDesignated: boolean;
  organisation: OrganisationSummary;
  contact: ContactSummary | null;
}

// The person to call for a thème: the one designated on the link, else the organisation's main contact.
const referenceContactId = sql`coalesce(${organisationThemes.contactId}, (
  select c2.id from contacts c2 where c2.organisation_id = ${organisations.id}
  order by c2.is_primary desc, c2.position, c2.id limit 1))`;

/**
 * Active organisations listed under the given thèmes (all thèmes when omitted), with
 * their reference person, in one query whatever the number of organisations.
 */
export function listThemeEntries(db: Db, themeIds?: number[]): ThemeEntry[] {
  if (themeIds && themeIds.length === 0) return [];
  const entries = selectThemeEntries(db, themeIds ? inArray(organisationThemes.themeId, themeIds) : undefined);
  return entries.sort((a, b) => compareFrench(a.organisation.name, b.organisation.name));
}

/** One thème's entries for these organisations, in the order given (a page of a large thème). One query. */
export function listThemeEntriesOf(db: Db, themeId: number, organisationIds: number[]): ThemeEntry[] {
  if (organisationIds.length === 0) return [];
  const wanted = sql`(select value from json_each(${JSON.stringify(organisationIds)}))`;
  const entries = selectThemeEntries(
    db,
    and(eq(organisationThemes.themeId, themeId), inArray(organisationThemes.organisationId, wanted)),
  );
  const byOrganisation = new Map(entries.map((entry) => [entry.organisation.id, entry]));
  return organisationIds.flatMap((id) => byOrganisation.get(id) ?? []);
}

function selectThemeEntries(db: Db, where: SQL | undefined): ThemeEntry[] {
  return db
    .select({
      themeId: organisationThemes.themeId,
      note: organisationThemes.note,
      designatedId: organisationThemes.contactId,
      organisation: summaryColumns,
      contact: contactColumns,
    })
    .from(organisationThemes)
    .innerJoin(
      organisations,
      and(eq(organisations.id, organisationThemes.organisationId), eq(organisations.status, 'active')),
    )
    .leftJoin(contacts, eq(contacts.id, referenceContactId))
    .where(where)
    .all()
    .map((row) => ({
      themeId: row.themeId,
      note: row.note,
      contactDesignated: row.designatedId !== null,
      organisation: row.organisation,
      contact: row.contact,
    }));
}

/** Ids of a thème's active organisations in the order of its page, by name (decision 111). */
export function themeOrganisationOrder(db: Db, themeId: number): number[] {
  return activeByName(db, themeId).map((row) => row.id);
}

export type OrganisationListItem = OrganisationSummary & { themes: ThemeBadge[] };

/** The A–Z index: active organisations' ids by initial (indexLetter), each list A–Z. */
export interface LetterIndex {
  total: number;
  byLetter: Map<string, number[]>;
}

// Per data version and thème (null: all): the A–Z pages and the thème pages are cut from these two small
// columns, read and sorted once, instead of reading every row again.
const activeNames = rememberedPerVersion<number | null, { id: number; name: string }[]>(1000);

/** Active organisations (optionally under one thème), ids and names, by name. */
function activeByName(db: Db, themeId: number | null): { id: number; name: string }[] {
  return activeNames(db, themeId, () =>
    sortByName(
      db
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(and(eq(organisations.status, 'active'), themeId === null ? undefined : inTheme(db, themeId)))
        .all(),
    ),
  );
}

const letterIndexes = rememberedPerVersion<number | null, LetterIndex>(1000);

/** Active organisations (optionally under one thème) grouped by initial, A–Z. */
export function activeLetterIndex(db: Db, themeId: number | null = null): LetterIndex {
  return letterIndexes(db, themeId, () => {
    const rows = activeByName(db, themeId);
    const byLetter = new Map<string, number[]>();
    for (const row of rows) {
      const letter = indexLetter(row.name);
      const ids = byLetter.get(letter);
      if (ids) ids.push(row.id);
      else byLetter.set(letter, [row.id]);
    }
    return { total: rows.length, byLetter };
  });
}

/** These active organisations with their thèmes, in the order given. Two queries. */
export function listActiveOrganisationsByIds(db: Db, ids: number[]): OrganisationListItem[] {
  if (ids.length === 0) return [];
  const wanted = sql`(select value from json_each(${JSON.stringify(ids)}))`;
  const rows = db
    .select(summaryColumns)
    .from(organisations)
    .where(and(eq(organisations.status, 'active'), inArray(organisations.id, wanted)))
    .all();
  const badges = themesOfActiveOrganisations(db, wanted);
  const byId = new Map(rows.map((row) => [row.id, { ...row, themes: badges.get(row.id) ?? [] }]));
  return ids.map((id) => byId.get(id)).filter((row): row is OrganisationListItem => row !== undefined);
}

const inTheme = (db: Db, themeId: number) =>
  inArray(
    organisations.id,
    db
      .select({ id: organisationThemes.organisationId })
      .from(organisationThemes)
      .where(eq(organisationThemes.themeId, themeId)),
  );

// All links of active organisations in one pass: cheaper than an IN list and never hits SQLite's variable limit.
function themesOfActiveOrganisations(db: Db, only?: SQL): Map<number, ThemeBadge[]> {
  const byOrganisation = new Map<number, ThemeBadge[]>();
  const links = db
    .select({
      organisationId: organisationThemes.organisationId,
      theme: { id: themes.id, slug: themes.slug, name: themes.name, color: themes.color },
    })
    .from(organisationThemes)
    .innerJoin(themes, eq(themes.id, organisationThemes.themeId))
    .innerJoin(
      organisations,
      and(eq(organisations.id, organisationThemes.organisationId), eq(organisations.status, 'active')),
    )
    .where(only ? inArray(organisationThemes.organisationId, only) : undefined)
    .orderBy(asc(themes.position), asc(themes.name))
    .all();
  for (const link of links) {
    const list = byOrganisation.get(link.organisationId) ?? [];
    list.push(link.theme);
    byOrganisation.set(link.organisationId, list);
  }
  return byOrganisation;
}

export interface OrganisationThemeLink {
  theme: ThemeBadge;
  note: string | null;
  contactId: number | null;
}

export interface OrganisationDetail {
  organisation: Organisation;
  contacts: Contact[];
  themes: OrganisationThemeLink[];
}

/** Everything shown on an organisation's page, archived or not; null when the slug is unknown. */
export function findOrganisationBySlug(db: Db, slug: string): OrganisationDetail | null {
  const organisation = db.select().from(organisations).where(eq(organisations.slug, slug)).get();
  if (!organisation) return null;
  const people = db
    .select()
    .from(contacts)
    .where(eq(contacts.organisationId, organisation.id))
    .orderBy(sql`${contacts.isPrimary} desc`, asc(contacts.position), asc(contacts.id))
    .all();
  const links = db
    .select({
      theme: { id: themes.id, slug: themes.slug, name: themes.name, color: themes.color },
      note: organisationThemes.note,
      contactId: organisationThemes.contactId,
    })
    .from(organisationThemes)
    .innerJoin(themes, eq(themes.id, organisationThemes.themeId))
    .where(eq(organisationThemes.organisationId, organisation.id))
    .orderBy(asc(themes.position), asc(themes.name))
    .all();
  return { organisation, contacts: people, themes: links };
}

export function countOrganisations(db: Db, status?: Organisation['status']): number {
  return (
    db
      .select({ n: sql<number>`count(*)` })
      .from(organisations)
      .where(status ? eq(organisations.status, status) : undefined)
      .get()?.n ?? 0
  );
}

export function findOrganisationById(db: Db, id: number): Organisation | null {
  return db.select().from(organisations).where(eq(organisations.id, id)).get() ?? null;
}
