import { z } from 'zod';
import {
  ORGANISATION_FIELDS,
  type OrganisationFieldSpecs,
  type OrganisationFields,
  type ThemeLinkInput,
} from '../fields/organisation.js';
import { normaliseLineEndings } from '../lib/line-endings.js';
import { manyValues } from './fields.js';

export type { ThemeLinkInput } from '../fields/organisation.js';

type FieldParsers = { [K in keyof OrganisationFieldSpecs]: OrganisationFieldSpecs[K]['form'] };
// The registry holds each field's parser: the form is the registry plus the version and the cross-field rules.
const fieldParsers = Object.fromEntries(
  Object.entries(ORGANISATION_FIELDS).map(([key, spec]) => [key, spec.form]),
) as FieldParsers;

/** The organisation form: every field of the entry, validated and normalised. Thèmes are parsed apart. */
export const organisationForm = z
  .object({
    ...fieldParsers,
    version: z.coerce.number().int().min(0).optional(),
  })
  .superRefine((data, ctx) => {
    if (data.ageMin !== null && data.ageMax !== null && data.ageMin > data.ageMax) {
      ctx.addIssue({
        code: 'custom',
        path: ['ageMax'],
        message: 'L’âge maximum doit être supérieur ou égal à l’âge minimum.',
      });
    }
  })
  .transform(({ audiences, summary, description, ...rest }) => ({
    ...rest,
    summary: summary ?? '',
    description: description ?? '',
    audiences: [...new Set(audiences)].join(','),
  }));

export type OrganisationFormData = z.output<typeof organisationForm>;

// Typecheck guarantee: what the form yields is exactly what the columns hold (a new column's type must match).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _formMatchesColumns: Same<Omit<OrganisationFormData, 'version'>, OrganisationFields> = true;

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
