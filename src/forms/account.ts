import { z } from 'zod';
import { ROLES } from '../db/schema.js';
import { PASSWORD_MAX_LENGTH, passwordProblem } from '../lib/passwords.js';

export const ACCOUNT_NAME_MAX = 120;
export const EMAIL_MAX = 254;

const name = z
  .string({ error: 'Entrez le nom de la personne.' })
  .trim()
  .min(1, 'Entrez le nom de la personne.')
  .max(ACCOUNT_NAME_MAX, `Le nom ne peut dépasser ${ACCOUNT_NAME_MAX} caractères.`);

const email = z
  .string({ error: 'Entrez un courriel.' })
  .trim()
  .min(1, 'Entrez un courriel.')
  .max(EMAIL_MAX, `Le courriel ne peut dépasser ${EMAIL_MAX} caractères.`)
  .pipe(z.email('Entrez un courriel valide, par exemple prenom.nom@example.org.'))
  .transform((value) => value.toLowerCase());

const role = z.enum(ROLES, { error: 'Choisissez un rôle\u00a0: administrateur ou éditeur.' });

// Checked as typed: trimming would silently change the password the person will type.
const password = z
  .string({ error: 'Entrez un mot de passe.' })
  .max(PASSWORD_MAX_LENGTH * 4, `Le mot de passe ne peut dépasser ${PASSWORD_MAX_LENGTH} caractères.`)
  .superRefine((value, context) => {
    const problem = value === '' ? 'Entrez un mot de passe.' : passwordProblem(value);
    if (problem) context.addIssue({ code: 'custom', message: problem });
  });

export const accountCreateForm = z.object({ name, email, role, password });
export type AccountCreateData = z.infer<typeof accountCreateForm>;

export const accountEditForm = z.object({ name, email, role, version: z.coerce.number().int().min(0).optional() });
export type AccountEditData = z.infer<typeof accountEditForm>;

export const passwordResetForm = z.object({ password });
