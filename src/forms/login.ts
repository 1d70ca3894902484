import { z } from 'zod';

export const loginForm = z.object({
  email: z
    .string({ error: 'Entrez votre courriel.' })
    .trim()
    .min(1, 'Entrez votre courriel.')
    .max(254, 'Ce courriel est trop long.'),
  password: z
    .string({ error: 'Entrez votre mot de passe.' })
    .min(1, 'Entrez votre mot de passe.')
    .max(1024, 'Ce mot de passe est trop long.'),
  retour: z.string().optional(),
});
