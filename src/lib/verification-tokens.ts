import crypto from 'node:crypto';

/**
 * Verification links (decision 093): the token is an HMAC of a random salt under a key derived from
 * the site secret. The database keeps the salt and the token's SHA-256 only, so a copy of it yields
 * no working link, yet the server can rebuild a link for a reminder or the mail-merge CSV.
 */
export function newSalt(): string {
  return crypto.randomBytes(18).toString('base64url');
}

export function linkKey(siteSecret: string): Buffer {
  return crypto.createHmac('sha256', siteSecret).update('verification links').digest();
}

export function tokenFor(key: Buffer, salt: string): string {
  return crypto.createHmac('sha256', key).update(`verification-link:${salt}`).digest('base64url');
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

/** A token as the app makes them: 43 base64url characters; anything else is refused before a lookup. */
export const isTokenShaped = (value: string) => /^[A-Za-z0-9_-]{43}$/.test(value);
