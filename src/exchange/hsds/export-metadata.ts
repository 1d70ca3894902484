import type { Revision } from '../../db/schema.js';
import type { HsdsIds } from './ids.js';
import type { HsdsTables } from './resources.js';

// People's names stay out of the public file: the author is the coordination, not a named account.
const UPDATED_BY = 'Coordination COSMOSS';
// Ways to reach someone (an organisation's e-mail often names a person): their history is never published (055).
const ORGANISATION_CONTACT_FIELDS = new Set(['email', 'phone', 'phoneExtension', 'tollFreePhone']);

const asText = (value: unknown) =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);

/** Whether a field's previous and new values may be published: never a person's, nor an organisation's means of contact. */
const valuesArePublic = (revision: Revision, field: string) =>
  revision.entityType === 'organisation' && !ORGANISATION_CONTACT_FIELDS.has(field);

/** Revisions become HSDS metadata rows: one per changed field (one row for a creation or a removal). */
export function addMetadata(
  tables: HsdsTables,
  revisionsList: readonly Revision[],
  liveContactIds: Set<number>,
  ids: HsdsIds,
): void {
  for (const revision of revisionsList) {
    // A removed person's history is left out entirely.
    if (revision.entityType === 'contact' && !liveContactIds.has(revision.entityId)) continue;
    const resourceId =
      revision.entityType === 'organisation' ? ids.organisation(revision.entityId) : ids.contact(revision.entityId);
    const resourceType = revision.entityType === 'organisation' ? 'organization' : 'contact';
    const base = {
      resource_id: resourceId,
      resource_type: resourceType,
      last_action_date: revision.createdAt.slice(0, 10),
      last_action_type: revision.action,
      updated_by: UPDATED_BY,
    };
    const before = revision.before ? (JSON.parse(revision.before) as Record<string, unknown>) : null;
    const after = revision.after ? (JSON.parse(revision.after) as Record<string, unknown>) : null;
    if (!before || !after) {
      tables.metadata.push({
        id: ids.row('metadata', revision.id),
        ...base,
        field_name: '*',
        previous_value: '',
        replacement_value: '',
      });
      continue;
    }
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const previous = asText(before[field]);
      const replacement = asText(after[field]);
      if (previous === replacement) continue;
      const values = valuesArePublic(revision, field)
        ? { previous_value: previous, replacement_value: replacement }
        : { previous_value: '', replacement_value: '' };
      tables.metadata.push({ id: ids.row('metadata', revision.id, field), ...base, field_name: field, ...values });
    }
  }
}
