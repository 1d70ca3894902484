import { and, asc, eq, sql } from 'drizzle-orm';
import { nowIso, type Db } from '../db/client.js';
import { contacts, organisations, organisationThemes, type Contact } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';
import { recordRevision, type Snapshot } from './revisions.js';

export type ContactFields = {
  name: string;
  role: string;
  phone: string | null;
  phoneExtension: string | null;
  email: string | null;
  isPrimary: boolean;
};

export type ContactSnapshot = ContactFields & {
  organisationId: number;
  position: number;
  designatedThemeIds: number[];
  /** Whether the person consented to appear in the open data (when and by whom stay on the row). */
  openDataConsent: boolean;
};

/** The consent columns after a save: recorded now by this user, kept as it was, or withdrawn (decision 073). */
function consentColumns(db: Db, userId: number, current: Contact | null, consent: boolean | undefined) {
  if (consent === undefined) return {};
  if (!consent) return { openDataConsentAt: null, openDataConsentBy: null };
  if (current?.openDataConsentAt) return {};
  return { openDataConsentAt: nowIso(db), openDataConsentBy: userId };
}

export function listContactsOfOrganisation(db: Db, organisationId: number): Contact[] {
  return db
    .select()
    .from(contacts)
    .where(eq(contacts.organisationId, organisationId))
    .orderBy(asc(contacts.position), asc(contacts.id))
    .all();
}

export function findContactById(db: Db, id: number): Contact | null {
  return db.select().from(contacts).where(eq(contacts.id, id)).get() ?? null;
}

function snapshotContact(db: Db, contact: Contact): ContactSnapshot {
  const designated = db
    .select({ themeId: organisationThemes.themeId })
    .from(organisationThemes)
    .where(eq(organisationThemes.contactId, contact.id))
    .all()
    .map((row) => row.themeId);
  return {
    organisationId: contact.organisationId,
    name: contact.name,
    role: contact.role,
    phone: contact.phone,
    phoneExtension: contact.phoneExtension,
    email: contact.email,
    isPrimary: contact.isPrimary,
    position: contact.position,
    designatedThemeIds: designated,
    openDataConsent: contact.openDataConsentAt !== null,
  };
}

// Contacts are part of the organisation's entry: changing one dates the whole entry.
function touchOrganisation(db: Db, organisationId: number): void {
  db.update(organisations)
    .set({ updatedAt: nowIso(db) })
    .where(eq(organisations.id, organisationId))
    .run();
}

function clearOtherPrimary(db: Db, organisationId: number, keepId: number): void {
  db.update(contacts)
    .set({ isPrimary: false })
    .where(and(eq(contacts.organisationId, organisationId), sql`${contacts.id} <> ${keepId}`))
    .run();
}

/** Dated as checked now, unless an import gives the file's date or null (decision 062). */
export function createContact(
  db: Db,
  userId: number,
  organisationId: number,
  fields: ContactFields,
  verifiedAt: string | null = nowIso(db),
  openDataConsent?: boolean,
): Contact {
  return inTransaction(db, () => {
    const position =
      (db
        .select({ max: sql<number | null>`max(${contacts.position})` })
        .from(contacts)
        .where(eq(contacts.organisationId, organisationId))
        .get()?.max ?? -1) + 1;
    const first = listContactsOfOrganisation(db, organisationId).length === 0;
    // The first person becomes the main contact, since every entry needs someone to call.
    const isPrimary = fields.isPrimary || first;
    if (isPrimary) clearOtherPrimary(db, organisationId, -1);
    const created = db
      .insert(contacts)
      .values({
        ...fields,
        ...consentColumns(db, userId, null, openDataConsent),
        isPrimary,
        organisationId,
        position,
        verifiedAt,
        verifiedBy: verifiedAt ? userId : null,
      })
      .returning()
      .get();
    touchOrganisation(db, organisationId);
    recordRevision(db, {
      entityType: 'contact',
      entityId: created.id,
      organisationId,
      userId,
      action: 'create',
      before: null,
      after: snapshotContact(db, created),
    });
    return created;
  });
}

export type ContactSaveResult =
  { status: 'saved'; contact: Contact } | { status: 'conflict'; current: Contact } | { status: 'missing' };

