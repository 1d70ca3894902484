import type { z } from 'zod';
import type { Organisation } from '../db/schema.js';
import {
  ageField,
  audiencesField,
  emailField,
  extensionField,
  flagField,
  phoneField,
  postalCodeField,
  urlField,
} from '../forms/fields.js';
import { optionalText, requiredText } from '../forms/form.js';

/** Columns a person never types: identity, workflow state and bookkeeping. Every other column must be in the registry. */
type ManagedKey = 'id' | 'slug' | 'status' | 'verifiedAt' | 'verifiedBy' | 'version' | 'createdAt' | 'updatedAt';
export type EditableKey = Exclude<keyof Organisation, ManagedKey>;

/** Which column of the search index (organisations_fts) a field feeds; null: not searchable. */
export type SearchColumn = 'name' | 'acronym' | 'body' | null;

/** Everything the application knows about one editable organisation field (decision 070). */
export interface FieldSpec<S extends z.ZodType = z.ZodType> {
  /** The one French label: form, public page, history, import preview and CSV documentation. */
  label: string;
  /** Hint under the admin form field. */
  help?: string;
  /** Length limit (characters) for text fields; also the form's maxlength. */
  max?: number;
  /** The form control: input type or textarea. */
  input: 'text' | 'textarea' | 'tel' | 'email' | 'url' | 'numeric' | 'checkboxes' | 'checkbox';
  /** CSV column: header, documentation and example. */
  /** `optional`: an import file may leave the column out (a column added after files were made). */
  csv: { header: string; help: string; example: string; optional?: boolean };
  /** Where the field goes in HSDS 3.0 (documentation of export-entries.ts). */
  hsds: string | null;
  /** Shown on the public page and in the open API. */
  public: boolean;
  search: SearchColumn;
  /** Parses the submitted form value. */
  form: S;
}

const text = (max: number, subject: string) => optionalText(max, subject);

