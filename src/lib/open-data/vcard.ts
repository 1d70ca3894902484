import crypto from 'node:crypto';
import { phoneDigits } from '../phone.js';
import { slugify } from '../slug.js';

/** One personne-ressource as written to a vCard 4.0 (RFC 6350). */
export interface VCardPerson {
  name: string;
  /** Fonction. */
  role?: string | null;
  organisation: string;
  phone?: string | null;
  phoneExtension?: string | null;
  email?: string | null;
  /** The organisation's public page; omitted when the site has no public address. */
  url?: string | null;
  /** Thèmes this person is the reference for. */
  themes?: string[];
  /** A line appended to the note, e.g. that the person is fictional demo data. */
  notice?: string | null;
  /** When the data last changed (ISO 8601). */
  revision: string;
  /** A stable identifier, so saving the card again updates the contact instead of duplicating it. */
  uid?: string | null;
}

const CRLF = '\r\n';
/** RFC 6350 §3.2: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
export const MAX_LINE_OCTETS = 75;

/** Text value escaping (RFC 6350 §3.4): backslash, comma, semicolon and line breaks. */
export function escapeText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/,/g, '\\,')
      .replace(/;/g, '\\;')
      .replace(/\r\n|\r|\n/g, '\\n')
      // Other control characters are not allowed in a value at all (VALUE-CHAR excludes them).
      // eslint-disable-next-line no-control-regex -- matching control characters is the point
      .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '')
  );
}

/** Folds one content line into chunks of at most 75 octets, never splitting a UTF-8 character. */
export function foldLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_LINE_OCTETS) return line;
  const chunks: string[] = [];
  let current = '';
  let octets = 0;
  // Continuation lines start with a space, which counts towards their 75 octets.
  let limit = MAX_LINE_OCTETS;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > limit) {
      chunks.push(current);
      current = '';
      octets = 0;
      limit = MAX_LINE_OCTETS - 1;
    }
    current += char;
    octets += size;
  }
  chunks.push(current);
  return chunks.join(`${CRLF} `);
}

const PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', "d'", 'd’', 'van', 'von', 'di', 'da']);

/**
 * Family and given names from a full name stored as one field: the last word, with any lowercase
 * particles before it ("Jean de la Fontaine" → "de la Fontaine"), is the family name.
 */
export function splitName(fullName: string): { family: string; given: string } {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  if (words.length <= 1) return { family: words[0] ?? '', given: '' };
  let start = words.length - 1;
  while (start > 1 && PARTICLES.has(words[start - 1]!)) start--;
  return { family: words.slice(start).join(' '), given: words.slice(0, start).join(' ') };
}

/** `tel:` URI for a North American number (with `;ext=`), or null when the stored text is not one. */
export function telUri(phone: string, extension?: string | null): string | null {
  const digits = phoneDigits(phone);
  if (!digits) return null;
  const ext = extension?.replace(/\D/g, '');
  return ext ? `tel:+1${digits};ext=${ext}` : `tel:+1${digits}`;
}

/** "2026-11-22T15:30:00.123Z" → "20261122T153000Z" (RFC 6350 timestamp). */
export function vcardTimestamp(iso: string): string {
  const date = new Date(iso);
  const valid = Number.isNaN(date.getTime()) ? new Date(0) : date;
  return valid
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
}

/** A name-based UUID (SHA-1, RFC 9562 version 5 layout) for a stable vCard UID. */
export function stableUuid(key: string): string {
  const bytes = crypto.createHash('sha1').update(key, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The whole vCard, CRLF line endings, folded, ending with a line break. */
export function buildVCard(person: VCardPerson): string {
  const { family, given } = splitName(person.name);
  const lines = ['BEGIN:VCARD', 'VERSION:4.0', 'PRODID:-//COSMOSS//Repertoire des ressources//FR', 'KIND:individual'];
  if (person.uid) lines.push(`UID:${person.uid}`);
  lines.push(`FN:${escapeText(person.name.trim())}`);
  lines.push(`N:${escapeText(family)};${escapeText(given)};;;`);
  lines.push(`ORG:${escapeText(person.organisation)}`);
  if (person.role?.trim()) lines.push(`TITLE:${escapeText(person.role.trim())}`);
  if (person.phone?.trim()) {
    const uri = telUri(person.phone, person.phoneExtension);
    // A number that is not North American stays as typed, as text, rather than a wrong tel: URI.
    const extension = person.phoneExtension ? `, poste ${person.phoneExtension}` : '';
    lines.push(
      uri
        ? `TEL;VALUE=uri;TYPE=work,voice:${uri}`
        : `TEL;VALUE=text;TYPE=work,voice:${escapeText(person.phone.trim() + extension)}`,
    );
  }
  if (person.email?.trim()) lines.push(`EMAIL;TYPE=work:${escapeText(person.email.trim())}`);
  if (person.url) lines.push(`URL:${person.url}`);
  const note = [
    person.themes && person.themes.length > 0 ? `Personne-ressource — ${person.themes.join(', ')}` : null,
    person.notice?.trim() || null,
  ].filter((line): line is string => line !== null);
  if (note.length > 0) lines.push(`NOTE:${escapeText(note.join('\n'))}`);
  lines.push(`REV:${vcardTimestamp(person.revision)}`);
  lines.push('END:VCARD');
  return lines.map(foldLine).join(CRLF) + CRLF;
}

// RFC 5987 attr-char: everything else is percent-encoded, including ' ( ) * which encodeURIComponent keeps.
function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="marie-eve-cote.vcf"; filename*=UTF-8''marie-%C3%A8ve-c%C3%B4t%C3%A9.vcf` */
export function vcardContentDisposition(name: string): string {
  const ascii = slugify(name) || 'contact';
  const words = name
    .normalize('NFC')
    .toLocaleLowerCase('fr-CA')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  // Cut by code points, not UTF-16 units, so no surrogate pair is split.
  const unicode = Array.from(words).slice(0, 80).join('') || ascii;
  return `attachment; filename="${ascii}.vcf"; filename*=UTF-8''${encodeRfc5987(`${unicode}.vcf`)}`;
}
