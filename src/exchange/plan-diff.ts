import type { Contact } from '../db/schema.js';
import type { ContactFields } from '../queries/contact-edits.js';
import { nameKey } from './cells.js';
import type { DirectoryEntry } from '../queries/exchange.js';
import type { ImportEntry } from './validate-row.js';

export interface FieldChange {
  label: string;
  before: string;
  after: string;
}

const CONTACT_LABELS: Record<keyof ContactFields, string> = {
  name: 'nom',
  role: 'fonction',
  phone: 'téléphone',
  phoneExtension: 'poste',
  email: 'courriel',
  isPrimary: 'personne principale',
};

const text = (value: unknown) =>
  value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? 'oui' : 'non') : String(value);

export function contactChanges(contact: Contact, next: ContactFields): FieldChange[] {
  return (Object.keys(CONTACT_LABELS) as (keyof ContactFields)[])
    .filter((field) => text(contact[field]) !== text(next[field]))
    .map((field) => ({ label: CONTACT_LABELS[field], before: text(contact[field]), after: text(next[field]) }));
}

/** Thème links added, removed, or with another note or designated person. */
export function linkChanges(
  current: DirectoryEntry,
  entry: ImportEntry,
  themeNames: Map<number, string>,
): FieldChange[] {
  const personKey = new Map(current.contacts.map((c) => [c.id, nameKey(c.name)]));
  const personName = new Map([
    ...current.contacts.map((c) => [nameKey(c.name), c.name] as const),
    ...entry.contacts.map((c) => [c.key, c.fields.name] as const),
  ]);
  const before = new Map(
    current.links.map((l) => [
      l.themeId,
      { note: l.note ?? '', contactKey: l.contactId === null ? '' : (personKey.get(l.contactId) ?? '') },
    ]),
  );
  const after = new Map(entry.themes.map((l) => [l.themeId, { note: l.note ?? '', contactKey: l.contactKey ?? '' }]));
  const changes: FieldChange[] = [];
  const label = (themeId: number) => `Thème «\u00a0${themeNames.get(themeId) ?? themeId}\u00a0»`;
  for (const [themeId, link] of after) {
    const old = before.get(themeId);
    if (!old) {
      changes.push({ label: label(themeId), before: '', after: link.note ? `ajouté (${link.note})` : 'ajouté' });
      continue;
    }
    if (old.note !== link.note)
      changes.push({ label: `${label(themeId)} — précision`, before: old.note, after: link.note });
    if (old.contactKey !== link.contactKey) {
      changes.push({
        label: `${label(themeId)} — personne de référence`,
        before: personName.get(old.contactKey) ?? '',
        after: personName.get(link.contactKey) ?? '',
      });
    }
  }
  for (const themeId of before.keys())
    if (!after.has(themeId)) changes.push({ label: label(themeId), before: 'présent', after: 'retiré' });
  return changes;
}
