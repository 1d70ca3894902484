import type { Snapshot } from '../queries/revisions.js';

export interface FieldChange {
  field: string;
  label: string;
  before: string;
  after: string;
}

const LABELS: Record<string, string> = {
  name: 'Nom',
  acronym: 'Sigle',
  summary: 'Résumé',
  description: 'Services offerts',
  clientele: 'Clientèle',
  audiences: 'Groupes',
  ageMin: 'Âge minimum',
  ageMax: 'Âge maximum',
  territory: 'Territoire',
  address: 'Adresse',
  city: 'Ville',
  postalCode: 'Code postal',
  phone: 'Téléphone',
  phoneExtension: 'Poste',
  tollFreePhone: 'Sans frais',
  email: 'Courriel',
  website: 'Site Web',
  hours: 'Heures',
  referral: 'Comment diriger',
  cost: 'Coût',
  languages: 'Langues',
  accessibility: 'Accessibilité',
  status: 'Statut',
  verifiedAt: 'Vérifié le',
  themes: 'Thèmes',
  role: 'Fonction',
  isPrimary: 'Personne-ressource principale',
  position: 'Ordre',
  slug: 'Adresse (slug)',
  color: 'Couleur',
  keywords: 'Mots-clés',
  organisationId: 'Organisme',
};

export function fieldLabel(field: string): string {
  return LABELS[field] ?? field;
}

function display(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Oui' : 'Non';
  if (Array.isArray(value) || typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Field-level differences between two snapshots, in the order of the fields. */
export function diffSnapshots(before: Snapshot | null, after: Snapshot | null, describe?: (field: string, value: unknown) => string): FieldChange[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  const show = (field: string, value: unknown) => (describe ? describe(field, value) : display(value));
  return fields
    .filter((field) => JSON.stringify(before?.[field] ?? null) !== JSON.stringify(after?.[field] ?? null))
    .map((field) => ({ field, label: fieldLabel(field), before: show(field, before?.[field]), after: show(field, after?.[field]) }));
}
