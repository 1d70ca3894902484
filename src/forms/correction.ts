import { z } from 'zod';
import { CORRECTION_PROBLEMS, type CorrectionProblem } from '../db/schema.js';
import { emailField, manyValues, phoneField } from './fields.js';
import { optionalText, requiredText } from './form.js';

/** The checkboxes of « Qu’est-ce qui est inexact ? », in the order shown. */
export const PROBLEM_LABELS: Record<CorrectionProblem, string> = {
  telephone: 'Le numéro de téléphone',
  personne: 'Une personne-ressource est partie',
  adresse: 'L’adresse',
  heures: 'Les heures d’ouverture',
  services: 'Les services offerts',
  ferme: 'L’organisme a fermé',
  autre: 'Autre chose',
};

export const DETAILS_MAX = 2000;

/** The public « Signaler une correction » form; `site` is a honeypot that people never see. */
export const correctionForm = z
  .object({
    problems: manyValues.pipe(
      z
        .array(z.enum(CORRECTION_PROBLEMS, { error: 'Choix inconnu.' }))
        .min(1, 'Cochez au moins une chose à corriger.')
        .max(CORRECTION_PROBLEMS.length, 'Choix répété.'),
    ),
    details: requiredText(
      DETAILS_MAX,
      'Indiquez l’information exacte (ou ce qui a changé), pour que la coordination puisse corriger la fiche.',
    ),
    phone: phoneField,
    email: emailField,
    reporterName: optionalText(120, 'Votre nom'),
    reporterEmail: emailField,
    site: z.string().optional(),
  })
  .transform(({ site: _site, problems, ...rest }) => ({ ...rest, problems: [...new Set(problems)] }));

export type CorrectionInput = z.infer<typeof correctionForm>;

/** « Rejeter » needs a reason the coordination can read back later. */
export const rejectForm = z.object({
  reason: requiredText(500, 'Indiquez pourquoi ce signalement est rejeté.'),
});
