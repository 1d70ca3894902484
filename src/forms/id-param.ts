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

/**
 * The page of a list from its path segment (`/…/:page`, decision 108): none is page 1; « 2 », « 3 »… are pages;
 * « 1 » written out, « 02 » or anything else is no page at all (null: 404), so each page has one address.
 */
export function parsePageSegment(segment: string | null): number | null {
  if (segment === null) return 1;
  return /^[1-9]\d{0,5}$/.test(segment) && segment !== '1' ? Number(segment) : null;
}
