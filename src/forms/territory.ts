import { z } from 'zod';
import { cleanText } from './form.js';

/** « Rattacher » an unmatched territory text to a territory of the hierarchy, as one of its aliases. */
export const territoryAliasForm = z.object({
  text: cleanText({ error: 'Le texte à rattacher manque.' })
    .min(1, 'Le texte à rattacher manque.')
    .max(120, 'Ce texte dépasse 120 caractères.'),
  territoryId: z
    .string({ error: 'Choisissez un territoire.' })
    .regex(/^\d{1,9}$/, 'Choisissez un territoire.')
    .transform(Number),
});

export const TERRITORY_NAME_MAX = 120;
const TERRITORY_KIND_CHOICES = ['region', 'mrc', 'municipalite'] as const;

/** Adds or edits a territory of the hierarchy: its name, kind, parent and other ways of writing it. */
export const territoryForm = z
  .object({
    name: cleanText({ error: 'Indiquez le nom du territoire.' })
      .min(1, 'Indiquez le nom du territoire.')
      .max(TERRITORY_NAME_MAX, `Le nom ne peut dépasser ${TERRITORY_NAME_MAX} caractères.`),
    kind: z.enum(TERRITORY_KIND_CHOICES, { error: 'Choisissez le type de territoire.' }),
    parentId: z
      .string({ error: 'Choisissez le territoire qui le contient.' })
      .regex(/^(\d{1,9})?$/, 'Choisissez le territoire qui le contient.')
      .transform((value) => (value === '' ? null : Number(value))),
    aliases: cleanText({ error: 'Valeur invalide.' })
      .optional()
      .transform((value) =>
        [...new Set((value ?? '').split('\n').map((line) => line.trim().replace(/\s+/g, ' ')))].filter(Boolean),
      )
      .refine((lines) => lines.length <= 30, 'Trente autres écritures au plus.')
      .refine(
        (lines) => lines.every((line) => line.length <= TERRITORY_NAME_MAX),
        `Une écriture ne peut dépasser ${TERRITORY_NAME_MAX} caractères.`,
      ),
  })
  .superRefine((data, ctx) => {
    if (data.kind === 'region' && data.parentId !== null) {
      ctx.addIssue({ code: 'custom', path: ['parentId'], message: 'Une région n’est contenue dans aucun territoire.' });
    }
    if (data.kind !== 'region' && data.parentId === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['parentId'],
        message:
          data.kind === 'mrc'
            ? 'Choisissez la région qui contient cette MRC.'
            : 'Choisissez la MRC qui contient cette municipalité.',
      });
    }
  });

export type TerritoryFormData = z.output<typeof territoryForm>;
