import { z } from 'zod';

export type FieldErrors = Record<string, string>;

export type FormResult<T> =
  | { ok: true; data: T }
  | { ok: false; errors: FieldErrors; values: Record<string, unknown> };

/** Parses a submitted form with its zod schema; on failure returns French messages keyed by field. */
export function parseForm<T>(schema: z.ZodType<T>, body: unknown): FormResult<T> {
  const values = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FieldErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.map(String).join('.') || '_form';
    errors[key] ??= issue.message;
  }
  return { ok: false, errors, values };
}

/** Form fields arrive as strings; an empty one means "no value". */
export const optionalText = (max: number, label = 'Ce champ') =>
  z
    .string()
    .trim()
    .max(max, `${label} ne peut dépasser ${max} caractères.`)
    .transform((value) => (value === '' ? null : value))
    .nullable()
    .optional()
    .transform((value) => value ?? null);

export const requiredText = (max: number, message: string) =>
  z
    .string({ error: message })
    .trim()
    .min(1, message)
    .max(max, `Ce champ ne peut dépasser ${max} caractères.`);

/** A checkbox is present ("on") when checked and absent otherwise. */
export const checkbox = z
  .union([z.literal('on'), z.literal('1'), z.literal('true')])
  .optional()
  .transform((value) => value !== undefined);
