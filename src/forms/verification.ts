import { z } from 'zod';
import { EDITABLE_FIELDS, type OrganisationFields } from '../fields/organisation.js';
import { contactForm } from './contact.js';
import { parseForm, type FieldErrors, type FormResult } from './form.js';
import { manyValues } from './fields.js';
import { organisationForm } from './organisation.js';

export interface PartnerProposal {
  /** Only the fields whose value differs from the entry. */
  changed: Partial<OrganisationFields>;
  /** Ids of personnes-ressources marked « a quitté l’organisme ». */
  leftContactIds: number[];
  newContact: z.output<typeof contactForm> | null;
  comment: string | null;
}

const extras = z.object({
  left: manyValues.pipe(z.array(z.string().regex(/^\d{1,9}$/, 'Personne inconnue.'))),
  comment: z
    .string()
    .max(2000, 'Le commentaire ne peut dépasser 2000 caractères.')
    .optional()
    .transform((value) => value?.trim() || null),
});

/**
 * « Proposer des changements »: the admin form's own validation on every field, plus people who left
 * and one new person (the `nouvelle_` fields, optional as a whole).
 */
export function parsePartnerProposal(
  body: unknown,
  current: OrganisationFields,
  contactIds: Set<number>,
): FormResult<PartnerProposal> {
  const submitted = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const fields = parseForm(organisationForm, submitted);
  const more = parseForm(extras, submitted);
  const newPerson = Object.fromEntries(
    Object.entries(submitted)
      .filter(([key]) => key.startsWith('nouvelle_'))
      .map(([key, value]) => [key.slice('nouvelle_'.length), value]),
  );
  const wantsNewPerson = Object.values(newPerson).some((value) => typeof value === 'string' && value.trim() !== '');
  const person = wantsNewPerson ? parseForm(contactForm, newPerson) : null;
  const errors: FieldErrors = {
    ...(fields.ok ? {} : fields.errors),
    ...(more.ok ? {} : more.errors),
    ...(person && !person.ok
      ? Object.fromEntries(Object.entries(person.errors).map(([k, v]) => [`nouvelle_${k}`, v]))
      : {}),
  };
  if (!fields.ok || !more.ok || (person && !person.ok)) {
    const values = fields.ok ? submitted : fields.values;
    return { ok: false, errors, values };
  }
  const changed = Object.fromEntries(
    EDITABLE_FIELDS.filter((field) => (fields.data[field] ?? null) !== (current[field] ?? null)).map((field) => [
      field,
      fields.data[field],
    ]),
  ) as Partial<OrganisationFields>;
  const leftContactIds = [...new Set(more.data.left.map(Number))].filter((id) => contactIds.has(id));
  return {
    ok: true,
    data: { changed, leftContactIds, newContact: person?.ok ? person.data : null, comment: more.data.comment },
  };
}
