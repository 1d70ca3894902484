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
    /** « Ressource d'urgence ou 24/7 »: ranked first when a search says « ce soir », « urgence », « 24/7 ». */
    emergency: integer('emergency', { mode: 'boolean' }).notNull().default(false),
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
    // The dashboard's counts and verification queue read only these two columns (50,000 entries: 0.7 s → 13 ms).
    index('organisations_status_verified_idx').on(t.status, t.verifiedAt),
    index('organisations_status_phone_idx').on(t.status, t.phone),
    // The Arbre's entry counts by territory (decision 110) read this index alone.
    index('organisations_status_territory_idx').on(t.status, t.territory),
    // « À jour au » (home, Arbre, open data) is max(updated_at): one index step instead of a scan.
    index('organisations_updated_at_idx').on(t.updatedAt),
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
    /** When the person's consent to appear in the open data (CSV, HSDS, API) was recorded; null: no consent. */
    openDataConsentAt: text('open_data_consent_at'),
    openDataConsentBy: integer('open_data_consent_by').references((): AnySQLiteColumn => users.id, {
      onDelete: 'set null',
    }),
    version: integer('version').notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index('contacts_organisation_idx').on(t.organisationId, t.position),
    // Counting verified people per active organisation without reading the rows (dashboard).
    index('contacts_organisation_verified_idx').on(t.organisationId, t.verifiedAt),
    index('contacts_updated_at_idx').on(t.updatedAt),
    // The dashboard's queue: never-verified people first, then the oldest verification, without a sort of all people.
    index('contacts_verified_at_idx').on(t.verifiedAt),
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

/** The coordination's search synonyms (decision 086): a word typed → what the index is also asked for. */
export const searchSynonyms = sqliteTable(
  'search_synonyms',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** Folded (lowercase, no accents), one word: what a person types. */
    word: text('word').notNull(),
    /** Words or phrases searched as well, one per line, as written. */
    equivalents: text('equivalents').notNull(),
    ...timestamps,
  },
  (t) => [uniqueIndex('search_synonyms_word_unique').on(t.word)],
);

export const TERRITORY_KINDS = ['region', 'mrc', 'municipalite'] as const;
export type TerritoryKind = (typeof TERRITORY_KINDS)[number];

/** The instance's territories (decision 088): a région contains MRC, which contain municipalities. */
export const territories = sqliteTable(
  'territories',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    kind: text('kind', { enum: TERRITORY_KINDS }).notNull(),
    parentId: integer('parent_id').references((): AnySQLiteColumn => territories.id, { onDelete: 'restrict' }),
    /** Other ways organisations write it (« Rimouski », « Le Bic »), one per line. */
    aliases: text('aliases').notNull().default(''),
    position: integer('position').notNull().default(0),
  },
  (t) => [
    uniqueIndex('territories_name_unique').on(t.name),
    index('territories_parent_idx').on(t.parentId),
    check('territories_kind_values', sql`${t.kind} IN ('region', 'mrc', 'municipalite')`),
  ],
);
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

/**
 * One row counting writes to what the public pages show (organisations, contacts, themes, their links,
 * old slugs, the dataset flag), bumped by triggers (decision 095): sessions, accounts and other
 * bookkeeping never invalidate the page, ranking or Arbre caches.
 */
export const contentVersion = sqliteTable(
  'content_version',
  {
    id: integer('id').primaryKey(),
    version: integer('version').notNull().default(0),
  },
  (t) => [check('content_version_single_row', sql`${t.id} = 1`)],
);

export const CORRECTION_PROBLEMS = [
  'telephone',
  'personne',
  'adresse',
  'heures',
  'services',
  'ferme',
  'autre',
] as const;
export type CorrectionProblem = (typeof CORRECTION_PROBLEMS)[number];
export const CORRECTION_STATUSES = ['pending', 'applied', 'rejected'] as const;
export type CorrectionStatus = (typeof CORRECTION_STATUSES)[number];

/**
 * A correction someone sent about an entry (public form, or a partner through a verification link).
 * Holds personal data (reporter name and e-mail): admin pages only, never logs or exports.
 */
export const correctionReports = sqliteTable(
  'correction_reports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    // Archiving keeps the organisation row, so its reports stay.
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** Set when a partner proposed the changes through a verification link. */
    requestId: integer('request_id').references((): AnySQLiteColumn => verificationRequests.id, {
      onDelete: 'set null',
    }),
    /** Comma-separated subset of CORRECTION_PROBLEMS. */
    problems: text('problems').notNull().default(''),
    details: text('details').notNull().default(''),
    /** JSON object of typed, validated values (field name → value) to pre-fill the edit form. */
    proposed: text('proposed').notNull().default('{}'),
    reporterName: text('reporter_name'),
    reporterEmail: text('reporter_email'),
    status: text('status', { enum: CORRECTION_STATUSES }).notNull().default('pending'),
    handledAt: text('handled_at'),
    handledBy: integer('handled_by').references(() => users.id, { onDelete: 'set null' }),
    /** What was done (applied) or why not (rejected). */
    handledNote: text('handled_note'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    index('correction_reports_status_idx').on(t.status, t.id),
    index('correction_reports_organisation_idx').on(t.organisationId),
    check('correction_reports_status_values', sql`${t.status} IN ('pending', 'applied', 'rejected')`),
  ],
);

