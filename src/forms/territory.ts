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
