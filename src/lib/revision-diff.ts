import type { Snapshot } from '../queries/revisions.js';
import { contactFieldLabel } from '../fields/contact.js';
import { organisationFieldLabel } from '../fields/organisation.js';
import { themeFieldLabel } from '../fields/theme.js';
import type { RevisionEntity } from '../db/schema.js';
import { formatLongDate } from './dates.js';
import { audienceLabels } from './view-helpers.js';

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

// Typed fields are labelled by their entity's registry (decision 070); these are the workflow's and the links'.
const LABELS: Record<string, string> = {
  status: 'Statut',
  verifiedAt: 'Vérifié le',
  themes: 'Thèmes',
  position: 'Ordre d’affichage',
  slug: 'Adresse de la page',
  organisationId: 'Organisme',
  designatedThemeIds: 'Thèmes dont elle est la référence',
  organisations: 'Organismes',
  openDataConsent: 'Consentement aux données ouvertes',
};

const REGISTRY_LABELS: Record<RevisionEntity, (field: string) => string | undefined> = {
  organisation: organisationFieldLabel,
  contact: contactFieldLabel,
  theme: themeFieldLabel,
};

/** How the history names a field of an organisation, a personne-ressource or a thème: as its form does. */
export function labelFor(entity: RevisionEntity): (field: string) => string {
  return (field) => REGISTRY_LABELS[entity](field) ?? fieldLabel(field);
}

/** "1re de la liste", "2e de la liste": a person's place among their organisation's, from its 0-based position. */
export function listPlace(position: number): string {
  return `${position + 1}${position === 0 ? 're' : 'e'} de la liste`;
}

export function fieldLabel(field: string): string {
  return LABELS[field] ?? field;
}

/** An organisation's field reads as in its form and its page. */
export const organisationLabel = labelFor('organisation');

function display(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (Array.isArray(value) || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Field-level differences between two snapshots, in the order of the fields. */
export function diffSnapshots(
  before: Snapshot | null,
  after: Snapshot | null,
  describe?: (field: string, value: unknown) => string,
  label: (field: string) => string = fieldLabel,
): FieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const show = (field: string, value: unknown) => (describe ? describe(field, value) : display(value));
  return fields
    .filter((field) => JSON.stringify(before?.[field] ?? null) !== JSON.stringify(after?.[field] ?? null))
    .map((field) => ({
      field,
      label: label(field),
      before: show(field, before?.[field]),
      after: show(field, after?.[field]),
    }));
}

/** How an organisation's or a person's recorded values read in French: thème names, groups, dates, places in a list. */
export function describeEntryValue(themeNames: Map<number, string>) {
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return '—';
    if (field === 'themes' && Array.isArray(value)) {
      // Edits record thème links; a thème deletion records the thème names the organisation moved between.
      const describeLink = (l: { themeId: number; note: string | null } | string) =>
        typeof l === 'string' ? l : `${themeNames.get(l.themeId) ?? 'thème supprimé'}${l.note ? ` (${l.note})` : ''}`;
      return value.map(describeLink).join(', ') || '—';
    }
    if (field === 'designatedThemeIds' && Array.isArray(value))
      return value.map((id: number) => themeNames.get(id) ?? 'thème supprimé').join(', ') || '—';
    if (field === 'audiences' && typeof value === 'string') return audienceLabels(value).join(', ') || '—';
    if (field === 'status') return value === 'archived' ? 'Archivé' : 'Actif';
    if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
    if (field === 'verifiedAt' && typeof value === 'string') return formatLongDate(value);
    if (field === 'position' && typeof value === 'number') return listPlace(value);
    return String(value);
  };
}
