import type { z } from 'zod';
import type { Contact } from '../db/schema.js';
import { emailField, extensionField, phoneField } from '../forms/fields.js';
import { checkbox, cleanText, requiredText } from '../forms/form.js';

/** Columns a person never types about a personne-ressource: identity, order, consent record and bookkeeping. */
type ManagedKey =
  | 'id'
  | 'organisationId'
  | 'position'
  | 'verifiedAt'
  | 'verifiedBy'
  | 'openDataConsentAt'
  | 'openDataConsentBy'
  | 'version'
  | 'createdAt'
  | 'updatedAt';
export type ContactKey = Exclude<keyof Contact, ManagedKey>;

/** Everything the application knows about one field of a personne-ressource (decision 070). */
export interface ContactFieldSpec<S extends z.ZodType = z.ZodType> {
  /** The one French label: admin form, history, CSV documentation. */
  label: string;
  help?: string;
  max?: number;
  input: 'text' | 'tel' | 'numeric' | 'email' | 'checkbox';
  /** Suffix of the CSV columns `personneN_<suffix>`; null when the file does not carry the field. */
  csv: { suffix: string; help: string; example: string } | null;
  /** Where the field goes in HSDS 3.0. */
  hsds: string | null;
  form: S;
}

/** The fields of a personne-ressource, in form, file and history order. */
export const CONTACT_FIELDS = {
  name: {
    label: 'Nom',
    max: 120,
    input: 'text',
    hsds: 'contact.name',
    form: requiredText(120, 'Le nom de la personne est obligatoire.'),
    csv: {
      suffix: 'nom',
      help: 'Obligatoire si le groupe est rempli. La personne 1 est la personne-ressource principale.',
      example: 'Jessica Bérubé',
    },
  },
  role: {
    label: 'Fonction',
    help: 'Par exemple Intervenante jeunesse.',
    max: 120,
    input: 'text',
    hsds: 'contact.title',
    form: cleanText().max(120, 'La fonction ne peut dépasser 120 caractères.').default(''),
    csv: { suffix: 'fonction', help: '120 caractères au plus.', example: 'Coordonnatrice' },
  },
  phone: {
    label: 'Ligne directe',
    help: '418 555-0123',
    max: 30,
    input: 'tel',
    hsds: 'phone.number',
    form: phoneField,
    csv: { suffix: 'telephone', help: 'Ligne directe, dix chiffres.', example: '418 555-0157' },
  },
  phoneExtension: {
    label: 'Poste',
    max: 12,
    input: 'numeric',
    hsds: 'phone.extension',
    form: extensionField,
    csv: { suffix: 'poste', help: 'Chiffres seulement.', example: '11' },
  },
  email: {
    label: 'Courriel',
    max: 254,
    input: 'email',
    hsds: 'contact.email',
    form: emailField,
    csv: { suffix: 'courriel', help: 'Adresse de courriel.', example: 'jessica@exemple.org' },
  },
  isPrimary: {
    label: 'Personne-ressource principale',
    input: 'checkbox',
    hsds: null,
    form: checkbox,
    // In a file, the first personne group is the main contact.
    csv: null,
  },
} as const satisfies Record<ContactKey, ContactFieldSpec>;

export type ContactFieldSpecs = typeof CONTACT_FIELDS;

/** The label of a contact field, for code that holds a field name as a plain string. */
export function contactFieldLabel(field: string): string | undefined {
  return Object.hasOwn(CONTACT_FIELDS, field) ? CONTACT_FIELDS[field as ContactKey].label : undefined;
}