export function saveContact(
  db: Db,
  userId: number,
  id: number,
  expectedVersion: number,
  fields: ContactFields,
  openDataConsent?: boolean,
): ContactSaveResult {
  return inTransaction(db, () => {
    const current = findContactById(db, id);
    if (!current) return { status: 'missing' };
    if (current.version !== expectedVersion) return { status: 'conflict', current };
    const before = snapshotContact(db, current);
    if (fields.isPrimary) clearOtherPrimary(db, current.organisationId, id);
    const updated = db
      .update(contacts)
      .set({
        ...fields,
        ...consentColumns(db, userId, current, openDataConsent),
        version: current.version + 1,
        updatedAt: nowIso(db),
      })
      .where(eq(contacts.id, id))
      .returning()
      .get();
    touchOrganisation(db, current.organisationId);
    recordRevision(db, {
      entityType: 'contact',
      entityId: id,
      organisationId: current.organisationId,
      userId,
      action: 'update',
      before,
      after: snapshotContact(db, updated),
    });
    return { status: 'saved', contact: updated };
  });
}

/** Removes a person; the revision keeps everything needed to restore them, thème designations included. */
export function deleteContact(db: Db, userId: number, id: number): Contact | null {
  return inTransaction(db, () => {
    const current = findContactById(db, id);
    if (!current) return null;
    const before = snapshotContact(db, current);
    db.delete(contacts).where(eq(contacts.id, id)).run();
    touchOrganisation(db, current.organisationId);
    recordRevision(db, {
      entityType: 'contact',
      entityId: id,
      organisationId: current.organisationId,
      userId,
      action: 'delete',
      before,
      after: null,
    });
    return current;
  });
}

/** Brings a removed person back from a revision snapshot, with their designations where still possible. */
export function restoreContact(db: Db, userId: number, snapshot: Snapshot): Contact | null {
  const s = snapshot as Partial<ContactSnapshot>;
  if (!s.organisationId || !s.name) return null;
  return inTransaction(db, () => {
    const organisation = db
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.id, s.organisationId!))
      .get();
    if (!organisation) return null;
    const hasPrimary = listContactsOfOrganisation(db, organisation.id).some((c) => c.isPrimary);
    const restored = db
      .insert(contacts)
      .values({
        organisationId: organisation.id,
        name: s.name!,
        role: s.role ?? '',
        phone: s.phone ?? null,
        phoneExtension: s.phoneExtension ?? null,
        email: s.email ?? null,
        isPrimary: Boolean(s.isPrimary) && !hasPrimary,
        position: s.position ?? 0,
      })
      .returning()
      .get();
    for (const themeId of s.designatedThemeIds ?? []) {
      db.update(organisationThemes)
        .set({ contactId: restored.id })
        .where(
          and(
            eq(organisationThemes.organisationId, organisation.id),
            eq(organisationThemes.themeId, themeId),
            sql`${organisationThemes.contactId} is null`,
          ),
        )
        .run();
    }
    touchOrganisation(db, organisation.id);
    recordRevision(db, {
      entityType: 'contact',
      entityId: restored.id,
      organisationId: organisation.id,
      userId,
      action: 'restore',
      before: null,
      after: snapshotContact(db, restored),
    });
    return restored;
  });
}

export function verifyContact(db: Db, userId: number, id: number): Contact | null {
  return inTransaction(db, () => {
    const current = findContactById(db, id);
    if (!current) return null;
    const verifiedAt = nowIso(db);
    db.update(contacts).set({ verifiedAt, verifiedBy: userId }).where(eq(contacts.id, id)).run();
    recordRevision(db, {
      entityType: 'contact',
      entityId: id,
      organisationId: current.organisationId,
      userId,
      action: 'verify',
      before: { name: current.name, verifiedAt: current.verifiedAt },
      after: { name: current.name, verifiedAt },
    });
    return current;
  });
}

/** Moves a person one place up or down among their organisation's contacts. */
export function moveContact(db: Db, userId: number, id: number, direction: 'up' | 'down'): Contact | null {
  return inTransaction(db, () => {
    const current = findContactById(db, id);
    if (!current) return null;
    const ordered = db
      .select()
      .from(contacts)
      .where(eq(contacts.organisationId, current.organisationId))
      .orderBy(asc(contacts.position), asc(contacts.id))
      .all();
    const index = ordered.findIndex((c) => c.id === id);
    const swapWith = ordered[direction === 'up' ? index - 1 : index + 1];
    if (!swapWith) return current;
    ordered[index] = swapWith;
    ordered[direction === 'up' ? index - 1 : index + 1] = current;
    ordered.forEach((contact, position) =>
      db.update(contacts).set({ position }).where(eq(contacts.id, contact.id)).run(),
    );
    touchOrganisation(db, current.organisationId);
    recordRevision(db, {
      entityType: 'contact',
      entityId: id,
      organisationId: current.organisationId,
      userId,
      action: 'move',
      before: { name: current.name, position: index },
      after: { name: current.name, position: direction === 'up' ? index - 1 : index + 1 },
    });
    return current;
  });
}
