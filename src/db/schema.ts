import { sql } from 'drizzle-orm';
import {
  type AnySQLiteColumn,
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

// Timestamps are ISO 8601 UTC text: readable in the sqlite3 shell, sortable, exact.
const now = sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
const timestamps = {
  createdAt: text('created_at').notNull().default(now),
  updatedAt: text('updated_at').notNull().default(now),
};

export const themes = sqliteTable(
  'themes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    color: text('color').notNull().default('#2F5D50'),
    position: integer('position').notNull().default(0),
    /** Search synonyms, one per line. */
    keywords: text('keywords').notNull().default(''),
    /** Optimistic-locking counter, bumped on every write to the fields above. */
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('themes_slug_unique').on(t.slug),
    uniqueIndex('themes_name_unique').on(t.name),
    index('themes_position_idx').on(t.position),
    check('themes_slug_format', sql`${t.slug} GLOB '[a-z0-9]*' AND ${t.slug} NOT GLOB '*[^a-z0-9-]*'`),
    check(
      'themes_color_format',
      sql`${t.color} GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'`,
    ),
  ],
);

export const organisations = sqliteTable(
  'organisations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    acronym: text('acronym'),
    /** One line shown in lists and on the Arbre's screen version. */
    summary: text('summary').notNull().default(''),
    /** Services offered, free text. */
    description: text('description').notNull().default(''),
    clientele: text('clientele'),
    /** Comma-separated subset of AUDIENCES. */
    audiences: text('audiences').notNull().default(''),
    ageMin: integer('age_min'),
    ageMax: integer('age_max'),
    territory: text('territory'),
    address: text('address'),
    city: text('city'),
    postalCode: text('postal_code'),
    phone: text('phone'),
    phoneExtension: text('phone_extension'),
    tollFreePhone: text('toll_free_phone'),
    email: text('email'),
    website: text('website'),
    hours: text('hours'),
    referral: text('referral'),
    cost: text('cost'),
    languages: text('languages'),
    accessibility: text('accessibility'),
    status: text('status', { enum: ['active', 'archived'] })
      .notNull()
      .default('active'),
    /** When the coordination last confirmed the entry: never touched by ordinary edits. */
    verifiedAt: text('verified_at'),
    verifiedBy: integer('verified_by').references((): AnySQLiteColumn => users.id, { onDelete: 'set null' }),
    /** Optimistic-locking counter, bumped on every write. */
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('organisations_slug_unique').on(t.slug),
    index('organisations_status_name_idx').on(t.status, t.name),
    index('organisations_verified_at_idx').on(t.verifiedAt),
    check('organisations_status_values', sql`${t.status} IN ('active', 'archived')`),
    check('organisations_slug_format', sql`${t.slug} GLOB '[a-z0-9]*' AND ${t.slug} NOT GLOB '*[^a-z0-9-]*'`),
    check(
      'organisations_age_range',
      sql`(${t.ageMin} IS NULL OR ${t.ageMin} BETWEEN 0 AND 120) AND (${t.ageMax} IS NULL OR ${t.ageMax} BETWEEN 0 AND 120) AND (${t.ageMin} IS NULL OR ${t.ageMax} IS NULL OR ${t.ageMin} <= ${t.ageMax})`,
    ),
  ],
);

/** Personnes-ressources: named people to call at an organisation. */
export const contacts = sqliteTable(
  'contacts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    organisationId: integer('organisation_id')
      .notNull()
      // A person only exists within their organisation.
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Fonction. */
    role: text('role').notNull().default(''),
    phone: text('phone'),
    phoneExtension: text('phone_extension'),
    email: text('email'),
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
    position: integer('position').notNull().default(0),
    verifiedAt: text('verified_at'),
    verifiedBy: integer('verified_by').references((): AnySQLiteColumn => users.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('contacts_organisation_idx').on(t.organisationId, t.position),
    // At most one main contact per organisation.
    uniqueIndex('contacts_one_primary_per_organisation')
      .on(t.organisationId)
      .where(sql`${t.isPrimary} = 1`),
  ],
);

