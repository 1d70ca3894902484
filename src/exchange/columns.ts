import { CONTACT_FIELDS, type ContactFieldSpec, type ContactKey } from '../fields/contact.js';
import { ORGANISATION_FIELDS, type EditableKey } from '../fields/organisation.js';

/** One column of the CSV layout: French header, the field it fills, and its documentation. */
export interface ColumnSpec {
  header: string;
  label: string;
  help: string;
  example: string;
}

export interface OrganisationColumn extends ColumnSpec {
  field: EditableKey;
  /** A yes/no column, written « oui » / « non ». */
  flag: boolean;
  optional: boolean;
}

/** The organisation's own columns, in file order: the field registry's (decision 070). */
export const ORGANISATION_COLUMNS: readonly OrganisationColumn[] = Object.entries(ORGANISATION_FIELDS).map(
  ([field, spec]) => ({
    header: spec.csv.header,
    field: field as EditableKey,
    label: spec.label,
    help: spec.csv.help,
    example: spec.csv.example,
    flag: spec.input === 'checkbox',
    optional: 'optional' in spec.csv && spec.csv.optional === true,
  }),
);

/** Optional in an import: matched by slug first; the status and verification date. */
export const IDENTIFIER_COLUMN: ColumnSpec = {
  header: 'identifiant',
  label: 'Identifiant',
  help: 'Facultatif. L’identifiant de l’adresse de la fiche (/organismes/identifiant)\u00a0: il reconnaît l’organisme même renommé. Laissez vide pour un nouvel organisme.',
  example: 'maison-des-jeunes-l-escale',
};
export const STATUS_COLUMN: ColumnSpec = {
  header: 'statut',
  label: 'Statut',
  help: 'Facultatif\u00a0: « actif » ou « archivé ». Vide\u00a0: inchangé (actif pour un nouvel organisme).',
  example: 'actif',
};
export const VERIFIED_COLUMN: ColumnSpec = {
  header: 'verifie_le',
  label: 'Vérifié le',
  help: 'Facultatif, AAAA-MM-JJ\u00a0: le jour de la dernière vérification. À l’importation, une date passée (depuis 2000) devient la date de vérification d’un nouvel organisme, ou d’un organisme existant si elle est plus récente que la sienne\u00a0; une date future est ignorée. Sans date, un nouvel organisme reste non vérifié et un organisme existant garde la sienne. Les personnes ajoutées prennent la date du fichier, les autres gardent la leur.',
  example: '2026-11-22',
};
export const THEMES_COLUMN: ColumnSpec = {
  header: 'themes',
  label: 'Thèmes',
  help: 'Identifiants ou noms des thèmes, séparés par « ; ». Une précision propre au thème suit « : » (80 caractères au plus).',
  example: 'dependances : Prévention seulement; relations-amoureuses',
};

export interface ContactColumn extends ColumnSpec {
  suffix: string;
  /** The contact field it fills; none for the thèmes a person is designated for. */
  field?: ContactKey;
}

/** The columns of each personne-ressource group, `personne1_nom`, `personne1_fonction`…: the contact registry's. */
export const CONTACT_COLUMNS: readonly ContactColumn[] = [
  ...Object.entries(CONTACT_FIELDS).flatMap(([field, spec]: [string, ContactFieldSpec]) =>
    spec.csv
      ? [
          {
            suffix: spec.csv.suffix,
            field: field as ContactKey,
            header: `personneN_${spec.csv.suffix}`,
            label: spec.label,
            help: spec.csv.help,
            example: spec.csv.example,
          },
        ]
      : [],
  ),
  {
    suffix: 'themes',
    header: 'personneN_themes',
    label: 'Thèmes dont elle est la référence',
    help: 'Thèmes (parmi ceux de la colonne themes) pour lesquels on demande cette personne, séparés par « ; ».',
    example: 'relations-amoureuses',
  },
];

/** Groups written in the template and the export (more when an organisation has more people). */
export const DEFAULT_CONTACT_GROUPS = 3;

export const contactHeader = (group: number, suffix: string) => `personne${group}_${suffix}`;

/** `personne12_courriel` → { group: 12, suffix: 'courriel' }, or null. */
export function parseContactHeader(header: string): { group: number; suffix: string } | null {
  const match = /^personne(\d{1,2})_([a-z]+)$/.exec(header);
  if (!match) return null;
  const suffix = match[2]!;
  if (!CONTACT_COLUMNS.some((c) => c.suffix === suffix)) return null;
  return { group: Number(match[1]), suffix };
}

/** The full header row for `groups` personne-ressource groups. */
export function layoutHeader(groups = DEFAULT_CONTACT_GROUPS): string[] {
  const header = [IDENTIFIER_COLUMN.header, ...ORGANISATION_COLUMNS.map((c) => c.header), THEMES_COLUMN.header];
  for (let group = 1; group <= groups; group++)
    header.push(...CONTACT_COLUMNS.map((c) => contactHeader(group, c.suffix)));
  header.push(STATUS_COLUMN.header, VERIFIED_COLUMN.header);
  return header;
}

/** Columns an import must carry: every organisation column and `themes` (a file cut short must not erase data). */
export const REQUIRED_HEADERS: readonly string[] = [
  ...ORGANISATION_COLUMNS.filter((c) => !c.optional).map((c) => c.header),
  THEMES_COLUMN.header,
];
export const OPTIONAL_HEADERS: readonly string[] = [
  ...ORGANISATION_COLUMNS.filter((c) => c.optional).map((c) => c.header),
  IDENTIFIER_COLUMN.header,
  STATUS_COLUMN.header,
  VERIFIED_COLUMN.header,
];

/** Every column for the documentation tables, in file order (one personne group shown as `personneN_…`). */
export function documentedColumns(): ColumnSpec[] {
  return [
    IDENTIFIER_COLUMN,
    ...ORGANISATION_COLUMNS,
    THEMES_COLUMN,
    ...CONTACT_COLUMNS,
    STATUS_COLUMN,
    VERIFIED_COLUMN,
  ];
}

export const AUDIENCE_WORDS: Record<string, string> = {
  jeunes: 'jeunes',
  jeune: 'jeunes',
  adultes: 'adultes',
  adulte: 'adultes',
  familles: 'familles',
  famille: 'familles',
  aines: 'aines',
  aine: 'aines',
};
