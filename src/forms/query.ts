import { z } from 'zod';

export type QueryResult<T> = { ok: true; data: T } | { ok: false; message: string };

/**
 * Parses a query string (already split by Fastify: a string per key, an array when a key repeats)
 * with its zod schema; unknown keys are ignored, the first problem is returned as a French sentence.
 */
export function parseQuery<T>(schema: z.ZodType<T>, query: unknown): QueryResult<T> {
  const parsed = schema.safeParse(query && typeof query === 'object' ? query : {});
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, message: parsed.error.issues[0]?.message ?? 'Paramètre d’adresse invalide.' };
}

const quoted = (name: string) => `«\u00a0${name}\u00a0»`;

// A repeated key arrives as an array: refused rather than guessing which value was meant.
const once = (name: string) => z.string({ error: `Le paramètre ${quoted(name)} doit être donné une seule fois.` });

/** Free text; empty means absent. */
export const queryText = (name: string, max: number) =>
  once(name)
    .max(max, `Le paramètre ${quoted(name)} ne peut dépasser ${max} caractères.`)
    .optional()
    .transform((value) => value?.trim() || undefined);

/** A whole number from 1 to max (page numbers, ids); empty means absent. */
export const queryInteger = (name: string, max: number) => {
  const message = `Le paramètre ${quoted(name)} doit être un nombre entier de 1 à ${max.toLocaleString('fr-CA')}.`;
  return once(name)
    .optional()
    .refine((value) => !value || (/^\d{1,9}$/.test(value) && Number(value) >= 1 && Number(value) <= max), message)
    .transform((value) => (value ? Number(value) : undefined));
};

/** One of a fixed list of words (never used to index an object as is); empty means absent. */
export const queryChoice = <const T extends readonly [string, ...string[]]>(name: string, choices: T) =>
  once(name)
    .optional()
    .refine(
      (value) => !value || (choices as readonly string[]).includes(value),
      `Le paramètre ${quoted(name)} accepte seulement\u00a0: ${choices.join(', ')}.`,
    )
    .transform((value) => (value ? (value as T[number]) : undefined));
