import { z } from 'zod';
import { CONTACT_FIELDS, type ContactFieldSpecs } from '../fields/contact.js';

type FieldParsers = { [K in keyof ContactFieldSpecs]: ContactFieldSpecs[K]['form'] };
// The registry holds each field's parser (decision 070): the form adds only the version.
const fieldParsers = Object.fromEntries(
  Object.entries(CONTACT_FIELDS).map(([key, spec]) => [key, spec.form]),
) as FieldParsers;

export const contactForm = z.object({
  ...fieldParsers,
  version: z.coerce.number().int().min(0).optional(),
});
