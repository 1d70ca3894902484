import { and, asc, eq, ne } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import { contacts, organisations, organisationThemes, slugRedirects, themes, type Organisation } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { EDITABLE_FIELDS, type OrganisationFields, type ThemeLinkInput } from '../fields/organisation.js';
import { slugify, uniqueSlug } from '../lib/slug.js';
import { insertOrganisation } from './organisation-writes.js';
import { recordRevision, type Snapshot } from './revisions.js';

export { EDITABLE_FIELDS, type OrganisationFields } from '../fields/organisation.js';
// Moved to organisations.ts; re-exported until the branches written against the old place are merged.
export { findOrganisationById } from './organisations.js';
/** What a create or an edit saves: the editable fields, with the version the form was loaded at. */
export type OrganisationInput = OrganisationFields & { version?: number };
export type OrganisationSnapshot = OrganisationFields & { status: Organisation['status']; themes: ThemeLinkInput[] };

export function listThemeLinks(db: Db, organisationId: number): ThemeLinkInput[] {
  return db
    .select({
      themeId: organisationThemes.themeId,
      note: organisationThemes.note,
      contactId: organisationThemes.contactId,
    })
    .from(organisationThemes)
    .where(eq(organisationThemes.organisationId, organisationId))
    .orderBy(asc(organisationThemes.themeId))
    .all();
}

export function snapshotOrganisation(db: Db, organisation: Organisation): OrganisationSnapshot {
  const fields = Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, organisation[field]])) as OrganisationFields;
  return { ...fields, status: organisation.status, themes: listThemeLinks(db, organisation.id) };
}

/** Replaces an organisation's thème links; links to thèmes or people that no longer exist are dropped or cleared. */
function replaceThemeLinks(db: Db, organisationId: number, links: ThemeLinkInput[]): void {
  db.delete(organisationThemes).where(eq(organisationThemes.organisationId, organisationId)).run();
  const themeIds = new Set(
    db
      .select({ id: themes.id })
      .from(themes)
      .all()
      .map((t) => t.id),
  );
  const contactIds = new Set(
    db
      .select({ id: contacts.id })
      .from(contacts)
      .where(eq(contacts.organisationId, organisationId))
      .all()
      .map((c) => c.id),
  );
  for (const link of links) {
    if (!themeIds.has(link.themeId)) continue;
    db.insert(organisationThemes)
      .values({
        organisationId,
        themeId: link.themeId,
        note: link.note,
        contactId: link.contactId !== null && contactIds.has(link.contactId) ? link.contactId : null,
      })
      .run();
  }
}

function slugTakenByOther(db: Db, slug: string, organisationId: number): boolean {
  const owner = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug)).get();
  const redirect = db
    .select({ id: slugRedirects.organisationId })
    .from(slugRedirects)
    .where(and(eq(slugRedirects.slug, slug), ne(slugRedirects.organisationId, organisationId)))
    .get();
  return (owner !== undefined && owner.id !== organisationId) || redirect !== undefined;
}

/** A renamed organisation gets a new slug; the old one keeps answering with a redirect. */
function followRename(db: Db, organisation: Organisation, newName: string): string {
  const slug = uniqueSlug(slugify(newName), (s) => slugTakenByOther(db, s, organisation.id));
  if (slug !== organisation.slug) {
    db.delete(slugRedirects).where(eq(slugRedirects.slug, slug)).run();
    db.insert(slugRedirects)
      .values({ slug: organisation.slug, organisationId: organisation.id })
      .onConflictDoNothing()
      .run();
  }
  return slug;
}

/** A person creating an entry has just checked it; an import passes the file's date, or null (decision 062). */
export function createOrganisation(
  db: Db,
  userId: number,
  data: OrganisationInput,
  links: ThemeLinkInput[],
  verifiedAt: string | null = nowIso(db),
): Organisation {
  return inTransaction(db, () => {
    const { version: _version, ...fields } = data;
    const created = insertOrganisation(db, { ...fields, verifiedAt, verifiedBy: verifiedAt ? userId : null });
    replaceThemeLinks(db, created.id, links);
    recordRevision(db, {
      entityType: 'organisation',
      entityId: created.id,
      userId,
      action: 'create',
      before: null,
      after: snapshotOrganisation(db, created),
    });
    return created;
  });
}

