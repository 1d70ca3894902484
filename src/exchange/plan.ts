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
  /** Every person of the file found in the directory (updated or not), for their source ids. */
  matched: { contact: Contact; next: ImportedContact }[];
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
  /** The file carries HSDS ids the directory does not hold yet for this entry (decision 074). */
  recordSourceIds: boolean;
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
      for (const id of ids.known('organization', entry.organisation.id)) this.byExternalId.set(id, entry);
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

/** People are matched by the HSDS id the file gives them first (a renamed person updates), then by name. */
function planContacts(current: DirectoryEntry | null, wanted: ImportedContact[], ids: HsdsIds): ContactOperations {
  const contacts = current?.contacts ?? [];
  const byName = new Map(contacts.map((c) => [nameKey(c.name), c]));
  const byExternal = new Map(contacts.flatMap((c) => ids.known('contact', c.id).map((id) => [id, c] as const)));
  const operations: ContactOperations = { create: [], update: [], remove: [], matched: [] };
  const used = new Set<number>();
  for (const next of wanted) {
    const candidate = (next.externalId ? byExternal.get(next.externalId) : undefined) ?? byName.get(next.key);
    const contact = candidate && !used.has(candidate.id) ? candidate : undefined;
    if (!contact) {
      operations.create.push(next);
      continue;
    }
    used.add(contact.id);
    operations.matched.push({ contact, next });
    if (contactChanges(contact, next.fields).length) operations.update.push({ contact, next });
  }
  operations.remove = contacts.filter((c) => !used.has(c.id));
  return operations;
}

/** Whether the entry brings HSDS ids the directory does not know yet for the rows it matched. */
function bringsSourceIds(
  entry: ImportEntry,
  current: DirectoryEntry,
  matched: ContactOperations['matched'],
  ids: HsdsIds,
) {
  const id = current.organisation.id;
  const unknown = (kind: 'organization' | 'service' | 'location', value: string | null | undefined) =>
    !!value && !ids.known(kind, id).includes(value);
  return (
    unknown('organization', entry.externalId) ||
    unknown('service', entry.sourceIds?.service) ||
    unknown('location', entry.sourceIds?.location) ||
    matched.some(
      ({ contact, next }) => !!next.externalId && !ids.known('contact', contact.id).includes(next.externalId),
    )
  );
}

function planEntry(
  entry: ImportEntry,
  current: DirectoryEntry | null,
  themeNames: Map<number, string>,
  ids: HsdsIds,
  now: Date,
): PlannedEntry {
  const contactOperations = planContacts(current, entry.contacts, ids);
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
      recordSourceIds: true,
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
  const recordSourceIds = bringsSourceIds(entry, current, contactOperations.matched, ids);
  if (recordSourceIds)
    changes.push({
      label: 'Identifiants HSDS de la source',
      before: '',
      after: 'gardés pour les prochaines importations',
    });
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
    recordSourceIds,
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
    items.push(planEntry(entry, found, themeNames, ids, now));
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