/** The editable organisation fields, in form, file and history order. */
export const ORGANISATION_FIELDS = {
  name: {
    label: 'Nom',
    max: 160,
    input: 'text',
    public: true,
    search: 'name',
    hsds: 'organization.name',
    form: requiredText(160, 'Le nom de l’organisme est obligatoire.'),
    csv: {
      header: 'nom',
      help: 'Obligatoire, 160 caractères au plus. Sert aussi à reconnaître un organisme déjà inscrit.',
      example: 'Maison des jeunes L’Escale',
    },
  },
  acronym: {
    label: 'Sigle',
    help: 'Par exemple CJE ou CALACS.',
    max: 20,
    input: 'text',
    public: true,
    search: 'acronym',
    hsds: 'organization.alternate_name, service.alternate_name',
    form: text(20, 'Le sigle'),
    csv: { header: 'sigle', help: '20 caractères au plus.', example: 'MDJ' },
  },
  summary: {
    label: 'Résumé',
    help: 'Une ligne, affichée dans les listes et sous chaque thème.',
    max: 160,
    input: 'text',
    public: true,
    search: 'body',
    hsds: 'organization.description',
    form: text(160, 'Le résumé'),
    csv: {
      header: 'resume',
      help: 'Une ligne, 160 caractères au plus.',
      example: 'Lieu de rencontre pour les 12-17 ans.',
    },
  },
  description: {
    label: 'Services offerts',
    help: 'Une ligne vide sépare les paragraphes.',
    max: 4000,
    input: 'textarea',
    public: true,
    search: 'body',
    hsds: 'service.description',
    form: text(4000, 'La description'),
    csv: { header: 'description', help: 'Texte libre, 4000 caractères au plus.', example: '' },
  },
  clientele: {
    label: 'Personnes servies',
    max: 300,
    input: 'text',
    public: true,
    search: 'body',
    hsds: 'service.eligibility_description',
    form: text(300, 'La clientèle'),
    csv: { header: 'clientele', help: '300 caractères au plus.', example: 'Adolescents de 12 à 17 ans.' },
  },
  audiences: {
    label: 'Groupes',
    input: 'checkboxes',
    public: true,
    search: null,
    hsds: null,
    form: audiencesField,
    csv: {
      header: 'groupes',
      help: 'Parmi jeunes, adultes, familles, aînés, séparés par « ; ».',
      example: 'jeunes; familles',
    },
  },
  ageMin: {
    label: 'Âge minimum',
    max: 3,
    input: 'numeric',
    public: true,
    search: null,
    hsds: 'service.minimum_age',
    form: ageField,
    csv: { header: 'age_min', help: 'Nombre entier de 0 à 120.', example: '12' },
  },
  ageMax: {
    label: 'Âge maximum',
    max: 3,
    input: 'numeric',
    public: true,
    search: null,
    hsds: 'service.maximum_age',
    form: ageField,
    csv: { header: 'age_max', help: 'Nombre entier de 0 à 120, au moins l’âge minimum.', example: '17' },
  },
  territory: {
    label: 'Territoire desservi',
    help: 'Par exemple MRC de Rimouski-Neigette.',
    max: 120,
    input: 'text',
    public: true,
    search: null,
    hsds: 'service_area.name',
    form: text(120, 'Le territoire'),
    csv: { header: 'territoire', help: '120 caractères au plus.', example: 'Ville de Rimouski' },
  },
  address: {
    label: 'Adresse',
    max: 160,
    input: 'text',
    public: true,
    search: null,
    hsds: 'address.address_1',
    form: text(160, 'L’adresse'),
    csv: { header: 'adresse', help: '160 caractères au plus.', example: '212, rue Saint-Germain Ouest' },
  },
  city: {
    label: 'Ville',
    max: 80,
    input: 'text',
    public: true,
    search: null,
    hsds: 'address.city',
    form: text(80, 'La ville'),
    csv: { header: 'ville', help: '80 caractères au plus.', example: 'Rimouski' },
  },
  postalCode: {
    label: 'Code postal',
    help: 'G5L 1A1',
    max: 7,
    input: 'text',
    public: true,
    search: null,
    hsds: 'address.postal_code',
    form: postalCodeField,
    csv: { header: 'code_postal', help: 'Code postal canadien.', example: 'G5L 4B6' },
  },
  phone: {
    label: 'Téléphone principal',
    help: '418 555-0123',
    max: 30,
    input: 'tel',
    public: true,
    search: null,
    hsds: 'phone.number',
    form: phoneField,
    csv: { header: 'telephone', help: 'Dix chiffres, écrits comme on veut.', example: '418 555-0157' },
  },
  phoneExtension: {
    label: 'Poste',
    max: 12,
    input: 'numeric',
    public: true,
    search: null,
    hsds: 'phone.extension',
    form: extensionField,
    csv: { header: 'poste', help: 'Chiffres seulement (6 au plus).', example: '11' },
  },
  tollFreePhone: {
    label: 'Sans frais',
    help: '1 800 555-0199',
    max: 30,
    input: 'tel',
    public: true,
    search: null,
    hsds: 'phone.number',
    form: phoneField,
    csv: { header: 'sans_frais', help: 'Numéro sans frais.', example: '1 800 555-0199' },
  },
  email: {
    label: 'Courriel',
    max: 254,
    input: 'email',
    public: true,
    search: null,
    hsds: 'organization.email, service.email',
    form: emailField,
    csv: { header: 'courriel', help: 'Adresse de courriel.', example: 'info@exemple.org' },
  },
  website: {
    label: 'Site Web',
    help: 'https://…',
    max: 300,
    input: 'url',
    public: true,
    search: null,
    hsds: 'organization.website, service.url',
    form: urlField,
    csv: { header: 'site_web', help: 'Adresse commençant par http:// ou https://.', example: 'https://exemple.org' },
  },
  hours: {
    label: 'Heures d’ouverture',
    max: 300,
    input: 'text',
    public: true,
    search: null,
    hsds: 'schedule.description',
    form: text(300, 'Les heures'),
    csv: { header: 'heures', help: '300 caractères au plus.', example: 'Lundi au vendredi, 9 h à 17 h' },
  },
  referral: {
    label: 'Comment diriger une personne',
    help: 'Référence nécessaire ou non, par téléphone ou sur place, délai habituel.',
    max: 1000,
    input: 'textarea',
    public: true,
    search: 'body',
    hsds: 'service.application_process',
    form: text(1000, 'Ce champ'),
    csv: { header: 'reference', help: '1000 caractères au plus.', example: 'Sans référence.' },
  },
  cost: {
    label: 'Coût',
    max: 200,
    input: 'text',
    public: true,
    search: null,
    hsds: 'service.fees_description',
    form: text(200, 'Le coût'),
    csv: { header: 'cout', help: '200 caractères au plus.', example: 'Gratuit' },
  },
  languages: {
    label: 'Langues',
    max: 200,
    input: 'text',
    public: true,
    search: null,
    hsds: 'language.name',
    form: text(200, 'Les langues'),
    csv: { header: 'langues', help: '200 caractères au plus.', example: 'Français, anglais' },
  },
  accessibility: {
    label: 'Accessibilité',
    max: 300,
    input: 'text',
    public: true,
    search: null,
    hsds: 'accessibility.description',
    form: text(300, 'L’accessibilité'),
    csv: {
      header: 'accessibilite',
      help: '300 caractères au plus.',
      example: 'Rez-de-chaussée accessible en fauteuil roulant',
    },
  },
  emergency: {
    label: 'Ressource d’urgence ou 24/7',
    help: 'Joignable ou ouverte la nuit et la fin de semaine, ou réservée aux situations d’urgence\u00a0: placée en tête quand une recherche dit «\u00a0ce soir\u00a0», «\u00a0urgence\u00a0» ou «\u00a024/7\u00a0».',
    input: 'checkbox',
    public: true,
    search: null,
    hsds: 'attribute (taxonomie « Caractéristiques COSMOSS », terme urgence-24-7)',
    form: flagField,
    csv: {
      header: 'urgence_24_7',
      help: 'Facultative\u00a0: «\u00a0oui\u00a0» ou «\u00a0non\u00a0». Vide ou absente\u00a0: non.',
      example: 'non',
      optional: true,
    },
  },
} as const satisfies Record<EditableKey, FieldSpec>;

export type OrganisationFieldSpecs = typeof ORGANISATION_FIELDS;

/** The fields a person edits, in registry order; a revision snapshot holds these plus the thème links. */
export const EDITABLE_FIELDS = Object.keys(ORGANISATION_FIELDS) as EditableKey[];

export type OrganisationFields = Pick<Organisation, EditableKey>;

/** One thème link of an organisation: the thème, its note, and the personne-ressource asked for it. */
export interface ThemeLinkInput {
  themeId: number;
  note: string | null;
  contactId: number | null;
}

/** The fields shown on the public page and in the open API, in registry order. */
export const PUBLIC_FIELDS = EDITABLE_FIELDS.filter((key) => ORGANISATION_FIELDS[key].public);

/** The open API's name of a field: snake_case, as the rest of the API (`phoneExtension` → `phone_extension`). */
export const apiFieldName = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

/** The label of an organisation field, for code that holds a field name as a plain string. */
export function organisationFieldLabel(field: string): string | undefined {
  return Object.hasOwn(ORGANISATION_FIELDS, field) ? ORGANISATION_FIELDS[field as EditableKey].label : undefined;
}
