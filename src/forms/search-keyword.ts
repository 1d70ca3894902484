import { z } from 'zod';
import { KEYWORD_MAX } from '../fields/theme.js';
import { cleanText } from './form.js';

/** « Ajouter comme mot-clé » from the search log: a logged query becomes a keyword of the chosen thème. */
export const searchKeywordForm = z.object({
  words: cleanText({ error: 'La recherche à ajouter manque.' })
    .min(1, 'La recherche à ajouter manque.')
    .max(KEYWORD_MAX, `Un mot-clé ne peut dépasser ${KEYWORD_MAX} caractères.`)
    .transform((value) => value.toLowerCase()),
  themeId: z
    .string({ error: 'Choisissez un thème.' })
    .regex(/^\d{1,9}$/, 'Choisissez un thème.')
    .transform(Number),
});
