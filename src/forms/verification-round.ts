import { z } from 'zod';
import { manyValues } from './fields.js';

export const ROUND_SCOPES = ['toutes', 'anciennes', 'choix'] as const;

/** « Nouvelle tournée »: which organisations, how long links last, when the one reminder goes. */
export const roundForm = z
  .object({
    portee: z.enum(ROUND_SCOPES, { error: 'Choisissez les organismes de la tournée.' }),
    organismes: manyValues.pipe(z.array(z.string().regex(/^\d{1,9}$/, 'Organisme inconnu.'))),
    duree: z.coerce
      .number({ error: 'Un nombre de jours est attendu.' })
      .int('Un nombre entier de jours est attendu.')
      .min(7, 'Au moins 7 jours.')
      .max(180, 'Au plus 180 jours.'),
    rappel: z.coerce
      .number({ error: 'Un nombre de jours est attendu.' })
      .int('Un nombre entier de jours est attendu.')
      .min(0, 'Zéro (pas de rappel) ou plus.')
      .max(180, 'Au plus 180 jours.'),
  })
  .superRefine((data, ctx) => {
    if (data.rappel >= data.duree) {
      ctx.addIssue({
        code: 'custom',
        path: ['rappel'],
        message: 'Le rappel doit partir avant la fin de validité des liens.',
      });
    }
    if (data.portee === 'choix' && data.organismes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['organismes'], message: 'Cochez au moins un organisme.' });
    }
  })
  .transform((data) => ({ ...data, organismes: data.organismes.map(Number) }));
