/** « Ma sélection »: organisation ids in the visitor's own signed cookie, never on the server (decision 100). */

/** Enough for one person's referrals; past this the add is refused with a message. */
export const MAX_SELECTION = 12;
/** What the fiche de référence holds on one Letter page (decision 101). */
export const FICHE_PER_LETTER = 6;
/** Half-Letter (folded): half as many per sheet. */
export const FICHE_PER_HALF_LETTER = 3;

const ID = /^[1-9]\d{0,8}$/;
// Bounds the work on a hostile cookie or link before any parsing: 12 ids of 9 digits and separators fit.
const MAX_TEXT = 200;

/**
 * The ids of a cookie value (« 12-5-33 ») or, with ',', of a share link (« 12,5,33 »): digits only, in
 * order, no duplicates, at most MAX_SELECTION; anything else is dropped, never an error.
 */
export function parseSelection(text: unknown, separator: '-' | ',' = '-'): number[] {
  if (typeof text !== 'string' || text.length > MAX_TEXT) return [];
  const ids: number[] = [];
  for (const raw of text.split(separator)) {
    const part = raw.trim();
    if (!ID.test(part)) continue;
    const id = Number(part);
    if (!ids.includes(id)) ids.push(id);
    if (ids.length === MAX_SELECTION) break;
  }
  return ids;
}

/** The cookie's value: dash-separated, so it needs no percent-encoding (site.js reads it as is). */
export const serializeSelection = (ids: readonly number[]) => ids.join('-');

/** The share link's query value: commas read naturally in a URL. */
export const shareParameter = (ids: readonly number[]) => ids.join(',');

export type AddOutcome = { ok: true; ids: number[]; added: boolean } | { ok: false; ids: number[] };

/** Adds at the end; already there is fine (a double click, two tabs); full is refused. */
export function addToSelection(ids: readonly number[], id: number): AddOutcome {
  if (ids.includes(id)) return { ok: true, ids: [...ids], added: false };
  if (ids.length >= MAX_SELECTION) return { ok: false, ids: [...ids] };
  return { ok: true, ids: [...ids, id], added: true };
}

export const removeFromSelection = (ids: readonly number[], id: number) => ids.filter((other) => other !== id);

/** Moves one id one place up or down; at an end, or absent, nothing changes. */
export function moveInSelection(ids: readonly number[], id: number, direction: 'up' | 'down'): number[] {
  const result = [...ids];
  const at = result.indexOf(id);
  const to = direction === 'up' ? at - 1 : at + 1;
  if (at < 0 || to < 0 || to >= result.length) return result;
  [result[at], result[to]] = [result[to]!, result[at]!];
  return result;
}

/** Groups for printing: one sheet per `perSheet` organisations. */
export function sheetsOf<T>(items: readonly T[], perSheet: number): T[][] {
  const sheets: T[][] = [];
  for (let i = 0; i < items.length; i += perSheet) sheets.push(items.slice(i, i + perSheet));
  return sheets;
}

/**
 * Where to go back after a form without JavaScript: only a path of this site (« /themes/x »,
 * « /recherche?q=y »), never another host (« //evil », « /\evil », « https:… ») nor control characters.
 */
export function safeReturnPath(value: unknown, fallback = '/ma-selection'): string {
  if (typeof value !== 'string' || value.length > 500) return fallback;
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return fallback;
  return value.split('#')[0]!;
}

export interface OriginHeaders {
  secFetchSite?: string | string[];
  origin?: string | string[];
  referer?: string | string[];
}

const originOf = (url: string) => {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
};

/**
 * True when a browser says the POST comes from one of this site's own pages (`ownOrigins`: the request's
 * own origin, and PUBLIC_URL's): Sec-Fetch-Site first (all current browsers), else Origin, else Referer.
 * No evidence at all is refused (decision 100).
 */
export function isSameOriginPost(headers: OriginHeaders, ownOrigins: readonly string[]): boolean {
  const one = (value: string | string[] | undefined) => (Array.isArray(value) ? undefined : value);
  const site = one(headers.secFetchSite);
  if (site !== undefined) return site === 'same-origin';
  const claimed = one(headers.origin) ?? one(headers.referer);
  const origin = claimed ? originOf(claimed) : null;
  if (origin === null) return false;
  return ownOrigins.some((own) => originOf(own) === origin);
}
