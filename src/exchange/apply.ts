import type { Db } from '../db/client.js';
import { inTransaction } from '../db/transaction.js';
import type { OrganisationFormData, ThemeLinkInput } from '../forms/organisation.js';
import { createContact, deleteContact, saveContact } from '../queries/contact-edits.js';
import { withSearchIndexDeferred } from '../queries/search-index.js';
import {
  createOrganisation,
  saveOrganisation,
  setOrganisationStatus,
  verifyOrganisation,
} from '../queries/organisation-edits.js';
import { recordContactSourceId, recordOrganisationSourceId } from '../queries/hsds-source-ids.js';
import { nameKey } from './cells.js';
import type { ImportPlan, PlannedEntry } from './plan.js';

/** Someone changed a matched entry between the check and the write: the whole import is rolled back. */
export class ImportConflictError extends Error {
  override name = 'ImportConflictError';
}

function links(item: PlannedEntry, contactIds: Map<string, number>): ThemeLinkInput[] {
  return item.entry.themes.map((l) => ({
    themeId: l.themeId,
    note: l.note,
    contactId: l.contactKey === null ? null : (contactIds.get(l.contactKey) ?? null),
  }));
}

/** Keeps the ids the package gave this entry and its people (decision 074): re-imports match on them. */
function recordSourceIds(db: Db, item: PlannedEntry, organisationId: number, contactIds: Map<string, number>): void {
  const { externalId, sourceIds } = item.entry;
  if (externalId) recordOrganisationSourceId(db, 'organization', organisationId, externalId);
  if (sourceIds?.service) recordOrganisationSourceId(db, 'service', organisationId, sourceIds.service);
  if (sourceIds?.location) recordOrganisationSourceId(db, 'location', organisationId, sourceIds.location);
  for (const person of item.entry.contacts) {
    const contactId = contactIds.get(person.key);
    if (person.externalId && contactId !== undefined)
      recordContactSourceId(db, organisationId, contactId, person.externalId);
  }
}

function createEntry(db: Db, userId: number, item: PlannedEntry): number {
  const fields = item.entry.fields as OrganisationFormData;
  const { verifiedAt, newContactsVerifiedAt } = item.verification;
  const created = createOrganisation(db, userId, fields, links(item, new Map()), verifiedAt);
  const contactIds = new Map<string, number>();
  for (const person of item.entry.contacts)
    contactIds.set(person.key, createContact(db, userId, created.id, person.fields, newContactsVerifiedAt).id);
  if (item.entry.themes.some((l) => l.contactKey !== null)) {
    // The people exist only now: a second save records who is the reference for each thème.
    const saved = saveOrganisation(db, userId, created.id, created.version, fields, links(item, contactIds), 'import');
    if (saved.status !== 'saved') throw new ImportConflictError(item.entry.fields.name);
  }
  if (item.entry.status === 'archived') setOrganisationStatus(db, userId, created.id, 'archived');
  recordSourceIds(db, item, created.id, contactIds);
  return created.id;
}

function updateEntry(db: Db, userId: number, item: PlannedEntry): void {
  const current = item.current!;
  const id = current.organisation.id;
  const { create, update, remove } = item.contactOperations;
  for (const contact of remove) deleteContact(db, userId, contact.id);
  const contactIds = new Map<string, number>();
  for (const { contact, next } of update) {
    const saved = saveContact(db, userId, contact.id, contact.version, next.fields);
    if (saved.status !== 'saved') throw new ImportConflictError(contact.name);
  }
  const removed = new Set(remove.map((c) => c.id));
  for (const contact of current.contacts)
    if (!removed.has(contact.id)) contactIds.set(nameKey(contact.name), contact.id);
  // A person matched by HSDS id may have been renamed: the file's name must find them too.
  for (const { contact, next } of item.contactOperations.matched) contactIds.set(next.key, contact.id);
  for (const person of create)
    contactIds.set(
      person.key,
      createContact(db, userId, id, person.fields, item.verification.newContactsVerifiedAt).id,
    );
  if (item.organisationChanged) {
    const saved = saveOrganisation(
      db,
      userId,
      id,
      current.organisation.version,
      item.entry.fields,
      links(item, contactIds),
      'import',
    );
    if (saved.status !== 'saved') throw new ImportConflictError(current.organisation.name);
  }
  if (item.statusChanged && item.entry.status) setOrganisationStatus(db, userId, id, item.entry.status);
  if (item.verification.changed && item.verification.verifiedAt)
    verifyOrganisation(db, userId, id, item.verification.verifiedAt);
  if (item.recordSourceIds) recordSourceIds(db, item, id, contactIds);
}

/**
 * Writes the whole plan in one transaction, through the same functions as the admin forms (revisions included);
 * the search index is rebuilt once per written organisation at the end (decision 064).
 */
export function applyImport(
  db: Db,
  userId: number,
  plan: ImportPlan,
  onProgress?: (done: number, total: number) => void,
): void {
  if (plan.counts.create + plan.counts.update === 0) return;
  inTransaction(db, () =>
    withSearchIndexDeferred(db, () => {
      const written: number[] = [];
      const total = plan.items.length;
      plan.items.forEach((item, index) => {
        if (item.action === 'create') written.push(createEntry(db, userId, item));
        else if (item.action === 'update') {
          updateEntry(db, userId, item);
          written.push(item.current!.organisation.id);
        }
        onProgress?.(index + 1, total);
      });
      return written;
    }),
  );
}