/** A « tournée de vérification »: one link per organisation, sent (or handed out) at once. */
export const verificationRounds = sqliteTable('verification_rounds', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'set null' }),
  expiresAt: text('expires_at').notNull(),
  /** A reminder goes to those who have not answered this many days after the start (0: none). */
  reminderAfterDays: integer('reminder_after_days').notNull().default(0),
  /** Share of active entries verified within 12 months when the round started, in ‰. */
  verifiedPermilleBefore: integer('verified_permille_before').notNull().default(0),
  createdAt: text('created_at').notNull().default(now),
});

export const VERIFICATION_ANSWERS = ['confirmed', 'changes'] as const;

/** One organisation's link in a round; only the SHA-256 of its token is kept. */
export const verificationRequests = sqliteTable(
  'verification_requests',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    roundId: integer('round_id')
      .notNull()
      .references(() => verificationRounds.id, { onDelete: 'cascade' }),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** SHA-256 of the link's token, to find the request; the token is an HMAC of the salt (decision 093). */
    tokenHash: text('token_hash').notNull(),
    tokenSalt: text('token_salt').notNull(),
    /** Where the link was (or would be) sent; null when the organisation has no address. */
    recipient: text('recipient'),
    expiresAt: text('expires_at').notNull(),
    revokedAt: text('revoked_at'),
    openedAt: text('opened_at'),
    answeredAt: text('answered_at'),
    answer: text('answer', { enum: VERIFICATION_ANSWERS }),
    remindedAt: text('reminded_at'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    uniqueIndex('verification_requests_token_unique').on(t.tokenHash),
    index('verification_requests_round_idx').on(t.roundId),
  ],
);

export const OUTBOX_STATUSES = ['pending', 'sent', 'failed'] as const;

/** E-mail waiting to go out: requests never wait on SMTP; the sender loop retries with back-off. */
export const mailOutbox = sqliteTable(
  'mail_outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** The verification request this message is about, for the round's sent/bounced figures. */
    requestId: integer('request_id').references(() => verificationRequests.id, { onDelete: 'set null' }),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: text('next_attempt_at').notNull(),
    lastError: text('last_error'),
    sentAt: text('sent_at'),
    createdAt: text('created_at').notNull().default(now),
  },
  (t) => [
    index('mail_outbox_due_idx').on(t.status, t.nextAttemptAt),
    check('mail_outbox_status_values', sql`${t.status} IN ('pending', 'sent', 'failed')`),
  ],
);

export type CorrectionReport = typeof correctionReports.$inferSelect;
export type VerificationRound = typeof verificationRounds.$inferSelect;
export type VerificationRequest = typeof verificationRequests.$inferSelect;
export type OutboxMessage = typeof mailOutbox.$inferSelect;
export type SearchSynonym = typeof searchSynonyms.$inferSelect;
export type Territory = typeof territories.$inferSelect;
export type CrisisLine = typeof crisisLines.$inferSelect;

/**
 * What people searched, anonymously (decision 078): one row per day and normalised query, counts only —
 * no time of day, no IP, no session, no account. Rows older than the retention period are deleted.
 */
export const searchLog = sqliteTable(
  'search_log',
  {
    /** The day of the searches (YYYY-MM-DD, the app's clock). */
    day: text('day').notNull(),
    /** The query's words folded (lowercase, no accents), as the index reads them. */
    words: text('words').notNull(),
    searches: integer('searches').notNull().default(0),
    /** How many of those searches found nothing with all their words. */
    emptySearches: integer('empty_searches').notNull().default(0),
    /** The result count of the day's latest search. */
    lastResults: integer('last_results').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.day, t.words] })],
);

export type SearchLogRow = typeof searchLog.$inferSelect;

/**
 * Versions narrower than the content version (decision 104): `org:<id>` moves when that organisation, its
 * people or its thème links change; `shared` when thèmes or site settings do. Bumped by triggers only.
 */
export const pageVersions = sqliteTable('page_versions', {
  scope: text('scope').primaryKey(),
  version: integer('version').notNull().default(0),
});
export const HSDS_SOURCE_KINDS = ['organization', 'service', 'location', 'contact'] as const;
export type HsdsSourceKind = (typeof HSDS_SOURCE_KINDS)[number];

/**
 * The ids another directory gave our rows in an HSDS package (decision 074): a re-import matches on them (a renamed
 * organisation updates, never duplicates) and the export gives them back, so that partners keep their links.
 */
export const hsdsSourceIds = sqliteTable(
  'hsds_source_ids',
  {
    kind: text('kind', { enum: HSDS_SOURCE_KINDS }).notNull(),
    sourceId: text('source_id').notNull(),
    organisationId: integer('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** The person, for kind `contact` only. */
    contactId: integer('contact_id').references(() => contacts.id, { onDelete: 'cascade' }),
  },
  (t) => [
    primaryKey({ columns: [t.kind, t.sourceId] }),
    uniqueIndex('hsds_source_ids_one_per_organisation')
      .on(t.kind, t.organisationId)
      .where(sql`${t.contactId} IS NULL`),
    uniqueIndex('hsds_source_ids_one_per_contact')
      .on(t.contactId)
      .where(sql`${t.contactId} IS NOT NULL`),
    check(
      'hsds_source_ids_kind_values',
      sql`${t.kind} IN ('organization', 'service', 'location', 'contact') AND (${t.kind} = 'contact') = (${t.contactId} IS NOT NULL)`,
    ),
  ],
);

export type HsdsSourceId = typeof hsdsSourceIds.$inferSelect;
