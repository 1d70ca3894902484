import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { createRequire } from 'node:module';
import { guessableReason, type PasswordContext } from './password-guesses.js';

export type { PasswordContext } from './password-guesses.js';

const scrypt = promisify(crypto.scrypt) as (
  password: crypto.BinaryLike,
  salt: crypto.BinaryLike,
  keylen: number,
  options: crypto.ScryptOptions,
) => Promise<Buffer>;

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/**
 * One of OWASP's equivalent scrypt settings (Password Storage Cheat Sheet): the strength of
 * N = 2^17, r = 8, p = 1 in 32 MiB instead of 128 MiB per hash, so sign-ins cannot swell the
 * server's memory (decision 105).
 */
export const DEFAULT_SCRYPT: ScryptParams = { N: 2 ** 15, r: 8, p: 3 };
const KEY_LENGTH = 32;

/** Bytes scrypt holds while hashing: 128·N·r (the p lanes run one after another). */
export const scryptMemory = (params: ScryptParams) => 128 * params.N * params.r;

// Node's default cap is exactly 32 MiB; scrypt's lane buffers need a little more than 128·N·r.
const maxmem = (params: ScryptParams) => scryptMemory(params) + 1024 * 1024;

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  const salt = crypto.randomBytes(16);
  const key = await scrypt(password.normalize('NFC'), salt, KEY_LENGTH, { ...params, maxmem: maxmem(params) });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** A stored hash's parts, or null when it is not one of ours. */
function parseHash(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } | null {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return null;
  return {
    params: { N: Number(n), r: Number(r), p: Number(p) },
    salt: Buffer.from(salt, 'base64'),
    hash: Buffer.from(hash, 'base64'),
  };
}

/** Constant-time comparison; the parameters come from the stored hash, so old hashes keep working. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const actual = await scrypt(password.normalize('NFC'), parsed.salt, parsed.hash.length, {
    ...parsed.params,
    maxmem: maxmem(parsed.params),
  });
  return crypto.timingSafeEqual(actual, parsed.hash);
}

/**
 * True for a hash that needs more memory than today's setting (those made before decision 105): it is
 * made again at the next sign-in. Cheaper ones (tests only) are left.
 */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  return parsed !== null && scryptMemory(parsed.params) > scryptMemory(params);
}

/** A hash to check against when the account does not exist, so both answers take the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomBytes(16).toString('hex'));
  return decoy;
}

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 256;

// The 10,000 most common passwords of zxcvbn's list, plus French and local favourites. Loaded on the
// first password check: public pages never need the list (it costs ~6 MB).
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const { dictionary } = createRequire(import.meta.url)('@zxcvbn-ts/language-common') as {
      dictionary: Record<string, string[]>;
    };
    common = new Set(
      [
        ...(dictionary['passwords-common'] ?? []).slice(0, 10_000),
        'motdepasse',
        'motdepasse1',
        'motdepasse123',
        'bonjour',
        'bonjour1',
        'bonjour123',
        'soleil',
        'soleil123',
        'azerty',
        'azerty123',
        'azertyuiop',
        'jetaime',
        'doudou',
        'chocolat',
        'loulou',
        'nicolas',
        'quebec',
        'quebec123',
        'canadiens',
        'rimouski',
        'rimouski1',
        'rimouski123',
        'cosmoss',
        'cosmoss123',
        'repertoire',
      ].map((word) => String(word).toLowerCase()),
    );
  }
  return common;
}

/**
 * French message explaining why a new password is refused, or null when it is acceptable. `context`
 * (the site's name, the account's name and email) makes passwords built on them count as weak.
 */
export function passwordProblem(password: string, context: PasswordContext = {}): string | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `Le mot de passe doit compter au moins ${PASSWORD_MIN_LENGTH} caractères.`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `Le mot de passe ne peut dépasser ${PASSWORD_MAX_LENGTH} caractères.`;
  const common = commonPasswords();
  if (common.has(password.toLowerCase()))
    return 'Ce mot de passe est trop courant\u00a0: choisissez-en un autre, par exemple une courte phrase.';
  return guessableReason(password, context, (word) => common.has(word));
}