/** Which thèmes an organisation is listed under, with a note and a designated person. */
export const organisationThemes = sqliteTable(
  'organisation_themes',
  {
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    themeId: integer('theme_id')
      .notNull()
      // Deleting a thème that still lists organisations must be a deliberate move, never a silent loss.
      .references(() => themes.id, { onDelete: 'restrict' }),
    note: text('note'),
    contactId: integer('contact_id').references(() => contacts.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.themeId] }),
    index('organisation_themes_theme_idx').on(t.themeId),
    index('organisation_themes_contact_idx').on(t.contactId),
  ],
);

/** Small key-value facts about the data set (e.g. whether demo data is loaded). */
export const siteMeta = sqliteTable('site_meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const ROLES = ['admin', 'editeur'] as const;
export type Role = (typeof ROLES)[number];

/** Coordination accounts. No default account ever exists: the first one is made with the CLI. */
export const users = sqliteTable(
  'users',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Stored lowercased and trimmed. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: ROLES }).notNull().default('editeur'),
    /** scrypt$N$r$p$salt$hash (base64). */
    passwordHash: text('password_hash').notNull(),
    disabledAt: text('disabled_at'),
    lastLoginAt: text('last_login_at'),
    /** Optimistic-locking counter for the name, email and role an administrator edits. */
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    uniqueIndex('users_email_unique').on(t.email),
    check('users_role_values', sql`${t.role} IN ('admin', 'editeur')`),
  ],
);

/** Server-side sessions, so logging out or disabling an account ends them at once. */
export const sessions = sqliteTable(
  'sessions',
  {
    /** SHA-256 of the session id: a stolen database copy does not yield live cookies. */
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'cascade' }),
    data: text('data').notNull(),
    expiresAt: text('expires_at').notNull(),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const REVISION_ENTITIES = ['organisation', 'contact', 'theme'] as const;
export type RevisionEntity = (typeof REVISION_ENTITIES)[number];

/** Every change to an entry: who, when, and the entry before and after (JSON), for diffs and restores. */
export const revisions = sqliteTable(
  'revisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    entityType: text('entity_type', { enum: REVISION_ENTITIES }).notNull(),
    entityId: integer('entity_id').notNull(),
    /** The organisation a contact revision belongs to, so it shows in that organisation's history. */
    organisationId: integer('organisation_id'),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    action: text('action').notNull(),
    before: text('before'),
    after: text('after'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    index('revisions_entity_idx').on(t.entityType, t.entityId, t.id),
    index('revisions_organisation_idx').on(t.organisationId, t.id),
    index('revisions_created_idx').on(t.createdAt),
    check('revisions_entity_values', sql`${t.entityType} IN ('organisation', 'contact', 'theme')`),
  ],
);

/** Old addresses of renamed organisations, answered with a 301 to the current slug. */
export const slugRedirects = sqliteTable('slug_redirects', {
  slug: text('slug').primaryKey(),
  organisationId: integer('organisation_id')
    .notNull()
    .references(() => organisations.id, { onDelete: 'cascade' }),
});

/** Crisis and 24/7 lines printed first, in a box at the top of the Arbre; the coordination edits them. */
export const crisisLines = sqliteTable('crisis_lines', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  label: text('label').notNull(),
  number: text('number').notNull(),
  position: integer('position').notNull().default(0),
});

export const AUDIENCES = ['jeunes', 'adultes', 'familles', 'aines'] as const;
export type Audience = (typeof AUDIENCES)[number];

export type Theme = typeof themes.$inferSelect;
export type NewTheme = typeof themes.$inferInsert;
export type Organisation = typeof organisations.$inferSelect;
export type NewOrganisation = typeof organisations.$inferInsert;
export type Contact = typeof contacts.$inferSelect;
export type NewContact = typeof contacts.$inferInsert;
export type OrganisationTheme = typeof organisationThemes.$inferSelect;
export type User = typeof users.$inferSelect;
export type Revision = typeof revisions.$inferSelect;
export type NewOrganisationTheme = typeof organisationThemes.$inferInsert;
export type CrisisLine = typeof crisisLines.$inferSelect;