export type SaveResult =
  | { status: 'saved'; organisation: Organisation }
  | { status: 'conflict'; current: Organisation; currentSnapshot: OrganisationSnapshot }
  | { status: 'missing' };

/** Saves an edit unless someone else saved since `expectedVersion` was read (optimistic locking). */
export function saveOrganisation(
  db: Db,
  userId: number,
  id: number,
  expectedVersion: number,
  data: Omit<OrganisationInput, 'version'> | OrganisationFields,
  links: ThemeLinkInput[],
  action = 'update',
): SaveResult {
  return inTransaction(db, () => {
    const current = db.select().from(organisations).where(eq(organisations.id, id)).get();
    if (!current) return { status: 'missing' };
    const before = snapshotOrganisation(db, current);
    if (current.version !== expectedVersion) return { status: 'conflict', current, currentSnapshot: before };
    const fields = Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, (data as OrganisationFields)[field]]));
    const slug = data.name === current.name ? current.slug : followRename(db, current, data.name);
    const updated = db
      .update(organisations)
      .set({ ...fields, slug, version: current.version + 1, updatedAt: nowIso(db) })
      .where(eq(organisations.id, id))
      .returning()
      .get();
    replaceThemeLinks(db, id, links);
    const after = snapshotOrganisation(db, updated);
    if (JSON.stringify(before) !== JSON.stringify(after)) {
      recordRevision(db, { entityType: 'organisation', entityId: id, userId, action, before, after });
    }
    return { status: 'saved', organisation: updated };
  });
}

/** Archives or restores; archived organisations disappear from public pages, search and the Arbre. */
export function setOrganisationStatus(
  db: Db,
  userId: number,
  id: number,
  status: Organisation['status'],
): Organisation | null {
  return inTransaction(db, () => {
    const current = db.select().from(organisations).where(eq(organisations.id, id)).get();
    if (!current || current.status === status) return current ?? null;
    const before = snapshotOrganisation(db, current);
    const updated = db
      .update(organisations)
      .set({ status, version: current.version + 1, updatedAt: nowIso(db) })
      .where(eq(organisations.id, id))
      .returning()
      .get();
    recordRevision(db, {
      entityType: 'organisation',
      entityId: id,
      userId,
      action: status === 'archived' ? 'archive' : 'restore',
      before,
      after: snapshotOrganisation(db, updated),
    });
    return updated;
  });
}

/** "Marquer comme vérifié" (or an import's later file date): a date and a person, apart from edits (the version is left alone). */
export function verifyOrganisation(db: Db, userId: number, id: number, verifiedAt: string = nowIso(db)): boolean {
  return inTransaction(db, () => {
    const current = db.select().from(organisations).where(eq(organisations.id, id)).get();
    if (!current) return false;
    db.update(organisations).set({ verifiedAt, verifiedBy: userId }).where(eq(organisations.id, id)).run();
    recordRevision(db, {
      entityType: 'organisation',
      entityId: id,
      userId,
      action: 'verify',
      before: { verifiedAt: current.verifiedAt },
      after: { verifiedAt },
    });
    return true;
  });
}

/** Puts an organisation back as it was after a given revision (a new revision records the revert). */
export function revertOrganisation(db: Db, userId: number, id: number, snapshot: Snapshot): SaveResult {
  const current = db.select().from(organisations).where(eq(organisations.id, id)).get();
  if (!current) return { status: 'missing' };
  const target = snapshot as Partial<OrganisationSnapshot>;
  const fields = { ...snapshotOrganisation(db, current), ...target };
  const result = saveOrganisation(db, userId, id, current.version, fields, target.themes ?? [], 'revert');
  if (result.status === 'saved' && target.status && target.status !== result.organisation.status) {
    setOrganisationStatus(db, userId, id, target.status);
  }
  return result;
}

/** The current slug of an organisation that used to answer at `slug`, for a 301. */
export function findRedirectedSlug(db: Db, slug: string): string | null {
  return (
    db
      .select({ slug: organisations.slug })
      .from(slugRedirects)
      .innerJoin(organisations, eq(organisations.id, slugRedirects.organisationId))
      .where(eq(slugRedirects.slug, slug))
      .get()?.slug ?? null
  );
}
