import type { Theme } from '../db/schema.js';

/** Columns a person never types about a thème: identity and bookkeeping. */
type ManagedKey = 'id' | 'slug' | 'version' | 'createdAt' | 'updatedAt';
export type ThemeKey = Exclude<keyof Theme, ManagedKey>;

/** Everything the application knows about one thème field (decision 070); the parsers live in forms/theme.ts. */
export interface ThemeFieldSpec {
  label: string;
  help: string;
  max: number;
  input: 'text' | 'textarea' | 'color' | 'numeric';
  /** Where the field goes in HSDS 3.0. */
  hsds: string | null;
  /** Shown on the public thème page and in the open API. */
  public: boolean;
  /** Feeds the search (a thème's words find its organisations). */
  search: boolean;
}

export const THEME_NAME_MAX = 80;
export const THEME_DESCRIPTION_MAX = 600;
export const KEYWORD_MAX = 60;
export const KEYWORDS_MAX = 40;
export const POSITION_MAX = 9999;

export const THEME_FIELDS = {
  name: {
    label: 'Nom',
    help: 'L’adresse de la page du thème est tirée du nom à la création, puis ne change plus, même si le thème est renommé.',
    max: THEME_NAME_MAX,
    input: 'text',
    hsds: 'taxonomy_term.name',
    public: true,
    search: true,
  },
  description: {
    label: 'Description',
    help: `Une ou deux phrases, ${THEME_DESCRIPTION_MAX} caractères au plus.`,
    max: THEME_DESCRIPTION_MAX,
    input: 'textarea',
    hsds: 'taxonomy_term.description',
    public: true,
    search: false,
  },
  color: {
    label: 'Couleur',
    help: 'Format #RRGGBB, par exemple #1E5A44.',
    max: 7,
    input: 'color',
    hsds: null,
    public: true,
    search: false,
  },
  position: {
    label: 'Ordre d’affichage',
    help: 'Les thèmes sont présentés du plus petit au plus grand nombre.',
    max: 5,
    input: 'numeric',
    hsds: null,
    public: false,
    search: false,
  },
  keywords: {
    label: 'Mots-clés',
    help: `Un mot-clé par ligne (${KEYWORDS_MAX} au plus, ${KEYWORD_MAX} caractères chacun)\u00a0: les mots que les intervenants tapent pour trouver ce thème. Ils sont mis en minuscules et les doublons retirés.`,
    max: KEYWORDS_MAX * (KEYWORD_MAX + 2),
    input: 'textarea',
    hsds: null,
    public: false,
    search: true,
  },
} as const satisfies Record<ThemeKey, ThemeFieldSpec>;

/** The labels of the thème form's fields, for its error summary. */
export const THEME_FIELD_LABELS = Object.fromEntries(
  Object.entries(THEME_FIELDS).map(([key, spec]) => [key, spec.label]),
) as Record<ThemeKey, string>;

/** The label of a thème field, for code that holds a field name as a plain string. */
export function themeFieldLabel(field: string): string | undefined {
  return Object.hasOwn(THEME_FIELDS, field) ? THEME_FIELDS[field as ThemeKey].label : undefined;
}
