import { z } from 'zod';
import { normaliseLineEndings } from '../lib/line-endings.js';

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

const REPEATED = 'Ce champ a été envoyé plusieurs fois\u00a0: une seule valeur est attendue.';
const NOT_TEXT = 'Valeur invalide\u00a0: du texte est attendu.';

const isText = (value: unknown) => typeof value === 'string';
const isFormValue = (value: unknown) => isText(value) || (Array.isArray(value) && value.every(isText));

/** Parses a submitted form with its zod schema; on failure returns French messages keyed by field. */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown): FormResult<T> {
  const submitted = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const parsed = schema.safeParse(submitted);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    const raw = issue.path.length === 1 && Object.hasOwn(submitted, key) ? submitted[key] : undefined;
    // A schema's own "enter a name" reads wrong when the name came twice or as something other than text.
    const shape = issue.code !== 'invalid_type' || raw === undefined ? null : Array.isArray(raw) ? REPEATED : NOT_TEXT;
    errors[key] ??= shape ?? issue.message;
  }
  // Only what a browser form can hold goes back to the page, so re-rendering never meets an object.
  const values = Object.fromEntries(Object.entries(submitted).filter(([, value]) => isFormValue(value)));
  return { ok: false, errors, values };
}

/** A text as stored: LF line endings (browsers send CRLF, imports bring LF), then trimmed. */
export const cleanText = (options?: Parameters<typeof z.string>[0]) =>
  z.string(options).overwrite(normaliseLineEndings).trim();

/** Form fields arrive as strings; an empty one means "no value". */
export const optionalText = (max: number, label = 'Ce champ') =>
  cleanText()
    .max(max, `${label} ne peut dépasser ${max} caractères.`)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional()
    .transform((value) => value ?? null);

export const requiredText = (max: number, message: string) =>
  cleanText({ error: message }).min(1, message).max(max, `Ce champ ne peut dépasser ${max} caractères.`);

/** A checkbox is present ("on") when checked and absent otherwise. */
export const checkbox = z
  .union([z.literal('on'), z.literal('1'), z.literal('true')])
  .optional()
  .transform((value) => value !== undefined);
