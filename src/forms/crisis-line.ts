import { z } from 'zod';
import { requiredText } from './form.js';

export const CRISIS_LABEL_MAX = 60;
export const CRISIS_NUMBER_MAX = 30;

/** One line of the Arbre's crisis box: what it is for, the number as dialled or spelt, and its order. */
export const crisisLineForm = z.object({
  label: requiredText(CRISIS_LABEL_MAX, 'Entrez à quoi sert cette ligne, par exemple «\u00a0Info-Santé\u00a0».'),
  number: requiredText(CRISIS_NUMBER_MAX, 'Entrez le numéro, par exemple 811 ou 1 866 277-3553.').refine(
    (value) => /\d/.test(value),
    'Le numéro doit contenir au moins un chiffre.',
  ),
  position: z
    .string()
    .trim()
    .optional()
    .transform((value) => value ?? '')
    .refine((value) => value === '' || /^\d{1,4}$/.test(value), 'L’ordre doit être un nombre entier, par exemple 3.')
    .transform((value) => (value === '' ? null : Number(value))),
});

export type CrisisLineFormData = z.infer<typeof crisisLineForm>;
