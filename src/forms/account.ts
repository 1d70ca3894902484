import { z } from 'zod';
import { ROLES } from '../db/schema.js';
import { PASSWORD_MAX_LENGTH, passwordProblem, type PasswordContext } from '../lib/auth/passwords.js';

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
  .max(PASSWORD_MAX_LENGTH * 4, `Le mot de passe ne peut dépasser ${PASSWORD_MAX_LENGTH} caractères.`);

/** Checks a new password against the rules and this site's and account's words (decision 058). */
const checkNewPassword =
  <T extends Record<string, unknown>>(field: keyof T & string, contextOf: (data: T) => PasswordContext) =>
  (data: T, context: z.RefinementCtx) => {
    const value = data[field];
    if (typeof value !== 'string') return;
    const problem = value === '' ? 'Entrez un mot de passe.' : passwordProblem(value, contextOf(data));
    if (problem) context.addIssue({ code: 'custom', path: [field], message: problem });
  };

export const accountCreateForm = (siteName: string) =>
  z
    .object({ name, email, role, password })
    .superRefine(checkNewPassword('password', (data) => ({ siteName, personal: [data.name, data.email] })));
export type AccountCreateData = z.infer<ReturnType<typeof accountCreateForm>>;

export const accountEditForm = z.object({ name, email, role, version: z.coerce.number().int().min(0).optional() });
export type AccountEditData = z.infer<typeof accountEditForm>;

/** An administrator setting someone else's password; `context` names the site and that account. */
export const passwordResetForm = (context: PasswordContext) =>
  z.object({ password }).superRefine(checkNewPassword('password', () => context));

/** Anyone changing their own password: the current one first. */
export const ownPasswordForm = (context: PasswordContext) =>
  z
    .object({
      currentPassword: z
        .string({ error: 'Entrez votre mot de passe actuel.' })
        .min(1, 'Entrez votre mot de passe actuel.')
        .max(1024, 'Ce mot de passe est trop long.'),
      newPassword: password,
    })
    .superRefine(checkNewPassword('newPassword', () => context));
