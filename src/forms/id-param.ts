import { z } from 'zod';

/** A route's numeric :id: digits only, so « 0x1 », « 1e3 » or « 7 » with a space are no id at all (404). */
export const idParam = z
  .string()
  .regex(/^\d{1,9}$/)
  .transform(Number);

/** The id of `/…/:id`, or null when the text is not one. */
export function parseIdParam(raw: unknown): number | null {
  const parsed = idParam.safeParse(raw);
  return parsed.success ? parsed.data : null;
}
