import crypto from 'node:crypto';
import type { Contact } from '../db/schema.js';
import { EDITABLE_FIELDS } from '../queries/organisation-edits.js';
import { nameKey } from './cells.js';
import { ORGANISATION_COLUMNS } from './columns.js';
import type { DirectoryEntry } from '../queries/exchange.js';
import { contactChanges, linkChanges, type FieldChange } from './plan-diff.js';
import type { HsdsIds } from './hsds/ids.js';
import type { Problem } from './table.js';
import type { ImportedContact, ImportEntry } from './validate-row.js';
import { planVerification, type VerificationOutcome } from './verification.js';

export type { FieldChange } from './plan-diff.js';

export interface ContactOperations {
  create: ImportedContact[];
  update: { contact: Contact; next: ImportedContact }[];
  remove: Contact[];
}

export interface PlannedEntry {
  entry: ImportEntry;
  action: 'create' | 'update' | 'unchanged';
  current: DirectoryEntry | null;
  /** The organisation's fields or thème links differ (saveOrganisation is needed). */
  organisationChanged: boolean;
  statusChanged: boolean;
  contactOperations: ContactOperations;
  changes: FieldChange[];
  /** The verification date after the import, and why (decision 062). */
  verification: VerificationOutcome;
}

export interface ImportPlan {
  items: PlannedEntry[];
  counts: { create: number; update: number; unchanged: number };
  /** Changes whenever the file or the matched entries change: the commit must see what the preview showed. */
  fingerprint: string;
}

const LABELS = new Map(ORGANISATION_COLUMNS.map((c) => [c.field as string, c.label]));
const show = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** Finds existing entries by identifier (slug), HSDS id, then name without accents or case. */
class DirectoryIndex {
  private readonly bySlug = new Map<string, DirectoryEntry>();
  private readonly byExternalId = new Map<string, DirectoryEntry>();
  private readonly byName = new Map<string, DirectoryEntry[]>();

  constructor(
    entries: readonly DirectoryEntry[],
    private readonly redirect: (slug: string) => string | null,
    ids: HsdsIds,
  ) {
    for (const entry of entries) {
      this.bySlug.set(entry.organisation.slug, entry);
      this.byExternalId.set(ids.organisation(entry.organisation.id), entry);
      const key = nameKey(entry.organisation.name);
      this.byName.set(key, [...(this.byName.get(key) ?? []), entry]);
    }
  }

  match(entry: ImportEntry): { found: DirectoryEntry | null; ambiguous: boolean } {
    if (entry.identifier) {
      const slug = this.bySlug.has(entry.identifier) ? entry.identifier : this.redirect(entry.identifier);
      const found = slug ? this.bySlug.get(slug) : undefined;
      if (found) return { found, ambiguous: false };
    }
    if (entry.externalId) {
      const found = this.byExternalId.get(entry.externalId);
      if (found) return { found, ambiguous: false };
    }
    const sameName = this.byName.get(nameKey(entry.fields.name)) ?? [];
    return { found: sameName.length === 1 ? sameName[0]! : null, ambiguous: sameName.length > 1 };
  }
}

function planContacts(current: DirectoryEntry | null, wanted: ImportedContact[]): ContactOperations {
  const existing = new Map((current?.contacts ?? []).map((c) => [nameKey(c.name), c]));
  const operations: ContactOperations = { create: [], update: [], remove: [] };
  for (const next of wanted) {
    const contact = existing.get(next.key);
    if (!contact) operations.create.push(next);
    else if (contactChanges(contact, next.fields).length) operations.update.push({ contact, next });
  }
  const wantedKeys = new Set(wanted.map((c) => c.key));
  operations.remove = (current?.contacts ?? []).filter((c) => !wantedKeys.has(nameKey(c.name)));
  return operations;
}

