import { z } from 'zod';
import {
  KEYWORD_MAX,
  KEYWORDS_MAX,
  POSITION_MAX,
  THEME_DESCRIPTION_MAX,
  THEME_FIELDS,
  THEME_NAME_MAX,
} from '../fields/theme.js';
import { cleanText } from './form.js';
/** WCAG AA for normal text: the Arbre prints thème names in their colour on white paper. */
export const MIN_CONTRAST_ON_WHITE = 4.5;

const HEX_COLOR = /^#[0-9a-fA-F]{6}$/;

function channel(hex: string): number {
  const value = parseInt(hex, 16) / 255;
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
}

/** WCAG 2 contrast ratio of a #RRGGBB colour against white (1 to 21). */
export function contrastOnWhite(color: string): number {
  const luminance =
    0.2126 * channel(color.slice(1, 3)) + 0.7152 * channel(color.slice(3, 5)) + 0.0722 * channel(color.slice(5, 7));
  return 1.05 / (luminance + 0.05);
}

/** "3,2:1": French decimal comma, rounded down so a refused colour never reads as 4,5. */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 10) / 10).toFixed(1).replace('.', ',')}:1`;
}

/** Trims, lowercases, drops blanks and duplicates, keeping the order typed. */
export function normaliseKeywords(text: string): string[] {
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const keyword = line.trim().replace(/\s+/g, ' ').toLocaleLowerCase('fr-CA');
    if (keyword) seen.add(keyword);
  }
  return [...seen];
}

/**
 * The form offers a colour picker and a hex text field; without JavaScript they cannot mirror each other,
 * so whichever one the person changed since the page was drawn wins (the text field when both changed).
 */
export function resolveColor(body: unknown): unknown {
  if (!body || typeof body !== 'object') return body;
  const values = body as Record<string, unknown>;
  const text = typeof values.color === 'string' ? values.color.trim() : '';
  const picker = typeof values.colorPicker === 'string' ? values.colorPicker.trim() : '';
  const initial = typeof values.colorInitial === 'string' ? values.colorInitial.trim() : '';
  const pickerChanged = picker !== '' && picker.toLowerCase() !== initial.toLowerCase();
  const textUnchanged = text.toLowerCase() === initial.toLowerCase();
  return { ...values, color: pickerChanged && textUnchanged ? picker : text };
}

const colorField = z
  .string({ error: 'Entrez une couleur.' })
  .trim()
  .min(1, 'Entrez une couleur, par exemple #1E5A44.')
  .max(7, 'Entrez une couleur au format #RRGGBB, par exemple #1E5A44.')
  .regex(
    HEX_COLOR,
    'Entrez une couleur au format #RRGGBB (un # suivi de six chiffres ou lettres de A à F), par exemple #1E5A44.',
  )
  .transform((value) => value.toUpperCase())
  .superRefine((value, context) => {
    const ratio = contrastOnWhite(value);
    if (ratio < MIN_CONTRAST_ON_WHITE) {
      context.addIssue({
        code: 'custom',
        message: `Cette couleur est trop pâle sur fond blanc (contraste ${formatRatio(ratio)}, minimum 4,5:1)\u00a0: les noms de thèmes imprimés sur l’Arbre seraient difficiles à lire. Choisissez une couleur plus foncée.`,
      });
    }
  });

const POSITION_MESSAGE = `L’ordre doit être un nombre entier entre 0 et ${POSITION_MAX}, par exemple 3.`;

/** Empty means "at the end" for a new thème and "unchanged" for an existing one. */
const positionField = z
  .string()
  .trim()
  .optional()
  .transform((value) => value ?? '')
  .refine((value) => value === '' || (/^\d{1,4}$/.test(value) && Number(value) <= POSITION_MAX), POSITION_MESSAGE)
  .transform((value) => (value === '' ? null : Number(value)));

const keywordsField = z
  .string()
  // Room for 40 keywords of 60 characters; beyond that it is a paste accident.
  .max(THEME_FIELDS.keywords.max, 'La liste de mots-clés est trop longue.')
  .optional()
  .transform((value) => normaliseKeywords(value ?? ''))
  .superRefine((keywords, context) => {
    const tooLong = keywords.find((keyword) => keyword.length > KEYWORD_MAX);
    if (tooLong) {
      context.addIssue({
        code: 'custom',
        message: `Le mot-clé «\u00a0${tooLong.slice(0, 30)}…\u00a0» dépasse ${KEYWORD_MAX} caractères.`,
      });
    } else if (keywords.length > KEYWORDS_MAX) {
      context.addIssue({
        code: 'custom',
        message: `Un thème compte au plus ${KEYWORDS_MAX} mots-clés (vous en avez ${keywords.length}).`,
      });
    }
  });

export const themeForm = z.preprocess(
  resolveColor,
  z.object({
    name: cleanText({ error: 'Entrez le nom du thème.' })
      .min(1, 'Entrez le nom du thème.')
      .max(THEME_NAME_MAX, `Le nom ne peut dépasser ${THEME_NAME_MAX} caractères.`),
    description: cleanText()
      .max(THEME_DESCRIPTION_MAX, `La description ne peut dépasser ${THEME_DESCRIPTION_MAX} caractères.`)
      .optional()
      .transform((value) => value ?? ''),
    color: colorField,
    position: positionField,
    keywords: keywordsField,
    version: z.coerce.number().int().min(0).optional(),
  }),
);

export type ThemeFormData = z.infer<typeof themeForm>;

/** The delete page's answer: another thème's id, or "retirer" to remove the thème from its organisations. */
export const themeDeleteForm = z.object({
  confirmation: z.literal('oui').optional(),
  destination: z
    .string()
    .trim()
    .max(20)
    .optional()
    .transform((value) => (value === undefined || value === '' ? null : value))
    .refine(
      (value) => value === null || value === 'retirer' || /^\d+$/.test(value),
      'Choisissez un thème dans la liste.',
    ),
});
