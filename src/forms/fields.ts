import { z } from 'zod';
import { AUDIENCES } from '../db/schema.js';
import { formatPhone, phoneDigits } from '../lib/phone.js';

/** Optional phone: any common typing ("(418) 555-0123", "418.555.0123") becomes "418 555-0123". */
export const phoneField = z
  .string()
  .trim()
  .max(30, 'Numéro trop long.')
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    if (!phoneDigits(value)) {
      ctx.addIssue({ code: 'custom', message: 'Numéro à 10 chiffres attendu, par exemple 418 555-0123.' });
      return z.NEVER;
    }
    return formatPhone(value);
  });

/** "poste 12", "p. 12" or "12" → "12". */
export const extensionField = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    const digits = (value ?? '').replace(/^(poste|p\.?|ext\.?|#)\s*/i, '');
    if (!digits) return null;
    if (!/^\d{1,6}$/.test(digits)) {
      ctx.addIssue({ code: 'custom', message: 'Le poste ne contient que des chiffres (6 au plus).' });
      return z.NEVER;
    }
    return digits;
  });

export const emailField = z
  .string()
  .trim()
  .max(254, 'Courriel trop long.')
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    if (!z.email().safeParse(value).success) {
      ctx.addIssue({ code: 'custom', message: 'Courriel invalide, par exemple nom@organisme.org.' });
      return z.NEVER;
    }
    return value.toLowerCase();
  });

/** Only http(s) addresses; "www.exemple.org" gets https:// added. */
export const urlField = z
  .string()
  .trim()
  .max(300, 'Adresse trop longue.')
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(value) ? value : `https://${value}`;
    try {
      const url = new URL(withScheme);
      // Keep what was typed (no added trailing slash): re-saving must not look like a change.
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.')) return withScheme;
    } catch {
      // fall through to the message
    }
    ctx.addIssue({
      code: 'custom',
      message: 'Adresse Web invalide\u00a0: elle doit commencer par http:// ou https://.',
    });
    return z.NEVER;
  });

/** Canadian postal code, normalised to "G5L 1A1". */
export const postalCodeField = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const compact = value.toUpperCase().replace(/\s+/g, '');
    if (!/^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\d[ABCEGHJ-NPRSTV-Z]\d$/.test(compact)) {
      ctx.addIssue({ code: 'custom', message: 'Code postal invalide, par exemple G5L 1A1.' });
      return z.NEVER;
    }
    return `${compact.slice(0, 3)} ${compact.slice(3)}`;
  });

export const ageField = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx) => {
    if (!value) return null;
    const age = Number(value);
    if (!/^\d{1,3}$/.test(value) || age > 120) {
      ctx.addIssue({ code: 'custom', message: 'Âge entre 0 et 120 attendu.' });
      return z.NEVER;
    }
    return age;
  });

const YES = new Set(['oui', 'o', 'on', '1', 'true', 'yes', 'vrai', 'x']);
const NO = new Set(['non', 'n', '0', 'false', 'no', 'faux', 'off']);

/** A yes/no field: a checked checkbox ("oui"), a CSV cell "oui"/"non"; empty or absent is no. */
export const flagField = z
  .union([z.string(), z.boolean()])
  .optional()
  .transform((value, ctx) => {
    if (typeof value === 'boolean') return value;
    const word = (value ?? '').trim().toLowerCase();
    if (word === '' || NO.has(word)) return false;
    if (YES.has(word)) return true;
    ctx.addIssue({ code: 'custom', message: 'Répondez «\u00a0oui\u00a0» ou «\u00a0non\u00a0».' });
    return z.NEVER;
  });

/** A form value that may arrive once (string) or several times (array). */
export const manyValues = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

/** The checked groups (jeunes, adultes…), each one of AUDIENCES. */
export const audiencesField = manyValues.pipe(z.array(z.enum(AUDIENCES, { error: 'Groupe inconnu.' })));