function planEntry(
  entry: ImportEntry,
  current: DirectoryEntry | null,
  themeNames: Map<number, string>,
  now: Date,
): PlannedEntry {
  const contactOperations = planContacts(current, entry.contacts);
  const verification = planVerification(entry.verifiedDay, current?.organisation ?? null, now);
  if (!current) {
    return {
      entry,
      action: 'create',
      current,
      organisationChanged: true,
      statusChanged: entry.status === 'archived',
      contactOperations,
      changes: [],
      verification,
    };
  }
  const changes: FieldChange[] = [];
  for (const field of EDITABLE_FIELDS) {
    const before = show(current.organisation[field]);
    const after = show(entry.fields[field]);
    if (before !== after) changes.push({ label: LABELS.get(field) ?? field, before, after });
  }
  const fieldsChanged = changes.length > 0;
  const themeChanges = linkChanges(current, entry, themeNames);
  changes.push(...themeChanges);
  const statusChanged = entry.status !== null && entry.status !== current.organisation.status;
  if (statusChanged)
    changes.push({
      label: 'Statut',
      before: current.organisation.status === 'active' ? 'actif' : 'archivé',
      after: entry.status === 'active' ? 'actif' : 'archivé',
    });
  for (const next of contactOperations.create)
    changes.push({ label: `Personne «\u00a0${next.fields.name}\u00a0»`, before: '', after: 'ajoutée' });
  for (const { contact, next } of contactOperations.update) {
    for (const change of contactChanges(contact, next.fields))
      changes.push({ ...change, label: `Personne «\u00a0${contact.name}\u00a0» — ${change.label}` });
  }
  for (const contact of contactOperations.remove)
    changes.push({ label: `Personne «\u00a0${contact.name}\u00a0»`, before: 'présente', after: 'retirée' });
  if (verification.changed)
    changes.push({
      label: 'Vérifié le',
      before: current.organisation.verifiedAt?.slice(0, 10) ?? '',
      after: verification.verifiedAt?.slice(0, 10) ?? '',
    });
  return {
    entry,
    action: changes.length ? 'update' : 'unchanged',
    current,
    organisationChanged: fieldsChanged || themeChanges.length > 0,
    statusChanged,
    contactOperations,
    changes,
    verification,
  };
}

/** Matches every entry to the directory and lists what would change; duplicates and ambiguities are problems. */
export function planImport(
  entries: readonly ImportEntry[],
  directory: readonly DirectoryEntry[],
  themeNames: Map<number, string>,
  redirect: (slug: string) => string | null,
  ids: HsdsIds,
  now: Date,
): { plan: ImportPlan; problems: Problem[] } {
  const index = new DirectoryIndex(directory, redirect, ids);
  const problems: Problem[] = [];
  const claimed = new Map<string, string>();
  const items: PlannedEntry[] = [];
  for (const entry of entries) {
    const { found, ambiguous } = index.match(entry);
    if (ambiguous) {
      problems.push({
        where: entry.where,
        column: 'nom',
        message:
          'Plusieurs organismes du répertoire portent ce nom\u00a0: indiquez lequel dans la colonne identifiant.',
      });
      continue;
    }
    const claim = found ? `id:${found.organisation.id}` : `nom:${nameKey(entry.fields.name)}`;
    const earlier = claimed.get(claim);
    if (earlier) {
      problems.push({
        where: entry.where,
        column: 'nom',
        message: `Ligne en double\u00a0: cet organisme figure déjà à la ${earlier}.`,
      });
      continue;
    }
    claimed.set(claim, entry.where);
    items.push(planEntry(entry, found, themeNames, now));
  }
  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const item of items) counts[item.action]++;
  const fingerprint = crypto
    .createHash('sha256')
    // The verification outcome depends on the clock and on the current date: the commit must write what was shown.
    .update(
      JSON.stringify(
        items.map((i) => [
          i.action,
          i.current?.organisation.version,
          i.current?.contacts.map((c) => c.version),
          i.entry,
          i.verification.reason,
          i.verification.verifiedAt?.slice(0, 10),
        ]),
      ),
    )
    .digest('base64url');
  return { plan: { items, counts, fingerprint }, problems };
}
