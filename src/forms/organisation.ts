import { z } from 'zod';
import { AUDIENCES } from '../db/schema.js';
import { normaliseLineEndings } from '../lib/line-endings.js';
import { ageField, emailField, extensionField, manyValues, phoneField, postalCodeField, urlField } from './fields.js';
import { optionalText, requiredText } from './form.js';

/** The organisation form: every field of the entry, validated and normalised. Thèmes are parsed apart. */
export const organisationForm = z
  .object({
    name: requiredText(160, 'Le nom de l’organisme est obligatoire.'),
    acronym: optionalText(20, 'Le sigle'),
    summary: optionalText(160, 'Le résumé'),
    description: optionalText(4000, 'La description'),
    clientele: optionalText(300, 'La clientèle'),
    audiences: manyValues.pipe(z.array(z.enum(AUDIENCES, { error: 'Groupe inconnu.' }))),
    ageMin: ageField,
    ageMax: ageField,
    territory: optionalText(120, 'Le territoire'),
    address: optionalText(160, 'L’adresse'),
    city: optionalText(80, 'La ville'),
    postalCode: postalCodeField,
    phone: phoneField,
    phoneExtension: extensionField,
    tollFreePhone: phoneField,
    email: emailField,
    website: urlField,
    hours: optionalText(300, 'Les heures'),
    referral: optionalText(1000, 'Ce champ'),
    cost: optionalText(200, 'Le coût'),
    languages: optionalText(200, 'Les langues'),
    accessibility: optionalText(300, 'L’accessibilité'),
    version: z.coerce.number().int().min(0).optional(),
  })
  .superRefine((data, ctx) => {
    if (data.ageMin !== null && data.ageMax !== null && data.ageMin > data.ageMax) {
      ctx.addIssue({ code: 'custom', path: ['ageMax'], message: 'L’âge maximum doit être supérieur ou égal à l’âge minimum.' });
    }
  })
  .transform(({ audiences, summary, description, ...rest }) => ({
    ...rest,
    summary: summary ?? '',
    description: description ?? '',
    audiences: [...new Set(audiences)].join(','),
  }));

export type OrganisationFormData = z.output<typeof organisationForm>;

export interface ThemeLinkInput {
  themeId: number;
  note: string | null;
  contactId: number | null;
}

const UNKNOWN_THEME = 'Thème inconnu\u00a0: rechargez la page.';

/**
 * Thème links come as `theme` (the checked ids), `note_<id>` and `contact_<id>`.
 * Returns the links and French errors keyed `note_<id>` / `contact_<id>`.
 */
export function parseThemeLinks(
  body: Record<string, unknown>,
  known: { themeIds: Set<number>; contactIds: Set<number> },
): { links: ThemeLinkInput[]; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const links: ThemeLinkInput[] = [];
  // safeParse: a value no checkbox can send (a number, an object) is an unknown thème, not an exception.
  const checked = manyValues.safeParse(body.theme);
  if (!checked.success) errors.theme = UNKNOWN_THEME;
  for (const raw of new Set(checked.data ?? [])) {
    const themeId = Number(raw);
    if (!known.themeIds.has(themeId)) {
      errors.theme = UNKNOWN_THEME;
      continue;
    }
    const note = normaliseLineEndings(String(body[`note_${themeId}`] ?? '')).trim();
    if (note.length > 80) errors[`note_${themeId}`] = 'La note ne peut dépasser 80 caractères.';
    const contactRaw = String(body[`contact_${themeId}`] ?? '');
    const contactId = contactRaw === '' ? null : Number(contactRaw);
    if (contactId !== null && !known.contactIds.has(contactId)) {
      errors[`contact_${themeId}`] = 'Cette personne ne fait pas partie de l’organisme.';
    }
    links.push({ themeId, note: note || null, contactId });
  }
  return { links, errors };
}
