import type { Revision, Theme } from '../../db/schema.js';
import type { HsdsIds } from './ids.js';
import type { HsdsTables } from './resources.js';

// People's names stay out of the public file: the author is the coordination, not a named account.
const UPDATED_BY = 'Coordination COSMOSS';
// Ways to reach someone (an organisation's e-mail often names a person): their history is never published (055).
const ORGANISATION_CONTACT_FIELDS = new Set(['email', 'phone', 'phoneExtension', 'tollFreePhone']);

// HSDS requires both values on every row: words say what is absent or withheld, never an empty cell.
export const NO_VALUE = '(aucune valeur)';
export const WITHHELD_VALUE = '(valeur non publiée)';

type ThemeNames = ReadonlyMap<number, string>;

/** A stored value as a reader would say it: thème links by name, lists joined, yes/no; never internal JSON. */
function asText(field: string, value: unknown, themeNames: ThemeNames): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  if (field === 'themes' && Array.isArray(value))
    return value.map((link: { themeId?: number }) => themeNames.get(link.themeId ?? -1) ?? 'thème supprimé').join('; ');
  if (Array.isArray(value)) return value.map(String).join(', ');
  if (typeof value === 'object') return '';
  return String(value);
}

/** Whether a field's previous and new values may be published: never a person's, nor an organisation's means of contact. */
const valuesArePublic = (revision: Revision, field: string) =>
  revision.entityType === 'organisation' && !ORGANISATION_CONTACT_FIELDS.has(field);

/** Revisions become HSDS metadata rows: one per changed field (one row for a creation or a removal). */
export function addMetadata(
  tables: HsdsTables,
  revisionsList: readonly Revision[],
  liveContactIds: Set<number>,
  themes: readonly Theme[],
  ids: HsdsIds,
): void {
  const themeNames: ThemeNames = new Map(themes.map((t) => [t.id, t.name]));
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
        previous_value: NO_VALUE,
        replacement_value: NO_VALUE,
      });
      continue;
    }
    for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const previous = asText(field, before[field], themeNames);
      const replacement = asText(field, after[field], themeNames);
      if (previous === replacement && JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
      const values = valuesArePublic(revision, field)
        ? { previous_value: previous || NO_VALUE, replacement_value: replacement || NO_VALUE }
        : { previous_value: WITHHELD_VALUE, replacement_value: WITHHELD_VALUE };
      tables.metadata.push({ id: ids.row('metadata', revision.id, field), ...base, field_name: field, ...values });
    }
  }
}
